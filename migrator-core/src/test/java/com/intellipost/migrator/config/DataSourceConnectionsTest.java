package com.intellipost.migrator.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.Migrator;
import com.intellipost.migrator.command.CheckCommand;
import com.intellipost.migrator.command.InfoResult;
import com.intellipost.migrator.command.MigrateResult;
import com.intellipost.migrator.command.RevisionState;
import com.intellipost.migrator.lint.LintResult;
import com.intellipost.migrator.testing.PostgresExtension;
import com.intellipost.migrator.testing.Revisions;
import com.intellipost.migrator.testing.TestDatabase;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * {@code Migrator.configure().dataSource(...)}: the connections an embedding application lends (a Spring Boot
 * application's pool), against the real server. The lock is held on one connection while the work runs on
 * another; pooled connections go back with the session settings they came with and no advisory lock; a URL wins
 * over the DataSource; the DataSource's failures are waited for and reported like a URL's.
 */
@ExtendWith(PostgresExtension.class)
class DataSourceConnectionsTest {

    /** Records, from inside the migration, how many other sessions of this database hold an advisory lock. */
    private static final String RECORD_LOCK_HOLDERS = "INSERT INTO ds_seen SELECT count(*) FROM pg_locks"
            + " WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid()"
            + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database());";

    private static PGSimpleDataSource dataSource(TestDatabase db) {
        return dataSource(db.jdbcUrl(), db);
    }

    private static PGSimpleDataSource dataSource(String jdbcUrl, TestDatabase db) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(jdbcUrl);
        ds.setUser(db.user());
        if (db.password() != null) {
            ds.setPassword(db.password());
        }
        return ds;
    }

    private static Migrator.Builder migrator(DataSource ds, Path dir, String schema) {
        return Migrator.configure().isolated().dataSource(ds).locations("filesystem:" + dir).schema(schema)
                .set("connectTimeout", "5s");
    }

    @Test
    void everyCommandWorksThroughADataSourceWithTheLockOnAConnectionOfItsOwn(TestDatabase db, @TempDir Path dir)
            throws Exception {
        db.execute("CREATE TABLE ds_seen (other_lock_holders bigint)");
        Revisions r = new Revisions(dir);
        r.write("1.sql", "ds1", null, "CREATE TABLE ds_item (id int PRIMARY KEY, name text);\n" + RECORD_LOCK_HOLDERS,
                "DROP TABLE ds_item;");
        r.write("2.sql", "ds2", "ds1", "CREATE INDEX CONCURRENTLY ds_item_name ON ds_item (name);",
                "DROP INDEX CONCURRENTLY ds_item_name;");
        PGSimpleDataSource ds = dataSource(db);

        InfoResult before = migrator(ds, dir, "ds").load().info();
        assertEquals(2, before.pending().size(), "nothing applied yet, read through the DataSource");

        MigrateResult result = migrator(ds, dir, "ds").load().migrate();

        assertEquals(List.of("ds1", "ds2"), result.applied().stream().map(a -> a.revision()).toList());
        assertEquals(1L, ((Number) db.queryValue("SELECT other_lock_holders FROM ds_seen")).longValue(),
                "while the revision ran, another session (the lock's) held the advisory lock");
        assertEquals(1L, db.count("SELECT 1 FROM pg_indexes WHERE indexname = 'ds_item_name'"),
                "the CONCURRENTLY revision ran in autocommit on the lent connection");
        assertEquals(db.user(), db.queryValue("SELECT applied_by FROM ds.intellipost_schema_history"
                + " WHERE revision = 'ds1'"), "applied as the DataSource's user");

        InfoResult after = migrator(ds, dir, "ds").load().validate();
        assertTrue(after.revisions().stream().allMatch(i -> i.state() == RevisionState.APPLIED), after::toString);
        CheckCommand.CheckResult check = migrator(ds, dir, "ds").load().check();
        assertTrue(check.database().isPresent(), "check validates the DataSource's database");
        LintResult lint = migrator(ds, dir, "ds").load().lint();
        assertEquals(List.of(), lint.revisions(), "lint's scope leaves out what the DataSource's history holds");
        assertEquals(List.of("ds1"), migrator(ds, dir, "ds").load().downgrade("-1").currentRevisions());
    }

    @Test
    void pooledConnectionsGoBackAsTheyCameWithoutTheLock(TestDatabase db, @TempDir Path dir) throws Exception {
        Revisions r = new Revisions(dir);
        r.write("1.sql", "dp1", null, "CREATE TABLE dp_item (id int);", "DROP TABLE dp_item;");
        // what a pool's connection-init SQL may do; and a pool may lend connections outside autocommit
        LendingPool pool = new LendingPool(dataSource(db), "SET lock_timeout = '7s'; SET statement_timeout = '9s'");

        migrator(pool.dataSource(), dir, "dp").load().migrate();

        assertEquals(2, pool.mostLentAtOnce(), "the lock's connection and the work's, at the same time");
        assertEquals(2, pool.idle().size(), "both given back");
        for (Connection c : pool.idle()) {
            assertEquals("7s", show(c, "lock_timeout"));
            assertEquals("9s", show(c, "statement_timeout"));
            assertEquals("on", show(c, "synchronous_commit"));
            assertEquals("0", show(c, "client_connection_check_interval"));
            assertEquals(0L, count(c, "SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()"),
                    "no advisory lock left on a pooled session");
        }
        assertEquals(1L, db.count("SELECT 1 FROM dp.intellipost_schema_history WHERE revision = 'dp1'"),
                "committed, though the pool lent the connection in a transaction");
        pool.close();
    }

    @Test
    void aConfiguredUrlWinsOverTheDataSource(TestDatabase db, @TempDir Path dir) {
        Revisions r = new Revisions(dir);
        r.write("1.sql", "du1", null, "CREATE TABLE du_item (id int);", null);
        AtomicInteger asked = new AtomicInteger();
        DataSource never = failingDataSource(asked, new SQLException("must not be used", "08001"));

        migrator(never, dir, "du").url(db.jdbcUrl()).user(db.user()).password(db.password()).load().migrate();

        assertEquals(0, asked.get(), "the DataSource was never asked for a connection");
    }

    @Test
    void aUserWithoutAUrlIsRefusedForItWouldBeIgnored(@TempDir Path dir) {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> migrator(new PGSimpleDataSource(), dir, "dx").user("migrator").load());
        assertTrue(e.getMessage().startsWith("intellipost.user is set but intellipost.url is not: the connections"
                + " come from the application's DataSource"), e::getMessage);
    }

    @Test
    void aMissingDatabaseBehindADataSourceIsNamedAndNotCreated(TestDatabase db, @TempDir Path dir) throws Exception {
        Revisions r = new Revisions(dir);
        r.write("1.sql", "dm1", null, "CREATE TABLE dm_item (id int);", null);
        String missing = "ipt_missing_" + UUID.randomUUID().toString().substring(0, 8);
        PGSimpleDataSource ds = dataSource(db.jdbcUrl().replace(db.name(), missing), db);

        InfoResult info = migrator(ds, dir, "dm").load().info();
        assertEquals(1, info.pending().size(), "in development a missing database reads as empty");
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> migrator(ds, dir, "dm").load().migrate());

        assertTrue(e.getMessage().startsWith("Cannot connect through the application's DataSource"
                + " (PGSimpleDataSource): "), e::getMessage);
        assertTrue(e.getMessage().contains("[SQLSTATE 3D000]; create the database the DataSource names"),
                e::getMessage);
        assertEquals(0L, db.count("SELECT 1 FROM pg_database WHERE datname = '" + missing + "'"), "not created");
    }

    @Test
    void aDataSourceWhoseServerIsNotUpIsRetriedForConnectTimeout(@TempDir Path dir) {
        new Revisions(dir).write("1.sql", "dr1", null, "SELECT 1;", null);
        AtomicInteger asked = new AtomicInteger();
        // HikariCP throws its pool's start failure unchecked, with the driver's exception inside
        DataSource starting = failingDataSource(asked,
                new IllegalStateException("pool failed to start", new SQLException("Connection refused", "08001")));
        long start = System.nanoTime();

        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> migrator(starting, dir, "dr").set("connectTimeout", "1s").load().migrate());

        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms >= 1_000, () -> "gave up after " + ms + " ms");
        assertTrue(asked.get() > 1, () -> "asked " + asked.get() + " time(s)");
        assertEquals("Cannot connect through the application's DataSource (" + starting.getClass().getSimpleName()
                + "): Connection refused [SQLSTATE 08001]; the database did not answer within connectTimeout=1s;"
                + " check the DataSource's settings, or raise intellipost.connectTimeout", e.getMessage());
    }

    private static DataSource failingDataSource(AtomicInteger asked, Exception failure) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getConnection" -> {
                        asked.incrementAndGet();
                        throw failure;
                    }
                    case "toString" -> "failing DataSource";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static String show(Connection c, String setting) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM (" + sql + ") q")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * The least a pool does: it lends physical connections, initialised once with {@code initSql} and handed out
     * outside autocommit, and takes them back on {@code close()} without ending their sessions.
     */
    private static final class LendingPool {
        private final DataSource physical;
        private final String initSql;
        private final Deque<Connection> idle = new ArrayDeque<>();
        private final List<Connection> all = new ArrayList<>();
        private int lent;
        private int mostLentAtOnce;

        LendingPool(DataSource physical, String initSql) {
            this.physical = physical;
            this.initSql = initSql;
        }

        synchronized Connection borrow() throws SQLException {
            Connection c = idle.poll();
            if (c == null) {
                c = physical.getConnection();
                try (Statement s = c.createStatement()) {
                    s.execute(initSql);
                }
                all.add(c);
            }
            c.setAutoCommit(false);
            lent++;
            mostLentAtOnce = Math.max(mostLentAtOnce, lent);
            Connection target = c;
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        if (method.getName().equals("close")) {
                            giveBack(target);
                            return null;
                        }
                        try {
                            return method.invoke(target, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        private synchronized void giveBack(Connection c) throws SQLException {
            if (!c.getAutoCommit()) {
                c.rollback();
            }
            lent--;
            idle.push(c);
        }

        DataSource dataSource() {
            return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(),
                    new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                        if (method.getName().equals("getConnection")) {
                            return borrow();
                        }
                        throw new UnsupportedOperationException(method.getName());
                    });
        }

        synchronized int mostLentAtOnce() {
            return mostLentAtOnce;
        }

        synchronized List<Connection> idle() {
            return List.copyOf(idle);
        }

        synchronized void close() throws SQLException {
            for (Connection c : all) {
                c.close();
            }
        }
    }
}
