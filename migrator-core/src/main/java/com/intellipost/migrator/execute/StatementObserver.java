package com.intellipost.migrator.execute;

import com.intellipost.migrator.script.SqlStatement;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Looks at the session between the statements of a transactional revision, inside its transaction (lint's trace
 * reads the backend's locks and counters there). A revision run with an observer runs one statement per round trip.
 */
public interface StatementObserver {

    /** In the revision's transaction, before its first statement (again before a retry of the whole revision). */
    void beforeStatements(Connection connection) throws SQLException;

    /** Right after {@code statement} ran, in the same transaction. A failure here fails the revision at its line. */
    void afterStatement(Connection connection, SqlStatement statement) throws SQLException;
}
