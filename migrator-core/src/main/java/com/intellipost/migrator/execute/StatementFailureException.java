package com.intellipost.migrator.execute;

import java.sql.SQLException;

/** A statement failed at a known line (0 when not in a statement); the runner turns it into the user's error. */
public final class StatementFailureException extends Exception {

    private final int line;
    private final SQLException sqlException;

    StatementFailureException(int line, SQLException cause) {
        super(cause.getMessage(), cause, false, false);
        this.line = line;
        this.sqlException = cause;
    }

    public int line() {
        return line;
    }

    public SQLException sqlException() {
        return sqlException;
    }

    public String sqlState() {
        return sqlException.getSQLState();
    }
}
