package com.intellipost.migrator.command;

import com.intellipost.migrator.MigratorException;
import com.intellipost.migrator.history.AppliedRevision;
import com.intellipost.migrator.history.SchemaHistory;
import com.intellipost.migrator.lock.MigrationLock;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * What a writing command holds: the migration lock, a work connection and the history as read after the lock was
 * taken, so a replica that waited sees what the holder applied. The history tables are created only when the
 * command is about to write ({@link #ensureTables()}), after its scripts were checked.
 */
final class LockedSession implements AutoCloseable {

    private final CommandContext context;
    private final MigrationLock lock;
    private final Connection connection;
    private final Map<String, AppliedRevision> applied;
    private final boolean tablesExist;

    private LockedSession(CommandContext context, MigrationLock lock, Connection connection,
                          Map<String, AppliedRevision> applied, boolean tablesExist) {
        this.context = context;
        this.lock = lock;
        this.connection = connection;
        this.applied = applied;
        this.tablesExist = tablesExist;
    }

    static LockedSession open(CommandContext context) {
        MigrationLock lock = MigrationLock.acquire(context.connections().open(), context.configuration());
        Connection connection = null;
        try {
            connection = context.connections().open();
            SchemaHistory history = context.history();
            boolean exists = history.exists(connection);
            Map<String, AppliedRevision> applied = exists ? history.read(connection) : new java.util.LinkedHashMap<>();
            return new LockedSession(context, lock, connection, applied, exists);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection);
            lock.close();
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw context.history().failure("read", (SQLException) e);
        }
    }

    /** Creates the schema and the history and audit tables when they are missing. */
    void ensureTables() throws SQLException {
        if (!tablesExist) {
            context.history().createIfMissing(connection);
        }
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

    /** The history as read once the lock was held. */
    Map<String, AppliedRevision> applied() {
        return applied;
    }

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
            throw new MigratorException("Cannot close the work connection: " + e.getMessage(), e);
        }
    }
}
