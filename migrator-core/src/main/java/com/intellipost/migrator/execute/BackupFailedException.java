package com.intellipost.migrator.execute;

import com.intellipost.migrator.MigratorException;

/** The backup a run takes first could not be taken; the run was refused before it changed anything. */
public class BackupFailedException extends MigratorException {
    public BackupFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
