package com.intellipost.migrator.scratch;

import com.intellipost.migrator.config.Configuration;
import com.intellipost.migrator.config.ConnectionFactory;
import com.intellipost.migrator.config.DataSourceAddress;
import com.intellipost.migrator.config.DatabaseUrl;
import com.intellipost.migrator.config.Environment;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates scratch databases (DESIGN 2.12) on the server {@code devUrl} names, else on the configured url's server,
 * else on the server of the DataSource the application lends.
 * A scratch database is named after the target with a random suffix ({@code app_scratch_1f2e3d4c5b}) and carries a
 * comment that marks it as ours. The comment is written only once the database's keeper connection is open, so a
 * database that has the comment and no session is one whose run was killed: the next run drops it. One that another
 * run is using keeps its keeper's session and is left alone.
 */
public final class ScratchDatabases {

    private static final Logger LOG = LoggerFactory.getLogger(ScratchDatabases.class);
    static final String SUFFIX = "_scratch_";
    static final String COMMENT_PREFIX = "intellipost scratch database";
    private static final Pattern NAME = Pattern.compile(".*" + SUFFIX + "[0-9a-f]{10}");
    private static final int MAX_NAME_BYTES = 63;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ScratchDatabases() {
    }

    /**
     * Creates an empty scratch database for work on {@code target}'s revisions, after dropping the leftovers of
     * killed runs. Close it to drop it; it is also dropped when the JVM exits.
     */
    public static ScratchDatabase create(Configuration target) {
        return create(target, Optional.empty(), "this command");
    }

    /**
     * As {@link #create(Configuration)}, for {@code command} ({@code lint --trace}, {@code test-rollback}: the
     * command a lost connection's message names) on a target whose connections may come from a DataSource: when
     * neither {@code devUrl} nor {@code url} is set, the scratch database goes on the DataSource's server, reached at
     * {@code dataSource}'s address as its user, without a password (a DataSource's cannot be read: pgjdbc looks in
     * {@code PGPASSFILE} / {@code ~/.pgpass}).
     */
    public static ScratchDatabase create(Configuration target, Optional<DataSourceAddress> dataSource,
            String command) {
        boolean derived = target.url().isEmpty() && target.devUrl().isEmpty() && dataSource.isPresent();
        Configuration addressed = derived ? target.withDatabase(dataSource.get().url(), target.environment()) : target;
        String name = nameFor(addressed);
        Server found = derived ? connect(addressed, dataSource.get()) : connect(target);
        Configuration server = found.configuration();
        try (Connection admin = found.admin()) {
            dropAbandoned(admin);
            try (Statement s = admin.createStatement()) {
                s.execute("CREATE DATABASE " + Configuration.quote(name));
            } catch (SQLException e) {
                throw cannotCreate(server, name, e);
            }
            ScratchDatabase scratch = new ScratchDatabase(name, command, server,
                    server.withDatabase(server.requireUrl().withDatabase(name), Environment.TESTING));
            try {
                scratch.openKeeper();
                try (Statement s = admin.createStatement()) {
                    s.execute("COMMENT ON DATABASE " + Configuration.quote(name) + " IS '" + COMMENT_PREFIX
                            + " created " + Instant.now() + "'");
                }
            } catch (SQLException | RuntimeException e) {
                scratch.close();
                throw e instanceof RuntimeException r ? r : new ScratchDatabaseException("Cannot prepare scratch"
                        + " database " + name + ": " + server.redact(e.getMessage()), e);
            }
            LOG.info("Created scratch database {} on {}", name, server.requireUrl().display());
            return scratch;
        } catch (SQLException e) {
            throw new ScratchDatabaseException("Cannot reach the server for scratch databases at "
                    + server.requireUrl().display() + ": " + server.redact(e.getMessage()), e);
        }
    }

    /**
     * A connection to the server scratch databases go on: {@code devUrl}'s database, else the target's. A target
     * that does not exist yet is fine: the connection goes to {@code postgres} then. Nothing is ever written there.
     */
    private static Server connect(Configuration target) {
        if (target.devUrl().isPresent()) {
            Configuration server = target.withDatabase(target.devUrl().get(), Environment.TESTING);
            return new Server(server, new ConnectionFactory(server).open());
        }
        DatabaseUrl url = target.url().orElseThrow(() -> new ScratchDatabaseException("A scratch database needs a"
                + " server: set intellipost.devUrl (INTELLIPOST_DEV_URL), e.g. jdbc:postgresql://localhost:5432/postgres,"
                + " or intellipost.url"));
        // development's openIfExists reads a missing database as empty, and creates nothing
        Optional<Connection> onTarget = new ConnectionFactory(target.withDatabase(url, Environment.DEVELOPMENT))
                .openIfExists();
        if (onTarget.isPresent()) {
            return new Server(target.withDatabase(url, Environment.TESTING), onTarget.get());
        }
        Configuration server = target.withDatabase(url.withDatabase("postgres"), Environment.TESTING);
        return new Server(server, new ConnectionFactory(server).open());
    }

    /**
     * A connection to the DataSource's database with the DataSource's user and no password. Opened here rather than
     * by {@link ConnectionFactory}, whose advice names intellipost.password, a setting a DataSource cannot use.
     */
    private static Server connect(Configuration addressed, DataSourceAddress address) {
        Configuration server = addressed.withDatabase(address.url(), Environment.TESTING);
        Properties props = new Properties();
        address.user().ifPresent(u -> props.setProperty("user", u));
        props.setProperty("ApplicationName", "intellipost-migrator");
        props.setProperty("connectTimeout", "10");
        try {
            return new Server(server, DriverManager.getConnection(address.url().jdbcUrl(), props));
        } catch (SQLException e) {
            throw new ScratchDatabaseException("Cannot reach the server for scratch databases at " + address.describe()
                    + ", without a password, for a DataSource's password cannot be read: "
                    + server.redact(e.getMessage()) + " [SQLSTATE " + e.getSQLState() + "]; set intellipost.devUrl"
                    + " (INTELLIPOST_DEV_URL) to a server and a user that may create databases there, e.g."
                    + " postgresql://user:password@localhost:5432/postgres, or set intellipost.url, or give that"
                    + " user's password in PGPASSFILE (~/.pgpass)", e);
        }
    }

    /** Where scratch databases are created, and an open connection there. */
    private record Server(Configuration configuration, Connection admin) {
    }

    /** {@code <target database>_scratch_<10 hex digits>}, the target's part shortened to fit 63 bytes. */
    static String nameFor(Configuration target) {
        String base = target.url().flatMap(DatabaseUrl::databaseName).orElse("intellipost");
        byte[] random = new byte[5];
        RANDOM.nextBytes(random);
        String suffix = SUFFIX + HexFormat.of().formatHex(random);
        int room = MAX_NAME_BYTES - suffix.length();
        while (base.getBytes(StandardCharsets.UTF_8).length > room) {
            base = base.substring(0, base.length() - 1);
        }
        return base + suffix;
    }

    /** Drops scratch databases of killed runs: ours by name and comment, with nobody connected. */
    private static void dropAbandoned(Connection admin) throws SQLException {
        List<String> abandoned = new ArrayList<>();
        try (PreparedStatement q = admin.prepareStatement("SELECT d.datname FROM pg_database d"
                + " WHERE shobj_description(d.oid, 'pg_database') LIKE ? AND pg_has_role(d.datdba, 'USAGE')"
                + " AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datid = d.oid)")) {
            q.setString(1, COMMENT_PREFIX + "%");
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    abandoned.add(rs.getString(1));
                }
            }
        }
        for (String name : abandoned) {
            if (!NAME.matcher(name).matches()) {
                continue;
            }
            // no FORCE: a run that connected since the query keeps its database (DROP fails while it is in use)
            try (Statement s = admin.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + Configuration.quote(name));
                LOG.info("Dropped scratch database {} left by a run that was killed", name);
            } catch (SQLException e) {
                LOG.debug("Left scratch database {} alone: {}", name, e.getMessage());
            }
        }
    }

    private static ScratchDatabaseException cannotCreate(Configuration server, String name, SQLException e) {
        String who = server.user().or(() -> server.url().flatMap(DatabaseUrl::queryUser)).orElse("<default user>");
        String hint = "42501".equals(e.getSQLState())
                ? "user " + who + " may not create databases there: grant it (ALTER ROLE " + who + " CREATEDB), or set"
                + " intellipost.devUrl (INTELLIPOST_DEV_URL) to a server where it may; the configured database is"
                + " never written by this command"
                : "check intellipost.devUrl (INTELLIPOST_DEV_URL) or intellipost.url";
        return new ScratchDatabaseException("Cannot create scratch database " + name + " on "
                + server.requireUrl().display() + ": " + server.redact(e.getMessage()) + " [SQLSTATE " + e.getSQLState()
                + "]; " + hint, e);
    }
}
