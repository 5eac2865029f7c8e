package com.intellipost.migrator.lock;

import com.intellipost.migrator.MigratorException;
import com.intellipost.migrator.config.Configuration;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session-level advisory lock on a dedicated connection, held while a command writes. Waiters poll with
 * {@code pg_try_advisory_lock} and sleep between tries, so a waiter never sits inside a statement and cannot block a
 * {@code CREATE INDEX CONCURRENTLY} that the holder runs. The lock dies with its session: a killed migrator leaves
 * none behind.
 *
 * <p>The key is the first 8 bytes (big-endian) of SHA-256 of {@code "intellipost:" + schema + "." + table}, so
 * migrators of different schemas in one database do not wait for each other.
 */
public final class MigrationLock implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MigrationLock.class);
    private static final long MAX_POLL_MS = 250;
    private static final long HOLDER_LOG_INTERVAL_NANOS = Duration.ofSeconds(10).toNanos();

    private final Connection connection;
    private final long key;

    private MigrationLock(Connection connection, long key) {
        this.connection = connection;
        this.key = key;
    }

    /** The advisory lock key for a history table. */
    public static long keyFor(String schema, String table) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(("intellipost:" + schema + "." + table).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(hash, 0, 8).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK has no SHA-256", e);
        }
    }

    /**
     * Takes the lock on {@code connection} (which the lock then owns and closes), waiting up to
     * {@code lockWaitTimeout} and logging who holds it meanwhile.
     */
    public static MigrationLock acquire(Connection connection, Configuration configuration) {
        long key = keyFor(configuration.schema(), Configuration.HISTORY_TABLE);
        long deadline = System.nanoTime() + configuration.lockWaitTimeout().toNanos();
        long sleepMs = 50;
        long nextHolderLog = 0;
        try {
            while (!tryLock(connection, key)) {
                long now = System.nanoTime();
                if (now >= nextHolderLog) {
                    LOG.info("Waiting for the migration lock, held by {}", describeHolder(connection, key));
                    nextHolderLog = now + HOLDER_LOG_INTERVAL_NANOS;
                }
                if (now > deadline) {
                    String holder = describeHolder(connection, key);
                    throw new LockTimeoutException("Gave up waiting for the migration lock after "
                            + configuration.lockWaitTimeout().toSeconds() + "s; it is held by " + holder
                            + ". Let that migration finish, stop it, or raise intellipost.lockWaitTimeout");
                }
                sleep(sleepMs + ThreadLocalRandom.current().nextLong(sleepMs / 2 + 1));
                sleepMs = Math.min(sleepMs * 2, MAX_POLL_MS);
            }
            keepIdleSessionAlive(connection);
            return new MigrationLock(connection, key);
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new MigratorException("Cannot take the migration lock: " + configuration.redact(e.getMessage()));
        } catch (RuntimeException e) { // interrupted while sleeping, or gave up: the connection is ours to close
            closeQuietly(connection);
            throw e;
        }
    }

    /**
     * The lock's connection sits idle for the whole run: a server with {@code idle_session_timeout} (PostgreSQL 14+)
     * would end it, and the lock with it, in the middle of a long run.
     */
    private static void keepIdleSessionAlive(Connection c) throws SQLException {
        if (c.getMetaData().getDatabaseMajorVersion() >= 14) {
            try (Statement s = c.createStatement()) {
                s.execute("SET idle_session_timeout = 0");
            }
        }
    }

    /**
     * Whether the lock is still held: its session is alive (one round trip). A session the server ended, or whose
     * connection broke, took the lock with it, and another migrator may hold it now.
     */
    public boolean isHeld() {
        try {
            return connection.isValid(10);
        } catch (SQLException e) {
            return false;
        }
    }

    private static boolean tryLock(Connection c, long key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /**
     * "pid 123 (intellipost-migrator, since 2026-11-24 10:00:00+00)" or "an unknown session". Advisory locks belong
     * to a database: a session holding the same key in another database of the server is not the holder.
     */
    static String describeHolder(Connection c, long key) {
        String sql = "SELECT a.pid, a.application_name, a.backend_start, a.client_addr FROM pg_locks l"
                + " JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted"
                + " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
                + " AND l.classid = ?::bigint::oid AND l.objid = ?::bigint::oid AND l.objsubid = 1";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, key >>> 32);
            ps.setLong(2, key & 0xFFFFFFFFL);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    String app = rs.getString(2);
                    return "pid " + rs.getInt(1) + " (" + (app == null || app.isEmpty() ? "no application_name" : app)
                            + ", " + (rs.getString(4) == null ? "local" : rs.getString(4)) + ", connected since "
                            + rs.getTimestamp(3).toInstant() + ")";
                }
            }
        } catch (SQLException e) {
            LOG.debug("Cannot read the lock holder", e);
        }
        return "an unknown session (it may just have released it)";
    }

    @Override
    public void close() {
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            ps.setLong(1, key);
            ps.execute();
        } catch (SQLException e) {
            LOG.warn("Could not release the migration lock explicitly ({}); it ends with the session", e.getMessage());
        } finally {
            closeQuietly(connection);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing a broken connection: the session, and the lock with it, is gone anyway
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MigratorException("Interrupted while waiting for the migration lock", e);
        }
    }
}
