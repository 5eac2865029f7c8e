package com.intellipost.migrator.scratch;

/**
 * A command working on a scratch database ({@code lint --trace}, {@code test-rollback}, {@code drift}) lost its
 * connection there: it was interrupted (Ctrl-C or a signal, whose exit hook dropped the database under it), or the
 * session ended (an administrator terminated it, the server restarted, the network broke). Unlike a lost connection
 * during {@code migrate}, nothing of the configured database was written: the message says so, and whether the
 * scratch database is dropped.
 */
public class ScratchConnectionLostException extends ScratchDatabaseException {

    private final boolean interrupted;
    private final boolean dropped;

    ScratchConnectionLostException(String message, boolean interrupted, boolean dropped, Throwable cause) {
        super(message, cause);
        this.interrupted = interrupted;
        this.dropped = dropped;
    }

    /** Whether the JVM was exiting (Ctrl-C, SIGTERM): its exit hook dropped the scratch database under the run. */
    public boolean interrupted() {
        return interrupted;
    }

    /** Whether the scratch database is gone from the server. */
    public boolean dropped() {
        return dropped;
    }
}
