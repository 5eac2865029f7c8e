package com.intellipost.migrator;

/**
 * Root of every failure the migrator reports. The message is written for the user: it names the file, revision or
 * setting involved and says what to do. It never contains a password.
 */
public class MigratorException extends RuntimeException {
    public MigratorException(String message) {
        super(message);
    }

    public MigratorException(String message, Throwable cause) {
        super(message, cause);
    }
}
