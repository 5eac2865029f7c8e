package com.intellipost.migrator.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
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

    /** Parses any accepted form; {@code parameterName} names the setting in error messages. */
    public static DatabaseUrl parse(String url, String parameterName) {
        if (url == null || url.isBlank()) {
            throw new ConfigurationException(parameterName + " is empty; set it to a URL such as "
                    + "jdbc:postgresql://localhost:5432/app or postgresql://user@localhost:5432/app");
        }
        String trimmed = url.trim();
        if (trimmed.startsWith(JDBC_PREFIX)) {
            return new DatabaseUrl(trimmed, Optional.empty(), Optional.empty());
        }
        int schemeEnd = trimmed.indexOf("://");
        String scheme = schemeEnd < 0 ? "" : trimmed.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        if (!isPostgresScheme(scheme)) {
            throw new ConfigurationException(parameterName + " has an unsupported form (" + redact(trimmed)
                    + "); use jdbc:postgresql://host:port/db, postgresql://user:password@host:port/db,"
                    + " postgres://... or postgresql+asyncpg://...");
        }
        URI uri;
        try {
            uri = new URI("postgresql" + trimmed.substring(schemeEnd));
        } catch (URISyntaxException e) {
            throw new ConfigurationException(parameterName + " is not a valid URL (" + redact(trimmed)
                    + "): " + e.getReason() + "; percent-encode special characters in the user or password");
        }
        if (uri.getHost() == null && uri.getRawAuthority() != null && !uri.getRawAuthority().isEmpty()) {
            // java.net.URI gives no host (and no user info) when it cannot read the authority as user@host:port
            throw new ConfigurationException(parameterName + " has a host part that cannot be read (" + redact(trimmed)
                    + "); percent-encode special characters in the user or password (@ as %40, : as %3A, / as %2F),"
                    + " and for several hosts use jdbc:postgresql://host1:port1,host2:port2/db");
        }
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            user = Optional.of(decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
            if (colon >= 0) {
                password = Optional.of(decode(userInfo.substring(colon + 1)));
            }
        }
        String host = uri.getHost() == null ? "localhost" : uri.getHost();
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
        String path = uri.getRawPath() == null ? "/" : uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : "?" + translateQuery(uri.getRawQuery());
        return new DatabaseUrl("jdbc:postgresql://" + host + port + (path.isEmpty() ? "/" : path) + query, user, password);
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

    /** Removes credentials from any URL form so it can appear in a message. */
    public static String redact(String url) {
        String noUserInfoPassword = url.replaceAll("(://[^/:@?]*):[^/?]*@", "$1:***@"); // up to the last @
        return noUserInfoPassword.replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    private static boolean isPostgresScheme(String scheme) {
        return scheme.equals("postgresql") || scheme.equals("postgres") || scheme.startsWith("postgresql+")
                || scheme.startsWith("postgres+");
    }

    /** libpq's {@code sslmode} is understood by pgjdbc; SQLAlchemy-only options would be rejected, so drop them. */
    private static String translateQuery(String rawQuery) {
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

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
