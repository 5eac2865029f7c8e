package com.intellipost.migrator.scratch;

import com.intellipost.migrator.config.Configuration;
import com.intellipost.migrator.config.ConnectionFactory;
import com.intellipost.migrator.execute.Direction;
import com.intellipost.migrator.execute.MigrationRunner;
import com.intellipost.migrator.execute.PreparedScript;
import com.intellipost.migrator.history.SchemaHistory;
import com.intellipost.migrator.script.Script;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A database of one run's own, created by {@link ScratchDatabases#create}. While it exists a keeper connection
 * stays open on it: that session tells other runs it is in use. {@link #close()} drops it; so does JVM shutdown
 * (Ctrl-C) when the run did not get that far.
 */
public final class ScratchDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScratchDatabase.class);

    private final String name;
    private final Configuration server;
    private final Configuration configuration;
    private final Thread dropAtExit;
    private Connection keeper;
    private boolean dropped;

    ScratchDatabase(String name, Configuration server, Configuration configuration) {
        this.name = name;
        this.server = server;
        this.configuration = configuration;
        this.dropAtExit = new Thread(this::drop, "intellipost-scratch-drop");
        Runtime.getRuntime().addShutdownHook(dropAtExit);
    }

    /** The database's name on the server. */
    public String name() {
        return name;
    }

    /** The run's settings pointed at this database (environment {@code testing}: it creates and backs up nothing). */
    public Configuration configuration() {
        return configuration;
    }

    /** A new connection to this database, in autocommit mode; the caller closes it. */
    public Connection open() {
        return new ConnectionFactory(configuration).open();
    }

    /**
     * Applies {@code scripts}, in the given order, upwards with the normal runner (history rows included), each in
     * a transaction of its own or in autocommit as {@code migrate} would; a failure is the runner's
     * {@link com.intellipost.migrator.execute.MigrationFailedException}, naming file and line.
     */
    public void apply(List<Script> scripts) {
        List<PreparedScript> prepared = PreparedScript.prepareAll(scripts, Direction.UP);
        SchemaHistory history = new SchemaHistory(configuration);
        try (Connection c = open()) {
            history.createIfMissing(c);
            try (MigrationRunner runner = MigrationRunner.start(configuration, history, c)) {
                prepared.forEach(runner::run);
            }
        } catch (SQLException e) {
            throw new ScratchDatabaseException("Cannot apply revisions to scratch database " + name + ": "
                    + configuration.redact(e.getMessage()), e);
        }
    }

    void openKeeper() {
        keeper = open();
    }

    /** Drops the database (its sessions first); a failure is logged, for it must not hide the run's own outcome. */
    @Override
    public void close() {
        drop();
        try {
            Runtime.getRuntime().removeShutdownHook(dropAtExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: nothing to remove
        }
    }

    private synchronized void drop() {
        if (dropped) {
            return;
        }
        closeKeeper();
        try (Connection admin = new ConnectionFactory(server).open(); Statement s = admin.createStatement()) {
            boolean force = admin.getMetaData().getDatabaseMajorVersion() >= 13;
            s.execute("DROP DATABASE IF EXISTS " + Configuration.quote(name) + (force ? " WITH (FORCE)" : ""));
            dropped = true;
            LOG.debug("Dropped scratch database {}", name);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Could not drop scratch database {} ({}); the next run drops it, or run DROP DATABASE {}",
                    name, server.redact(e.getMessage()), Configuration.quote(name));
        }
    }

    private void closeKeeper() {
        if (keeper == null) {
            return;
        }
        try {
            keeper.close();
        } catch (SQLException e) {
            LOG.debug("Closing the keeper connection of {} failed: {}", name, e.getMessage());
        }
        keeper = null;
    }
}
