package com.intellipost.migrator.cli;

import com.intellipost.migrator.MigratorException;

/**
 * The words typed do not form a command line this program reads (exit code 2): an option without {@code =}, a
 * surplus argument, an unknown command. Nothing was read from the configuration or the database. The message never
 * repeats a value that was typed, for it may be a password.
 */
public class UsageException extends MigratorException {
    public UsageException(String message) {
        super(message);
    }
}
