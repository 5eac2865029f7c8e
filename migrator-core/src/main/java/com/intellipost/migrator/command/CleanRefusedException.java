package com.intellipost.migrator.command;

import com.intellipost.migrator.MigratorException;

/** {@code clean} was refused (production, {@code cleanEnabled} not set, or it would reach outside its schema). */
public class CleanRefusedException extends MigratorException {
    public CleanRefusedException(String message) {
        super(message);
    }
}
