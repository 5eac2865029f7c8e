package com.intellipost.migrator.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.Migrator;
import com.intellipost.migrator.config.Configuration;
import com.intellipost.migrator.testing.PostgresExtension;
import com.intellipost.migrator.testing.TestDatabase;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Hardening (issue 16, item 9): closing a {@link LockedSession} releases the migration lock even when closing its
 * work connection throws. The lock and work connections are real sessions on the real server; only the work
 * connection's {@code close()} is made to fail (as a pool's may), without ending its session, so the lock's release
 * can only come from the lock connection.
 */
@ExtendWith(PostgresExtension.class)
class LockedSessionTest {

    private static final String ADVISORY_LOCKS = "SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted"
            + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())";

    @Test
    void theLockIsReleasedWhenClosingTheWorkConnectionThrows(TestDatabase db) throws Exception {
        CloseFailingDataSource lending = new CloseFailingDataSource(db, 2); // open: the lock's first, then the work's
        Configuration configuration = Migrator.configure().isolated().schema("locked_session")
                .set("connectTimeout", "5s").load().configuration();
        CommandContext context = new CommandContext(configuration, getClass().getClassLoader(), lending.proxy());
        try {
            LockedSession session = LockedSession.open(context);
            assertEquals(2, lending.opened.size(), "a lock connection and a work connection");
            assertEquals(1L, db.count(ADVISORY_LOCKS), "the migration lock is held");

            session.close(); // must not throw: the failure is logged

            assertEquals(1, lending.failedCloses, "closing the work connection was tried, and threw");
            Connection work = lending.opened.get(1);
            assertFalse(work.isClosed(), "the work session is still open: its end cannot have released the lock");
            assertTrue(lending.opened.get(0).isClosed(), "the lock connection is closed");
            assertEquals(0L, db.count(ADVISORY_LOCKS), "the migration lock is released");
        } finally {
            for (Connection c : lending.opened) {
                c.close();
            }
        }
    }

    /**
     * Lends real connections to {@code db}; {@code close()} of the {@code failing}th one (from 1) throws an
     * {@link SQLException} and leaves the connection open.
     */
    private static final class CloseFailingDataSource {
        private final PGSimpleDataSource real = new PGSimpleDataSource();
        private final int failing;
        /** The real connections, in the order they were lent. */
        final List<Connection> opened = new ArrayList<>();
        int failedCloses;

        CloseFailingDataSource(TestDatabase db, int failing) {
            real.setURL(db.jdbcUrl());
            real.setUser(db.user());
            if (db.password() != null) {
                real.setPassword(db.password());
            }
            this.failing = failing;
        }

        DataSource proxy() {
            return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                    (proxy, method, args) -> {
                        Object result = invoke(real, method, args);
                        if (method.getName().equals("getConnection")) {
                            Connection c = (Connection) result;
                            opened.add(c);
                            return wrap(c, opened.size() == failing);
                        }
                        return result;
                    });
        }

        private Connection wrap(Connection c, boolean failOnClose) {
            return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                    (proxy, method, args) -> {
                        if (failOnClose && method.getName().equals("close")) {
                            failedCloses++;
                            throw new SQLException("close failed (injected by the test)");
                        }
                        return invoke(c, method, args);
                    });
        }

        private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
