package com.intellipost.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Fresh databases on the benchmark server: {@code INTELLIPOST_BENCH_ADMIN_URL} (a JDBC URL to a maintenance
 * database, user postgres) or {@code jdbc:postgresql://127.0.0.1:5432/postgres}.
 */
final class BenchDatabase {

    static final String ADMIN_URL = System.getenv().getOrDefault("INTELLIPOST_BENCH_ADMIN_URL",
            "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");

    private BenchDatabase() {
    }

    /** Databases this run created, dropped together at its end. */
    private static final Set<String> CREATED = new LinkedHashSet<>();

    /** Creates {@code name} (dropping a leftover of that name first); returns its JDBC URL (with user). */
    static String fresh(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(ADMIN_URL); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name);
        }
        CREATED.add(name);
        return urlOf(name);
    }

    /**
     * Writes every dirty buffer and syncs the files (PostgreSQL's CHECKPOINT), so that a timed run does not pay for
     * the writes of the run before it. Needs a superuser, as the rest of the benchmark does.
     */
    static void checkpoint() throws SQLException {
        try (Connection c = DriverManager.getConnection(ADMIN_URL); Statement s = c.createStatement()) {
            s.execute("CHECKPOINT");
        }
    }

    /** Drops every database this run created. */
    static void dropAll() throws SQLException {
        for (String name : CREATED) {
            drop(name);
        }
        CREATED.clear();
    }

    /** Drops the {@code bench_*} databases an interrupted earlier run left behind. */
    static void dropLeftovers() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(ADMIN_URL); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE 'bench\\_%'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        for (String name : names) {
            drop(name);
        }
    }

    static void drop(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(ADMIN_URL); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    static String urlOf(String name) {
        int q = ADMIN_URL.indexOf('?');
        String base = q < 0 ? ADMIN_URL : ADMIN_URL.substring(0, q);
        return base.substring(0, base.lastIndexOf('/') + 1) + name + (q < 0 ? "" : ADMIN_URL.substring(q));
    }

    /** host, port and database for psql. */
    static String[] psqlArgs(String name) {
        String rest = ADMIN_URL.substring("jdbc:postgresql://".length());
        String hostPort = rest.substring(0, rest.indexOf('/'));
        String host = hostPort.contains(":") ? hostPort.substring(0, hostPort.indexOf(':')) : hostPort;
        String port = hostPort.contains(":") ? hostPort.substring(hostPort.indexOf(':') + 1) : "5432";
        return new String[] {"-h", host, "-p", port, "-U", "postgres", "-d", name};
    }
}
