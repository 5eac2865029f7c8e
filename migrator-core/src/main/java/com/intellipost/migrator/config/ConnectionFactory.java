package com.intellipost.migrator.config;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens connections to the configured database. Waits for a server that is not up yet (connection refused,
 * SQLSTATE 57P03) for {@code connectTimeout}, and in {@code development} creates a database that does not exist.
 *
 * <p>Connections come from the configured URL when there is one, else from a {@link DataSource} the embedding
 * application lends (its pool, say): then the DataSource's own user and settings apply, and a missing database is
 * not created, for the migrator does not know where the DataSource points.
 */
public final class ConnectionFactory {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionFactory.class);
    private static final Set<String> NOT_UP_YET = Set.of("08001", "08004", "08006", "57P03");
    private static final String APPLICATION_NAME = "intellipost-migrator";

    private final Configuration configuration;
    private final DatabaseUrl url;
    private final DataSource dataSource;

    public ConnectionFactory(Configuration configuration) {
        this(configuration, null);
    }

    /** Uses {@code dataSource} (may be null) unless the configuration has a URL. */
    public ConnectionFactory(Configuration configuration, DataSource dataSource) {
        this.configuration = configuration;
        this.url = dataSource == null ? configuration.requireUrl() : configuration.url().orElse(null);
        this.dataSource = url == null ? dataSource : null;
    }

    /** A new connection in autocommit mode (creating a missing database in development); the caller closes it. */
    public Connection open() {
        return connect(true).orElseThrow();
    }

    /**
     * A new connection; never creates anything. Empty when the database does not exist yet in {@code development}
     * (where a writing command will create it); elsewhere a missing database is an error, as for {@link #open()}.
     */
    public Optional<Connection> openIfExists() {
        return connect(false);
    }

    private Optional<Connection> connect(boolean createMissing) {
        long deadline = System.nanoTime() + configuration.connectTimeout().toNanos();
        long backoffMs = 250;
        boolean createdDatabase = false;
        while (true) {
            try {
                return Optional.of(attempt());
            } catch (SQLException e) {
                String state = e.getSQLState() == null ? "" : e.getSQLState();
                if (state.equals("3D000") && configuration.environment() == Environment.DEVELOPMENT) {
                    if (!createMissing) {
                        return Optional.empty(); // created when something is to be written
                    }
                    if (!createdDatabase && url != null) {
                        createDatabase();
                        createdDatabase = true;
                        continue;
                    }
                }
                if (!NOT_UP_YET.contains(state) || missingPassword(e) || System.nanoTime() > deadline
                        || Thread.currentThread().isInterrupted()) { // interrupted: the caller no longer waits
                    throw failure(e);
                }
                LOG.info("Database at {} is not reachable yet ({}); retrying for up to {} more (connectTimeout={})",
                        where(), redact(e.getMessage()), seconds(deadline - System.nanoTime()),
                        seconds(configuration.connectTimeout().toNanos()));
                sleep(backoffMs + ThreadLocalRandom.current().nextLong(backoffMs / 2 + 1));
                backoffMs = Math.min(backoffMs * 2, 2_000);
            }
        }
    }

    private Connection attempt() throws SQLException {
        if (dataSource == null) {
            return DriverManager.getConnection(url.jdbcUrl(), properties());
        }
        Connection c;
        try {
            c = dataSource.getConnection();
        } catch (RuntimeException e) { // a pool that fails to start (HikariCP's) throws unchecked, the cause inside
            throw sqlCause(e).orElseThrow(() -> e);
        }
        try {
            if (!c.getAutoCommit()) { // a pool may lend connections in a transaction; every caller expects autocommit
                c.setAutoCommit(true);
            }
            return c;
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }

    private static Optional<SQLException> sqlCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException sql) {
                return Optional.of(sql);
            }
        }
        return Optional.empty();
    }

    /** What the connections go to, for messages: the URL without its password, or the lent DataSource. */
    public String where() {
        return url != null ? url.display()
                : "the application's DataSource (" + dataSource.getClass().getSimpleName() + ")";
    }

    /** {@code 1.4s}, {@code 60s}: a second is shown with its tenth, so that what is left is never "0s". */
    private static String seconds(long nanos) {
        long tenths = Math.max(1, (nanos + 99_999_999) / 100_000_000);
        return tenths % 10 == 0 ? tenths / 10 + "s" : tenths / 10 + "." + tenths % 10 + "s";
    }

    private void createDatabase() {
        String name = url.databaseName().orElseThrow(() -> new ConfigurationException(
                "Database in " + url.display() + " does not exist and the URL names none"));
        DatabaseUrl maintenance = url.withDatabase("postgres");
        try (Connection c = DriverManager.getConnection(maintenance.jdbcUrl(), properties());
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + Configuration.quote(name));
            LOG.info("Created database {} (environment development)", name);
        } catch (SQLException e) {
            if (!"42P04".equals(e.getSQLState())) { // another process created it first
                throw new ConfigurationException("Database " + name + " does not exist and could not be created: "
                        + redact(e.getMessage()) + "; create it, or grant CREATEDB to the migration user", e);
            }
        }
    }

    private ConfigurationException failure(SQLException e) {
        String who = configuration.user().or(() -> url == null ? Optional.empty() : url.queryUser())
                .orElse("<default user>");
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String hint;
        if (url == null) {
            hint = state.equals("3D000") ? "create the database the DataSource names (the migrator creates a missing"
                    + " database only when it connects with intellipost.url)"
                    : NOT_UP_YET.contains(state) ? "the database did not answer within connectTimeout="
                    + configuration.connectTimeout().toSeconds() + "s; check the DataSource's settings, or raise"
                    + " intellipost.connectTimeout"
                    : "check the DataSource's settings, or set intellipost.url to connect on the migrator's own";
            return new ConfigurationException("Cannot connect through " + where() + ": " + redact(e.getMessage())
                    + " [SQLSTATE " + state + "]; " + hint, null);
        }
        if (missingPassword(e)) {
            hint = "the server asks for a password and none was given: set intellipost.password (or"
                    + " INTELLIPOST_DATABASE_PASSWORD), or put it in the URL (intellipost.url or INTELLIPOST_DATABASE_URL,"
                    + " postgresql://user:password@host:port/db)";
        } else {
            hint = switch (state) {
                case "28P01" -> "the server refused the password of user " + who + ": check the password"
                        + " (intellipost.password or INTELLIPOST_DATABASE_PASSWORD, or the one in intellipost.url /"
                        + " INTELLIPOST_DATABASE_URL) and the user (intellipost.user or INTELLIPOST_DATABASE_USER)";
                case "28000" -> "the server does not let user " + who + " in from here: check intellipost.user (or"
                        + " INTELLIPOST_DATABASE_USER) and the server's pg_hba.conf";
                case "3D000" -> missingDatabaseHint();
                default -> NOT_UP_YET.contains(state)
                        ? "the server did not answer within connectTimeout=" + configuration.connectTimeout().toSeconds()
                        + "s; check host and port, or raise intellipost.connectTimeout"
                        : "check intellipost.url";
            };
        }
        return new ConfigurationException("Cannot connect to " + url.display() + " as " + who + ": "
                + redact(e.getMessage()) + " [SQLSTATE " + state + "]; " + hint, null);
    }

    /**
     * What to do about a database that does not exist. The one {@code devUrl} names is only ever connected to (scratch
     * databases are created beside it), so the fix is that setting; the configured one is created only in
     * development, and advising a production run to switch to development would be wrong.
     */
    private String missingDatabaseHint() {
        if (configuration.devUrl().map(DatabaseUrl::jdbcUrl).filter(url.jdbcUrl()::equals).isPresent()) {
            return "intellipost.devUrl (INTELLIPOST_DEV_URL) must name a database that exists on the server where"
                    + " scratch databases are to be made (e.g. " + url.withDatabase("postgres").display() + "); the"
                    + " migrator never creates it";
        }
        return "create it; the migrator creates a missing database only in environment development, and this run's"
                + " is " + configuration.environment().id();
    }

    /**
     * pgjdbc's "the server requested password-based authentication, but no password was provided" (SQLSTATE 08004,
     * which otherwise can mean a server that is not up yet): no retry will help.
     */
    private static boolean missingPassword(SQLException e) {
        return "08004".equals(e.getSQLState()) && e.getMessage() != null
                && e.getMessage().toLowerCase(Locale.ROOT).contains("password");
    }

    /**
     * A driver message made safe to show: the configured password masked, and the URL (which pgjdbc quotes in
     * "Unable to parse URL ...", credentials and all) replaced by its {@link DatabaseUrl#display()}.
     */
    private String redact(String message) {
        String text = message == null ? "" : message;
        return configuration.redact(url == null ? text : text.replace(url.jdbcUrl(), url.display()));
    }

    private Properties properties() {
        Properties props = new Properties();
        configuration.user().ifPresent(u -> props.setProperty("user", u));
        configuration.password().ifPresent(p -> props.setProperty("password", p));
        props.setProperty("ApplicationName", APPLICATION_NAME);
        props.setProperty("connectTimeout", "10");
        return props;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigurationException("Interrupted while waiting for the database", e);
        }
    }
}
