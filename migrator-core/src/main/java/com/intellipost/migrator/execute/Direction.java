package com.intellipost.migrator.execute;

/** Which section of a script runs. */
public enum Direction {
    UP, DOWN
}
