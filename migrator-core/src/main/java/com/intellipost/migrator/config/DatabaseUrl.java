package com.intellipost.migrator.config;

import java.util.Locale;
import java.util.Optional;

/**
 * A database location normalised to a pgjdbc URL, with credentials kept apart from it so that the URL can be
 * logged. Accepts {@code jdbc:postgresql://...} and the libpq and SQLAlchemy forms a Python backend already uses:
 * {@code postgresql://user:pass@host:port/db}, {@code postgres://...}, {@code postgresql+asyncpg://...},
 * {@code postgresql+psycopg2://...}.
 */
public record DatabaseUrl(String jdbcUrl, Optional<String> user, Optional<String> password) {

    private static final String JDBC_PREFIX = "jdbc:postgresql:";
    private static final String HOST_NAME = "[A-Za-z0-9._~-]+";
    private static final String IPV6_LITERAL = "\\[[0-9A-Fa-f:.]+(%25[A-Za-z0-9._~-]+)?]";

    /**
     * Parses any accepted form; {@code parameterName} names the setting in error messages. In the libpq and
     * SQLAlchemy forms the user info runs up to the LAST {@code @} and the user up to its first {@code :}, so a
     * password may hold {@code / ? # @ :} unencoded, as libpq users write it; an {@code @} after the host (in the
     * database name or an option) must then be written {@code %40}.
     */
    public static DatabaseUrl parse(String url, String parameterName) {
        if (url == null || url.isBlank()) {
            throw new ConfigurationException(parameterName + " is empty; set it to a URL such as "
                    + "jdbc:postgresql://localhost:5432/app or postgresql://user@localhost:5432/app");
        }
        String trimmed = url.trim();
        if (trimmed.startsWith(JDBC_PREFIX)) {
            refuseUserInfoInJdbcUrl(trimmed, parameterName);
            return new DatabaseUrl(trimmed, Optional.empty(), Optional.empty());
        }
        int schemeEnd = trimmed.indexOf("://");
        String scheme = schemeEnd < 0 ? "" : trimmed.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        if (!isPostgresScheme(scheme)) {
            throw new ConfigurationException(parameterName + " has an unsupported form (" + redact(trimmed)
                    + "); use jdbc:postgresql://host:port/db, postgresql://user:password@host:port/db,"
                    + " postgres://... or postgresql+asyncpg://...");
        }
        if (trimmed.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new ConfigurationException(parameterName + " is not a valid URL (" + redact(trimmed)
                    + "): it contains a space or control character; percent-encode it (a space as %20)");
        }
        UrlParts parts = UrlParts.split(trimmed.substring(schemeEnd + 3));
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        if (parts.userInfo() != null && !parts.userInfo().isEmpty()) {
            int colon = parts.userInfo().indexOf(':');
            String rawUser = colon < 0 ? parts.userInfo() : parts.userInfo().substring(0, colon);
            if (rawUser.chars().anyMatch(c -> c == '/' || c == '?' || c == '#')) {
                // "host/db?application_name=a@b": the @ belongs to an option, not to a user info
                throw new ConfigurationException(parameterName + " has an @ that is not the end of user:password@ ("
                        + redact(trimmed) + "); percent-encode @ after the host as %40, and / ? # in the user name");
            }
            user = Optional.of(decode(rawUser, parameterName, "user name", trimmed)).filter(u -> !u.isEmpty());
            if (colon >= 0) {
                password = Optional.of(decode(parts.userInfo().substring(colon + 1), parameterName, "password", trimmed));
            }
        }
        String hostAndPort = hostAndPort(parts.hostPort(), parameterName, trimmed);
        decode(parts.path(), parameterName, "database name", trimmed);
        String query = translateQuery(parts.query());
        return new DatabaseUrl("jdbc:postgresql://" + hostAndPort + (parts.path().isEmpty() ? "/" : parts.path())
                + (query.isEmpty() ? "" : "?" + query), user, password);
    }

    /** pgjdbc reads no user info: "jdbc:postgresql://u:pw@h/db" would fail later with the URL (and pw) quoted. */
    private static void refuseUserInfoInJdbcUrl(String url, String parameterName) {
        int query = url.indexOf('?');
        if (url.substring(0, query < 0 ? url.length() : query).indexOf('@') >= 0) {
            throw new ConfigurationException(parameterName + " puts user:password@ in a jdbc:postgresql: URL ("
                    + redact(url) + "), which pgjdbc does not read; write postgresql://user:password@host:port/db,"
                    + " or set the user and password separately");
        }
    }

    /** {@code host}, {@code host:port}, {@code [v6]} or {@code [v6]:port}, checked; empty is localhost. */
    private static String hostAndPort(String hostPort, String parameterName, String url) {
        String host;
        String port;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            host = close < 0 ? "" : hostPort.substring(0, close + 1);
            port = close < 0 ? "?" : hostPort.substring(close + 1);
        } else {
            int colon = hostPort.indexOf(':');
            host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            port = colon < 0 ? "" : hostPort.substring(colon);
        }
        boolean hostOk = host.isEmpty() || host.matches(HOST_NAME) || host.matches(IPV6_LITERAL);
        boolean portOk = port.isEmpty() || port.matches(":[0-9]{1,5}") && Integer.parseInt(port.substring(1)) <= 65535;
        if (!hostOk || !portOk || hostPort.contains(",")) {
            throw new ConfigurationException(parameterName + " has a host part that cannot be read (" + redact(url)
                    + "); write host, host:port or [IPv6]:port after the last @, percent-encode special characters"
                    + " in the user name (@ as %40, : as %3A, / as %2F), and for several hosts use"
                    + " jdbc:postgresql://host1:port1,host2:port2/db");
        }
        return (host.isEmpty() ? "localhost" : host) + port;
    }

    /** The database name in the URL, or empty when the URL names none (pgjdbc then uses the user name). */
    public Optional<String> databaseName() {
        String rest = jdbcUrl.substring(JDBC_PREFIX.length());
        if (rest.startsWith("//")) {
            int slash = rest.indexOf('/', 2);
            if (slash < 0) {
                return Optional.empty();
            }
            rest = rest.substring(slash + 1);
        }
        int query = rest.indexOf('?');
        String name = query < 0 ? rest : rest.substring(0, query);
        return name.isEmpty() ? Optional.empty() : Optional.of(decode(name));
    }

    /**
     * The {@code user=} parameter of the URL's query ({@code jdbc:postgresql://h/db?user=app}), decoded; pgjdbc logs in
     * as that user when no other is set. Messages name it instead of "the default user".
     */
    public Optional<String> queryUser() {
        int query = jdbcUrl.indexOf('?');
        if (query < 0) {
            return Optional.empty();
        }
        Optional<String> user = Optional.empty();
        for (String pair : jdbcUrl.substring(query + 1).split("&")) {
            if (pair.startsWith("user=") && pair.length() > "user=".length()) {
                user = Optional.of(decode(pair.substring("user=".length()))); // the last one, as pgjdbc reads it
            }
        }
        return user;
    }

    /** The same server with another database, used to reach {@code postgres} when the target does not exist yet. */
    public DatabaseUrl withDatabase(String database) {
        String rest = jdbcUrl.substring(JDBC_PREFIX.length());
        int query = rest.indexOf('?');
        String params = query < 0 ? "" : rest.substring(query);
        String location = query < 0 ? rest : rest.substring(0, query);
        String hostPart = location.startsWith("//") ? location.substring(0, indexOrEnd(location, '/', 2)) : "//localhost";
        return new DatabaseUrl(JDBC_PREFIX + hostPart + "/" + database + params, user, password);
    }

    /** The URL with any password parameter blanked, safe for logs and messages. */
    public String display() {
        return redact(jdbcUrl);
    }

    @Override
    public String toString() {
        return "DatabaseUrl[" + display() + ", user=" + user.orElse("<default>") + "]";
    }

    /**
     * Removes credentials from any URL form so it can appear in a message: everything between {@code user:} and
     * the last {@code @}, and every {@code password=} parameter's value.
     */
    public static String redact(String url) {
        return UrlRedaction.redact(url);
    }

    private static boolean isPostgresScheme(String scheme) {
        return scheme.equals("postgresql") || scheme.equals("postgres") || scheme.startsWith("postgresql+")
                || scheme.startsWith("postgres+");
    }

    /** libpq's {@code sslmode} is understood by pgjdbc; SQLAlchemy-only options would be rejected, so drop them. */
    private static String translateQuery(String rawQuery) {
        if (rawQuery.isEmpty()) {
            return "";
        }
        StringBuilder kept = new StringBuilder();
        for (String pair : rawQuery.split("&")) {
            String key = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
            if (key.equals("async_fallback") || key.equals("prepared_statement_cache_size")) {
                continue;
            }
            if (kept.length() > 0) {
                kept.append('&');
            }
            kept.append(pair);
        }
        return kept.toString();
    }

    private static int indexOrEnd(String s, char c, int from) {
        int i = s.indexOf(c, from);
        return i < 0 ? s.length() : i;
    }

    /** A part of a URL being parsed, decoded; a bad escape is reported without the part itself. */
    private static String decode(String raw, String parameterName, String part, String url) {
        return PercentDecoding.decode(raw).orElseThrow(() -> new ConfigurationException(parameterName + " has a "
                + part + " with a % that is not followed by two hex digits (" + redact(url) + "); write % as %25"));
    }

    private static String decode(String s) {
        return PercentDecoding.decode(s).orElse(s);
    }
}
