package com.intellipost.migrator.scratch;

import com.intellipost.migrator.MigratorException;

/** A scratch database could not be created, filled or dropped; the message says which privilege or setting helps. */
public class ScratchDatabaseException extends MigratorException {
    public ScratchDatabaseException(String message) {
        super(message);
    }

    public ScratchDatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
