package com.intellipost.migrator.execute;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Set;

/**
 * Tells a lost connection from a statement PostgreSQL refused: SQLSTATE class 08 (connection exception: pgjdbc
 * reports an I/O error as 08006, a closed connection as 08003), the server's 57P01 (terminated by an administrator,
 * {@code pg_terminate_backend}), 57P02 (crash of another backend), 57P03 (cannot connect now, a server shutting
 * down or restarting) and 57P05 (idle_session_timeout), or a driver exception caused by an {@link IOException}.
 * None of these says anything about the script: run it again.
 */
public final class ConnectionLoss {

    private static final Set<String> SERVER_ENDED_SESSION = Set.of("57P01", "57P02", "57P03", "57P05");

    private ConnectionLoss() {
    }

    /** Whether {@code e}, or an exception chained to it, reports a connection that is gone. */
    public static boolean is(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
            if (t instanceof SQLException sql && lostState(sql.getSQLState())) {
                return true;
            }
        }
        SQLException next = e.getNextException();
        return next != null && next != e && is(next);
    }

    private static boolean lostState(String state) {
        return state != null && (state.startsWith("08") || SERVER_ENDED_SESSION.contains(state));
    }
}
