package com.intellipost.migrator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/**
 * A real PostgreSQL server that answers "the database system is starting up" (SQLSTATE 57P03) until the test
 * releases it, then comes up: a throwaway cluster of the machine's server binaries ({@link LocalCluster}),
 * restarted in an archive recovery that waits for the test. The machine's own server cannot be used for this:
 * restarting it would break every other test. Fails, saying why, when no cluster can be made here; never skips.
 */
public final class StartingUpServer implements AutoCloseable {

    /** What PostgreSQL says to a connection while it starts. */
    public static final String STARTING_UP = "the database system is starting up";

    private final LocalCluster cluster;
    private Path release;

    private StartingUpServer(LocalCluster cluster) {
        this.cluster = cluster;
    }

    /**
     * Creates a cluster, restarts it so that it stays in its startup phase, and returns once it refuses a
     * connection with 57P03 (at most a minute).
     */
    public static StartingUpServer start() throws Exception {
        String reason = LocalCluster.unavailableReason();
        if (reason != null) {
            throw new IllegalStateException("No PostgreSQL server that can be kept starting up for the 57P03 test: "
                    + reason + ". Install the PostgreSQL server binaries (e.g. apt-get install postgresql).");
        }
        LocalCluster cluster = LocalCluster.start();
        StartingUpServer server = new StartingUpServer(cluster);
        try {
            server.release = cluster.restartStartingUp();
            String[] last = {"no answer"};
            boolean startingUp = Await.until(Duration.ofMinutes(1), () -> {
                try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(), server.login())) {
                    last[0] = "it accepted a connection";
                    return false;
                } catch (SQLException e) {
                    last[0] = e.getSQLState() + " " + e.getMessage();
                    return "57P03".equals(e.getSQLState()) && e.getMessage().contains(STARTING_UP);
                }
            });
            if (!startingUp) {
                throw new IllegalStateException("The throwaway cluster did not stay starting up (" + last[0] + "): "
                        + cluster.describe() + "\n" + cluster.serverLog());
            }
            return server;
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
    }

    /** Lets the server finish starting: it accepts connections within a few seconds. */
    public void release() {
        if (release == null) {
            return;
        }
        try {
            Files.writeString(release, "go");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many connections the server has refused with "starting up" so far, from its log. */
    public long startingUpRefusals() {
        return cluster.serverLog().lines().filter(l -> l.contains("FATAL") && l.contains(STARTING_UP)).count();
    }

    /** The JDBC URL of its {@code postgres} database (TCP, 127.0.0.1). */
    public String jdbcUrl() {
        return cluster.jdbcUrl();
    }

    public String user() {
        return LocalCluster.SUPERUSER;
    }

    public String password() {
        return cluster.password();
    }

    /** The server's log, for assertion messages. */
    public String serverLog() {
        return cluster.serverLog();
    }

    @Override
    public void close() {
        release(); // a restore_command still waiting would hold up the stop
        cluster.close();
    }

    private Properties login() {
        Properties props = new Properties();
        props.setProperty("user", user());
        props.setProperty("password", password());
        props.setProperty("connectTimeout", "5");
        return props;
    }
}
