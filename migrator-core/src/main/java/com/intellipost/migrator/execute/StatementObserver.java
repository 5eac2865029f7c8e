package com.intellipost.migrator.execute;

import com.intellipost.migrator.script.SqlStatement;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Looks at the session between the statements of a transactional revision, inside its transaction (lint's trace
 * reads the backend's locks and counters there). A revision run with an observer runs one statement per round trip;
 * the observer's {@link #query()} rides along in that round trip.
 */
public interface StatementObserver {

    /** In the revision's transaction, before its first statement (again before a retry of the whole revision). */
    void beforeStatements(Connection connection) throws SQLException;

    /**
     * A query sent right after each statement, in the same round trip (after a {@code COPY ... FROM STDIN}, in one of
     * its own); null for none.
     */
    String query();

    /**
     * Right after {@code statement} ran, in the same transaction, with the rows of {@link #query()} (null when there
     * is none). A failure here fails the revision at the statement's line.
     */
    void afterStatement(Connection connection, SqlStatement statement, ResultSet rows) throws SQLException;
}
