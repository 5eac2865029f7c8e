package com.intellipost.migrator.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;

/**
 * A real PostgreSQL server that checks passwords, for the tests of what a wrong or missing password does (the
 * machine's server may trust every local connection, so that no password can be wrong there). Found once per JVM:
 * <ol>
 *   <li>the server {@link PostgresServer} resolved, when it refuses a wrong password for a scratch role
 *       (SQLSTATE 28P01) and accepts the right one;</li>
 *   <li>otherwise a throwaway cluster made with the machine's server binaries ({@code initdb
 *       --auth=scram-sha-256}, see {@link LocalCluster}), stopped and deleted when the JVM exits;</li>
 *   <li>otherwise a Testcontainers {@code postgres} container (whose image asks for passwords) when Docker runs.</li>
 * </ol>
 * When none is possible it fails with a message that says what to provide; it never skips.
 *
 * <p>Each {@link #createDatabase} makes a login role with a random password and a database owned by it: the
 * {@link TestDatabase} carries that role's credentials, so a test can connect with them and with a wrong password.
 */
public final class PasswordServer {

    private static PasswordServer instance;

    private final PostgresServer admin;

    private PasswordServer(PostgresServer admin) {
        this.admin = admin;
    }

    /** The server for this JVM, resolved (and started, when it has to be) on first use. */
    public static synchronized PasswordServer get() {
        if (instance == null) {
            instance = resolve();
        }
        return instance;
    }

    private static PasswordServer resolve() {
        StringBuilder tried = new StringBuilder();
        try {
            PostgresServer tests = PostgresServer.get();
            String problem = passwordProblem(tests);
            if (problem == null) {
                return new PasswordServer(tests);
            }
            tried.append("\n  - the tests' server (").append(tests.origin()).append("): ").append(problem);
        } catch (IllegalStateException e) {
            tried.append("\n  - the tests' server: ").append(e.getMessage().lines().findFirst().orElse(""));
        }
        String localProblem = LocalCluster.unavailableReason();
        if (localProblem == null) {
            try {
                LocalCluster cluster = LocalCluster.start();
                return new PasswordServer(PostgresServer.of(cluster.jdbcUrl(), LocalCluster.SUPERUSER,
                        cluster.password(), cluster.describe()));
            } catch (RuntimeException e) {
                localProblem = "starting one failed: " + e.getMessage();
            }
        }
        tried.append("\n  - a throwaway cluster from this machine's PostgreSQL binaries: ").append(localProblem);
        String containerProblem = TestcontainersPostgres.unavailableReason();
        if (containerProblem == null) {
            TestcontainersPostgres container = TestcontainersPostgres.start();
            return new PasswordServer(PostgresServer.of(container.jdbcUrl(), container.user(), container.password(),
                    "Testcontainers"));
        }
        tried.append("\n  - Testcontainers: ").append(containerProblem);
        throw new IllegalStateException("No PostgreSQL server that checks passwords, for the wrong-password tests."
                + " Tried:" + tried + "\nProvide one of: " + PostgresServer.URL_VARIABLE + " naming a server whose"
                + " pg_hba.conf asks for a password (scram-sha-256 or md5) and whose user may create roles and"
                + " databases; the PostgreSQL server binaries (initdb, pg_ctl, postgres; e.g. apt-get install"
                + " postgresql), and when running as root a 'postgres' OS user; or a running Docker engine.");
    }

    /**
     * Null when {@code server} refuses a wrong password with SQLSTATE 28P01 and accepts the right one, for a
     * scratch login role made for the purpose; otherwise why it does not do.
     */
    static String passwordProblem(PostgresServer server) {
        String role = "ipt_pwprobe_" + UUID.randomUUID().toString().substring(0, 8);
        String password = "Probe-" + UUID.randomUUID();
        try (Connection c = server.connectAdmin(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'");
        } catch (SQLException e) {
            return "cannot create a login role to try a wrong password with: " + e.getMessage();
        }
        try {
            try (Connection c = DriverManager.getConnection(server.jdbcUrlFor("postgres"), login(role, "not-" + password))) {
                return "it accepted a wrong password (pg_hba.conf trusts the connection)";
            } catch (SQLException e) {
                if (!"28P01".equals(e.getSQLState())) {
                    return "a wrong password gave SQLSTATE " + e.getSQLState() + " instead of 28P01: " + e.getMessage();
                }
            }
            try (Connection c = DriverManager.getConnection(server.jdbcUrlFor("postgres"), login(role, password))) {
                return null;
            } catch (SQLException e) {
                return "it refused the right password too: " + e.getMessage();
            }
        } finally {
            try (Connection c = server.connectAdmin(); Statement s = c.createStatement()) {
                s.execute("DROP ROLE IF EXISTS " + role);
            } catch (SQLException e) {
                System.err.println("Could not drop the probe role " + role + ": " + e.getMessage());
            }
        }
    }

    /**
     * A fresh database owned by a fresh login role with a random password; the result carries that role's name and
     * password. Drop it with {@link #dropDatabase}.
     */
    public TestDatabase createDatabase(String label) {
        String base = label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        if (base.length() > 40) {
            base = base.substring(base.length() - 40);
        }
        String name = "ipt_pw_" + base + "_" + UUID.randomUUID().toString().substring(0, 8);
        String password = "Role-" + UUID.randomUUID();
        try (Connection c = admin.connectAdmin(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + name + " LOGIN PASSWORD '" + password + "'");
            s.execute("CREATE DATABASE " + name + " OWNER " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create role and database " + name + " on " + admin.origin() + ": "
                    + e.getMessage() + " (the user needs CREATEROLE and CREATEDB)", e);
        }
        return new TestDatabase(name, admin.jdbcUrlFor(name), name, password);
    }

    /** Drops a database made by {@link #createDatabase} and its role, disconnecting whoever is still in it. */
    public void dropDatabase(TestDatabase database) {
        try (Connection c = admin.connectAdmin(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database.name() + " WITH (FORCE)");
            s.execute("DROP ROLE IF EXISTS " + database.user());
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot drop database and role " + database.name() + ": " + e.getMessage(), e);
        }
    }

    /** The server as its administrating user (to create or drop other things, or to find its URLs). */
    public PostgresServer admin() {
        return admin;
    }

    /** Where the server comes from, for messages. */
    public String origin() {
        return admin.origin();
    }

    private static Properties login(String user, String password) {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "5");
        return props;
    }
}
