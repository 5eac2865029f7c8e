package com.intellipost.migrator.execute;

import com.intellipost.migrator.MigratorException;
import java.util.Optional;

/**
 * The connection to the database (the work connection, or the one holding the migration lock) was lost during a
 * run. Not a script error: the message says what of the revision that was running stayed applied, and to run the
 * command again.
 */
public class ConnectionLostException extends MigratorException {

    private final Optional<String> revision;
    private final boolean lockConnection;

    public ConnectionLostException(String message, String revision, boolean lockConnection, Throwable cause) {
        super(message, cause);
        this.revision = Optional.ofNullable(revision);
        this.lockConnection = lockConnection;
    }

    /** The revision that was running when the connection went, if one was. */
    public Optional<String> revision() {
        return revision;
    }

    /** Whether it was the connection holding the migration lock (the lock went with it). */
    public boolean lockConnection() {
        return lockConnection;
    }
}
