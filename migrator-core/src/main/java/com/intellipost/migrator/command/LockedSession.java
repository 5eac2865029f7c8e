package com.intellipost.migrator.command;

import com.intellipost.migrator.execute.MigrationRunner;
import com.intellipost.migrator.history.AppliedRevision;
import com.intellipost.migrator.history.HistoryFingerprint;
import com.intellipost.migrator.lock.MigrationLock;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a writing command holds: the migration lock, a work connection and the history as read after the lock was
 * taken, so a replica that waited sees what the holder applied. The history is read on first use, whole
 * ({@link #applied()}) or as its fingerprint ({@link #fingerprint()}). The history tables are created only when the
 * command is about to write ({@link #ensureTables()}), after its scripts were checked.
 */
final class LockedSession implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LockedSession.class);

    private final CommandContext context;
    private final MigrationLock lock;
    private final Connection connection;
    private final boolean historyExists;
    private Map<String, AppliedRevision> applied;

    private LockedSession(CommandContext context, MigrationLock lock, Connection connection, boolean historyExists) {
        this.context = context;
        this.lock = lock;
        this.connection = connection;
        this.historyExists = historyExists;
    }

    static LockedSession open(CommandContext context) {
        MigrationLock lock = MigrationLock.acquire(context.connections().open(), context.configuration());
        Connection connection = null;
        try {
            connection = context.connections().open();
            return new LockedSession(context, lock, connection, context.history().exists(connection));
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection);
            lock.close();
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw context.history().failure("read", (SQLException) e);
        }
    }

    /** Creates the schema and the history and audit tables, whichever is missing. */
    void ensureTables() throws SQLException {
        context.history().createIfMissing(connection);
    }

    /** Work on the session's connection in one transaction: committed if it returns, rolled back if it throws. */
    void inTransaction(SqlWork work) throws SQLException {
        connection.setAutoCommit(false);
        try {
            work.run(connection);
            connection.commit();
        } finally {
            connection.rollback(); // a no-op after the commit
            connection.setAutoCommit(true);
        }
    }

    /** Database work that may fail with an {@link SQLException}. */
    interface SqlWork {
        void run(Connection c) throws SQLException;
    }

    Connection connection() {
        return connection;
    }

    /** A run on the work connection, guarded by the lock, reporting progress from connections of the context. */
    MigrationRunner startRun() throws SQLException {
        return MigrationRunner.start(context.configuration(), context.history(), connection,
                () -> context.connections().open()).guardedBy(lock);
    }

    /** The history as read once the lock was held (one query, on first use). */
    Map<String, AppliedRevision> applied() throws SQLException {
        if (applied == null) {
            applied = historyExists ? context.history().read(connection) : new LinkedHashMap<>();
        }
        return applied;
    }

    /** The history's fingerprint as it is now, under the lock: a one-row query. */
    String fingerprint() throws SQLException {
        return historyExists ? context.history().fingerprint(connection) : HistoryFingerprint.EMPTY;
    }

    /** Closes the work connection, then releases the lock. */
    @Override
    public void close() {
        closeQuietly(connection);
        lock.close();
    }

    private static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException e) {
            // its session ends with it either way; a failure here must not keep the lock held
            LOG.warn("Could not close the work connection cleanly: {}", e.getMessage());
        }
    }
}
