package com.intellipost.migrator.execute;

/** Which section of a script runs. */
public enum Direction {
    UP, DOWN;

    /** The audit table's {@code action} for running this section. */
    public String auditAction() {
        return this == UP ? "upgrade" : "downgrade";
    }
}
