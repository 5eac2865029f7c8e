package com.intellipost.migrator.execute;

import java.sql.SQLException;

/** A statement failed at a known line (0 when not in a statement); the runner turns it into the user's error. */
public class StatementFailureException extends Exception {

    private final int line;
    private final int lastLine;
    private final SQLException sqlException;

    StatementFailureException(int line, SQLException cause) {
        this(line, line, cause);
    }

    /** A failure somewhere in a batch of statements on lines {@code line} to {@code lastLine}. */
    StatementFailureException(int line, int lastLine, SQLException cause) {
        super(cause.getMessage(), cause, false, false);
        this.line = line;
        this.lastLine = lastLine;
        this.sqlException = cause;
    }

    /** The failing statement's line, or the first line of the batch it failed in. */
    public int line() {
        return line;
    }

    /** Whether the failing statement is known only to be in a batch (lines {@link #line()} to its last line). */
    public boolean inBatch() {
        return lastLine != line;
    }

    /** Where it failed, for messages: {@code 12} or {@code 12-40}. */
    public String lines() {
        return inBatch() ? line + "-" + lastLine : String.valueOf(line);
    }

    public SQLException sqlException() {
        return sqlException;
    }

    public String sqlState() {
        return sqlException.getSQLState();
    }
}
