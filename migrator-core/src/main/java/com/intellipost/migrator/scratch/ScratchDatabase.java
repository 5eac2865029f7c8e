package com.intellipost.migrator.scratch;

import com.intellipost.migrator.MigratorException;
import com.intellipost.migrator.config.Configuration;
import com.intellipost.migrator.config.ConnectionFactory;
import com.intellipost.migrator.execute.ConnectionLoss;
import com.intellipost.migrator.execute.ConnectionLostException;
import com.intellipost.migrator.execute.Direction;
import com.intellipost.migrator.execute.MigrationRunner;
import com.intellipost.migrator.execute.PreparedScript;
import com.intellipost.migrator.history.SchemaHistory;
import com.intellipost.migrator.script.Script;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A database of one run's own, created by {@link ScratchDatabases#create}. While it exists a keeper connection
 * stays open on it: that session tells other runs it is in use. {@link #close()} drops it; so does JVM shutdown
 * (Ctrl-C) when the run did not get that far. A run that loses its connection here (that drop, or a session that
 * ended) reports it with {@link #connectionLost}, which names the command and says the configured database was not
 * written: the runner's own message is migrate's, which would say revisions were applied.
 */
public final class ScratchDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScratchDatabase.class);

    /** How long the exit hook gives a run it dropped the database under to report that, and to print it. */
    private static final long REPORT_WAIT_MS = 2_000;
    private static final long PRINT_GRACE_MS = 300;

    private final String name;
    private final String command;
    private final Configuration server;
    private final Configuration configuration;
    private final Thread dropAtExit;
    /** The connections {@link #open()} handed out: one still open at exit means a run is working here. */
    private final List<Connection> opened = new ArrayList<>();
    private final CountDownLatch reported = new CountDownLatch(1);
    private volatile boolean exiting;
    private Connection keeper;
    private boolean dropped;

    ScratchDatabase(String name, String command, Configuration server, Configuration configuration) {
        this.name = name;
        this.command = command;
        this.server = server;
        this.configuration = configuration;
        this.dropAtExit = new Thread(this::dropAtExit, "intellipost-scratch-drop");
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

    /**
     * A new connection to this database, in autocommit mode; the caller closes it. While the JVM is exiting (the
     * database is being dropped under the run), a {@link ScratchConnectionLostException} instead.
     */
    public Connection open() {
        try {
            Connection c = new ConnectionFactory(configuration).open();
            synchronized (opened) {
                opened.removeIf(ScratchDatabase::isClosed);
                opened.add(c);
            }
            return c;
        } catch (MigratorException e) {
            if (exiting) {
                throw connectionLost("connecting to it", e);
            }
            throw e;
        }
    }

    /**
     * Applies {@code scripts}, in the given order, upwards with the normal runner (history rows included), each in
     * a transaction of its own or in autocommit as {@code migrate} would; a failure is the runner's
     * {@link com.intellipost.migrator.execute.MigrationFailedException}, naming file and line.
     */
    public void apply(List<Script> scripts) {
        List<PreparedScript> prepared = PreparedScript.prepareAll(scripts, Direction.UP);
        SchemaHistory history = new SchemaHistory(configuration);
        String doing = "creating its history table";
        try (Connection c = open()) {
            history.createIfMissing(c);
            try (MigrationRunner runner = MigrationRunner.start(configuration, history, c)) {
                for (PreparedScript p : prepared) {
                    doing = applying(p.script());
                    runner.run(p);
                }
            }
        } catch (ConnectionLostException e) {
            throw connectionLost(doing, e);
        } catch (SQLException e) {
            if (ConnectionLoss.is(e)) {
                throw connectionLost(doing, e);
            }
            throw new ScratchDatabaseException("Cannot apply revisions to scratch database " + name + ": "
                    + configuration.redact(e.getMessage()), e);
        }
    }

    /** {@code applying <revision> (<file>)}, for {@link #connectionLost}. */
    public static String applying(Script script) {
        return "applying " + script.revision() + " (" + script.source().name() + ")";
    }

    /**
     * The run lost its connection to this database while {@code doing} (e.g. {@code applying a002 (2.sql)}):
     * {@code cause} is the runner's {@link ConnectionLostException} or the driver's exception. Drops the database
     * (when the JVM's exit hook is dropping it already, waits for that) and returns the exception to throw, whose
     * message says whether the command was interrupted or its session ended, that the scratch database is dropped,
     * and that the configured database was not written.
     */
    public ScratchConnectionLostException connectionLost(String doing, Throwable cause) {
        close();
        boolean interrupted = exiting;
        String server = serverSaid(cause);
        String what = interrupted
                ? command + " was interrupted while " + doing + " on scratch database " + name + ": the JVM is"
                + " exiting (Ctrl-C or a signal) and dropped that database under it" + (server == null ? "" : " ("
                + server + ")") + "."
                : command + " lost its connection to scratch database " + name + " while " + doing
                + (server == null ? "" : ": " + server) + ". Its session ended: an administrator terminated it, the"
                + " server restarted, or the network broke.";
        String state = dropped
                ? " The scratch database is dropped; the configured database was not written."
                : " The scratch database could not be dropped (see the warning above): the next run drops it, or run"
                + " DROP DATABASE " + Configuration.quote(name) + ". The configured database was not written.";
        String next = interrupted ? "" : " This is not an error in the scripts: run " + command + " again once the"
                + " server is reachable.";
        reported.countDown();
        return new ScratchConnectionLostException(what + state + next, interrupted, dropped, cause);
    }

    /** PostgreSQL's or the driver's words about the lost connection, with their SQLSTATE; null when there are none. */
    private String serverSaid(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SQLException e) {
                return configuration.redact(e.getMessage())
                        + (e.getSQLState() == null ? "" : " [SQLSTATE " + e.getSQLState() + "]");
            }
        }
        return null;
    }

    void openKeeper() {
        keeper = new ConnectionFactory(configuration).open(); // not in opened: it is the marker, not the run
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

    /**
     * The shutdown hook: drops the database. When a run was still working on it, that drop ends its session; the
     * run then reports {@link #connectionLost}, and the hook gives it a moment to do so before the JVM halts (else
     * a Ctrl-C'd command would end silently, or with whatever it managed to print of a half-built message).
     */
    private void dropAtExit() {
        exiting = true;
        boolean inUse;
        synchronized (opened) {
            inUse = opened.stream().anyMatch(c -> !isClosed(c));
        }
        drop();
        if (!inUse) {
            return;
        }
        try {
            if (reported.await(REPORT_WAIT_MS, TimeUnit.MILLISECONDS)) {
                Thread.sleep(PRINT_GRACE_MS); // the message is on its way to stderr
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean isClosed(Connection c) {
        try {
            return c.isClosed();
        } catch (SQLException e) {
            return true;
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
