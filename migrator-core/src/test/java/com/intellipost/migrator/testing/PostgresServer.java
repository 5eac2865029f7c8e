package com.intellipost.migrator.testing;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;

/**
 * The PostgreSQL server tests run against, found once per JVM in the order of DESIGN 4:
 * {@code INTELLIPOST_TEST_DATABASE_URL}, a server on {@code localhost:5432} (user {@code postgres}),
 * Testcontainers when a Docker engine answers. Fails with a message that says which to provide.
 */
public final class PostgresServer {

    public static final String URL_VARIABLE = "INTELLIPOST_TEST_DATABASE_URL";
    private static final String LOCAL_URL = "jdbc:postgresql://localhost:5432/postgres";

    private static PostgresServer instance;

    private final String adminUrl;
    private final String user;
    private final String password;
    private final String origin;

    private PostgresServer(String adminUrl, String user, String password, String origin) {
        this.adminUrl = adminUrl;
        this.user = user;
        this.password = password;
        this.origin = origin;
    }

    /** The server for this JVM, resolved on first use. */
    public static synchronized PostgresServer get() {
        if (instance == null) {
            instance = resolve();
        }
        return instance;
    }

    private static PostgresServer resolve() {
        StringBuilder tried = new StringBuilder();
        String configured = System.getenv(URL_VARIABLE);
        if (configured != null && !configured.isBlank()) {
            PostgresServer server = fromUrl(configured.trim());
            String problem = server.probe();
            if (problem == null) {
                return server;
            }
            throw new IllegalStateException(URL_VARIABLE + " is set but its server cannot be used: " + problem);
        }
        PostgresServer local = new PostgresServer(LOCAL_URL, "postgres", null, "localhost:5432");
        String localProblem = local.probe();
        if (localProblem == null) {
            return local;
        }
        tried.append("\n  - localhost:5432 as user postgres: ").append(localProblem);
        String containerProblem = TestcontainersPostgres.unavailableReason();
        if (containerProblem == null) {
            TestcontainersPostgres container = TestcontainersPostgres.start();
            return new PostgresServer(container.jdbcUrl(), container.user(), container.password(), "Testcontainers");
        }
        tried.append("\n  - Testcontainers: ").append(containerProblem);
        throw new IllegalStateException("No PostgreSQL server for the tests. Tried:" + tried
                + "\nProvide one of: " + URL_VARIABLE + "=postgresql://user:password@host:port/db,"
                + " a PostgreSQL server on localhost:5432 accepting user postgres (the CI machine's; start it with"
                + " 'pg_ctlcluster --skip-systemctl-redirect 15 main start'), or a running Docker engine.");
    }

    /** A server reached through {@code adminUrl} (a JDBC URL of its {@code postgres} database) as {@code user}. */
    static PostgresServer of(String adminUrl, String user, String password, String origin) {
        return new PostgresServer(adminUrl, user, password, origin);
    }

    /** Accepts {@code jdbc:postgresql://...?user=..&password=..} or {@code postgresql://user:password@host:port/db}. */
    static PostgresServer fromUrl(String url) {
        if (url.startsWith("jdbc:")) {
            return new PostgresServer(url, queryParam(url, "user", "postgres"), queryParam(url, "password", null), URL_VARIABLE);
        }
        URI uri = URI.create(url.replaceFirst("^[a-z+]+://", "postgresql://"));
        String userInfo = uri.getUserInfo() == null ? "postgres" : uri.getUserInfo();
        String user = userInfo.contains(":") ? userInfo.substring(0, userInfo.indexOf(':')) : userInfo;
        String password = userInfo.contains(":") ? userInfo.substring(userInfo.indexOf(':') + 1) : null;
        String path = uri.getPath() == null || uri.getPath().length() <= 1 ? "/postgres" : uri.getPath();
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        return new PostgresServer("jdbc:postgresql://" + uri.getHost() + ":" + port + path, user, password, URL_VARIABLE);
    }

    private static String queryParam(String url, String name, String fallback) {
        int q = url.indexOf('?');
        if (q < 0) {
            return fallback;
        }
        for (String pair : url.substring(q + 1).split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        return fallback;
    }

    /** Null when the server answers, otherwise why not. */
    private String probe() {
        Properties props = credentials();
        props.setProperty("connectTimeout", "5");
        try (Connection c = DriverManager.getConnection(adminUrl, props)) {
            return null;
        } catch (SQLException e) {
            return e.getMessage();
        }
    }

    /** A connection to the server's maintenance database as the administrating user; the caller closes it. */
    Connection connectAdmin() throws SQLException {
        return DriverManager.getConnection(adminUrl, credentials());
    }

    private Properties credentials() {
        Properties props = new Properties();
        props.setProperty("user", user);
        if (password != null) {
            props.setProperty("password", password);
        }
        return props;
    }

    /** Creates a database with a unique name derived from {@code label}. */
    public TestDatabase createDatabase(String label) {
        String base = label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        if (base.length() > 40) {
            base = base.substring(base.length() - 40);
        }
        String name = "ipt_" + base + "_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = DriverManager.getConnection(adminUrl, credentials()); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create test database " + name + " on " + origin + ": "
                    + e.getMessage() + " (the test user needs CREATEDB)", e);
        }
        return new TestDatabase(name, jdbcUrlFor(name), user, password);
    }

    /** Drops a database created by {@link #createDatabase}, disconnecting whoever is still in it. */
    public void dropDatabase(TestDatabase database) {
        try (Connection c = DriverManager.getConnection(adminUrl, credentials()); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database.name() + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot drop test database " + database.name() + ": " + e.getMessage(), e);
        }
    }

    /** The JDBC URL of another database on this server, without credentials. */
    public String jdbcUrlFor(String database) {
        int q = adminUrl.indexOf('?');
        String base = q < 0 ? adminUrl : adminUrl.substring(0, q);
        return base.substring(0, base.lastIndexOf('/') + 1) + database;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public String origin() {
        return origin;
    }
}
