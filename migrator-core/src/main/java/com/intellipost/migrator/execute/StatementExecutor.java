package com.intellipost.migrator.execute;

import com.intellipost.migrator.script.SqlSplitter;
import com.intellipost.migrator.script.SqlStatement;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Streams statements from a splitter to the server, one round trip each; {@code COPY ... FROM STDIN} data goes
 * through pgjdbc's CopyManager straight from the script.
 */
final class StatementExecutor {

    private StatementExecutor() {
    }

    /** Executes every statement; returns how many ran. */
    static int executeAll(Connection connection, SqlSplitter splitter) throws StatementFailureException, IOException {
        int count = 0;
        CopyManager copy = null;
        try (Statement statement = connection.createStatement()) {
            statement.setEscapeProcessing(false);
            for (SqlStatement s = splitter.next(); s != null; s = splitter.next()) {
                try {
                    if (s.copyFromStdin()) {
                        if (copy == null) {
                            copy = connection.unwrap(PGConnection.class).getCopyAPI();
                        }
                        copy.copyIn(s.sql(), splitter.copyData());
                    } else {
                        statement.execute(s.sql());
                    }
                } catch (SQLException e) {
                    throw new StatementFailureException(s.line(), e);
                }
                count++;
            }
        } catch (SQLException e) {
            throw new StatementFailureException(0, e);
        }
        return count;
    }
}
