package com.intellipost.migrator.it;

import com.intellipost.migrator.config.DatabaseUrl;
import com.intellipost.migrator.testing.PasswordServer;
import com.intellipost.migrator.testing.PostgresServer;
import com.intellipost.migrator.testing.TestDatabase;
import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The database of one invoker case, for its Groovy hooks. {@code prebuild.groovy} creates it on the server the
 * core tests use ({@link PostgresServer}: {@code INTELLIPOST_TEST_DATABASE_URL}, else {@code localhost:5432} as
 * {@code postgres}, else Testcontainers; it fails, saying what to provide, when none answers) and usually hands it
 * to every Maven invocation of the case as {@code -Dintellipost.url/user/password}. A case about passwords takes
 * one on a server that checks them instead ({@link #createWithPassword}). {@code verify.groovy} reads it back,
 * checks it and drops it. The case directory's {@code it-database.properties} links the two.
 */
public final class ItDatabase {

    private static final String FILE = "it-database.properties";

    static {
        // Hook scripts run in the invoker's JVM, whose DriverManager may never have seen this class loader.
        try {
            Class.forName("org.postgresql.Driver", true, ItDatabase.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("The PostgreSQL driver is not on the hook scripts' classpath", e);
        }
    }

    private ItDatabase() {
    }

    /** A fresh database named after the case, recorded for {@link #of} and {@link #drop}. */
    public static TestDatabase create(File basedir) {
        PostgresServer server = PostgresServer.get();
        TestDatabase db = server.createDatabase("it_" + basedir.getName());
        record(basedir, db, server.jdbcUrlFor("postgres"), server.user(), server.password(), false);
        return db;
    }

    /**
     * A fresh database on a server that checks passwords ({@link PasswordServer}: the tests' server when it does,
     * else a throwaway cluster that lives as long as this JVM), owned by a login role of its own with a random
     * password: the result's user and password. {@link #drop} drops the role too.
     */
    public static TestDatabase createWithPassword(File basedir) {
        PasswordServer server = PasswordServer.get();
        TestDatabase db = server.createDatabase("it_" + basedir.getName());
        PostgresServer admin = server.admin();
        record(basedir, db, admin.jdbcUrlFor("postgres"), admin.user(), admin.password(), true);
        return db;
    }

    /** {@link #create}, then passes the database to every invocation as {@code -Dintellipost.url/user/password}. */
    public static TestDatabase createAndPass(File basedir, Map<Object, Object> userProperties) {
        TestDatabase db = create(basedir);
        userProperties.put("intellipost.url", db.jdbcUrl());
        userProperties.put("intellipost.user", db.user());
        if (db.password() != null) {
            userProperties.put("intellipost.password", db.password());
        }
        return db;
    }

    /**
     * Drops and creates the database {@code name} on the server of {@code serverUrl}
     * ({@code postgresql://user:password@host:port}), for a case whose URL is fixed before the build starts.
     */
    public static TestDatabase recreate(File basedir, String serverUrl, String name) {
        DatabaseUrl maintenance = DatabaseUrl.parse(serverUrl + "/postgres", "it.envServer");
        String user = maintenance.user().orElse("postgres");
        String password = maintenance.password().orElse(null);
        try (Connection c = DriverManager.getConnection(maintenance.jdbcUrl(), credentials(user, password));
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + name + " on " + maintenance.display()
                    + " (it.envServer): " + e.getMessage() + ". Point it at a server that accepts this user:"
                    + " -Dit.envServer=postgresql://user:password@host:port", e);
        }
        TestDatabase db = new TestDatabase(name, maintenance.withDatabase(name).jdbcUrl(), user, password);
        record(basedir, db, maintenance.jdbcUrl(), user, password, false);
        return db;
    }

    /** The database {@code prebuild.groovy} created for this case. */
    public static TestDatabase of(File basedir) {
        Properties p = load(basedir);
        return new TestDatabase(p.getProperty("name"), p.getProperty("jdbcUrl"), p.getProperty("user"),
                p.getProperty("password"));
    }

    /**
     * Drops the case's database (if one was created), disconnecting whoever is still in it, and the role made for
     * it by {@link #createWithPassword}.
     */
    public static void drop(File basedir) {
        if (!new File(basedir, FILE).isFile()) {
            return;
        }
        Properties p = load(basedir);
        try (Connection c = connectMaintenance(p); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + p.getProperty("name") + " WITH (FORCE)");
            if (Boolean.parseBoolean(p.getProperty("ownRole"))) {
                s.execute("DROP ROLE IF EXISTS " + p.getProperty("user"));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot drop database " + p.getProperty("name") + ": " + e.getMessage(), e);
        }
    }

    /** Runs a statement on the case's server outside its database (roles, other databases). */
    public static void executeOnServer(File basedir, String sql) {
        Properties p = load(basedir);
        try (Connection c = connectMaintenance(p); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot run " + sql + ": " + e.getMessage(), e);
        }
    }

    /** Every row of a query, columns joined by {@code |} (SQL NULL as {@code null}). */
    public static List<String> rows(TestDatabase db, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    if (i > 1) {
                        row.append('|');
                    }
                    row.append(rs.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    /** The case's {@code build.log}: the output of all its invocations, in order. */
    public static String buildLog(File basedir) {
        try {
            return Files.readString(basedir.toPath().resolve("build.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void record(File basedir, TestDatabase db, String maintenanceUrl, String maintenanceUser,
                               String maintenancePassword, boolean ownRole) {
        Properties p = new Properties();
        p.setProperty("name", db.name());
        p.setProperty("jdbcUrl", db.jdbcUrl());
        p.setProperty("user", db.user());
        if (db.password() != null) {
            p.setProperty("password", db.password());
        }
        p.setProperty("maintenanceUrl", maintenanceUrl);
        p.setProperty("maintenanceUser", maintenanceUser);
        if (maintenancePassword != null) {
            p.setProperty("maintenancePassword", maintenancePassword);
        }
        p.setProperty("ownRole", Boolean.toString(ownRole));
        try (Writer w = Files.newBufferedWriter(file(basedir), StandardCharsets.UTF_8)) {
            p.store(w, "database of this invoker case (ItDatabase)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Properties load(File basedir) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file(basedir), StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("No database recorded for " + basedir.getName()
                    + " (prebuild.groovy did not run ItDatabase.create)", e);
        }
        return p;
    }

    private static Path file(File basedir) {
        return basedir.toPath().resolve(FILE);
    }

    /** The server outside the case's database, as the user that created it. */
    private static Connection connectMaintenance(Properties p) throws SQLException {
        return DriverManager.getConnection(p.getProperty("maintenanceUrl"),
                credentials(p.getProperty("maintenanceUser"), p.getProperty("maintenancePassword")));
    }

    private static Properties credentials(String user, String password) {
        Properties props = new Properties();
        props.setProperty("user", user);
        if (password != null) {
            props.setProperty("password", password);
        }
        return props;
    }
}
