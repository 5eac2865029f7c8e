package com.intellipost.migrator.config;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.postgresql.Driver;

/**
 * Where an application's {@link javax.sql.DataSource} connects, read from one of its connections' metadata
 * ({@link DatabaseMetaData#getURL()}, {@link DatabaseMetaData#getUserName()}): what the migrator reaches on its own
 * when no {@code intellipost.url} is set, that is pg_dump for a backup and the server scratch databases go on.
 *
 * <p>Only host, port, database, user and {@code sslmode}, {@code sslrootcert}, {@code sslcert} are kept: the options
 * pg_dump is given from a URL too (pgjdbc's {@code sslkey} is often a PKCS-8 file libpq cannot read). A
 * DataSource's password cannot be read (JDBC has no call for it), so {@link #url()} carries none: pg_dump then
 * finds one in {@code PGPASSWORD} or {@code PGPASSFILE} / {@code ~/.pgpass} as usual, and the migrator's own
 * connections in {@code PGPASSFILE} / {@code ~/.pgpass} (pgjdbc reads that file, not {@code PGPASSWORD}).
 *
 * @param url the DataSource's server and database, with its user and without a password
 */
public record DataSourceAddress(DatabaseUrl url) {

    private static final List<String> KEPT_OPTIONS = List.of("sslmode", "sslrootcert", "sslcert");

    /**
     * The address of {@code connection}, a connection the DataSource lent; empty when its URL is not one pgjdbc
     * reads (another driver's), so that the caller can say to set {@code intellipost.url}.
     */
    public static Optional<DataSourceAddress> of(Connection connection) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        String jdbcUrl = meta.getURL();
        Properties parsed = jdbcUrl == null ? null : Driver.parseURL(jdbcUrl, new Properties());
        if (parsed == null || parsed.getProperty("PGHOST") == null) {
            return Optional.empty();
        }
        String[] hosts = parsed.getProperty("PGHOST").split(",");
        String[] ports = parsed.getProperty("PGPORT", "").split(",");
        StringBuilder url = new StringBuilder("jdbc:postgresql://");
        for (int i = 0; i < hosts.length; i++) {
            String host = hosts[i].contains(":") && !hosts[i].startsWith("[") ? "[" + hosts[i] + "]" : hosts[i];
            url.append(i == 0 ? "" : ",").append(host);
            if (i < ports.length && !ports[i].isEmpty()) {
                url.append(':').append(ports[i]);
            }
        }
        // the database name as the server knows it: the URL may name none (pgjdbc then uses the user name)
        url.append('/').append(encode(connection.getCatalog() != null ? connection.getCatalog()
                : parsed.getProperty("PGDBNAME", "")));
        String separator = "?";
        for (String key : KEPT_OPTIONS) { // never password, nor options that mean nothing to pg_dump
            String value = parsed.getProperty(key);
            if (value != null && !value.isEmpty()) {
                url.append(separator).append(key).append('=').append(encode(value));
                separator = "&";
            }
        }
        Optional<String> user = Optional.ofNullable(meta.getUserName()).filter(u -> !u.isEmpty());
        return Optional.of(new DataSourceAddress(new DatabaseUrl(url.toString(), user, Optional.empty())));
    }

    /** The user the DataSource logs in as, when its connection says. */
    public Optional<String> user() {
        return url.user();
    }

    /** For messages: {@code jdbc:postgresql://db:5432/app as user app (read from the DataSource's connection)}. */
    public String describe() {
        return url.display() + " as user " + user().orElse("<default>") + " (read from the DataSource's connection)";
    }

    /** Percent-encodes a URL part, so that a name with {@code / ? & #} stays one part. */
    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
