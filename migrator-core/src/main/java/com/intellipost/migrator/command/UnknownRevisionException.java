package com.intellipost.migrator.command;

import com.intellipost.migrator.MigratorException;

/** A target names a revision that no script declares, or that cannot be a target for this command. */
public class UnknownRevisionException extends MigratorException {
    public UnknownRevisionException(String message) {
        super(message);
    }
}
