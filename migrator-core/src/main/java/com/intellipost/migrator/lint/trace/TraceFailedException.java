package com.intellipost.migrator.lint.trace;

import com.intellipost.migrator.MigratorException;

/**
 * A revision failed on the scratch database while {@code lint --trace} ran it: the message names file and line and
 * PostgreSQL's error. The scratch database has been dropped; the configured database was never written.
 */
public class TraceFailedException extends MigratorException {

    private final String revision;
    private final String file;
    private final int line;

    public TraceFailedException(String message, String revision, String file, int line, Throwable cause) {
        super(message, cause);
        this.revision = revision;
        this.file = file;
        this.line = line;
    }

    public String revision() {
        return revision;
    }

    public String file() {
        return file;
    }

    /** The failing statement's line, 0 when the failure was not in a statement. */
    public int line() {
        return line;
    }
}
