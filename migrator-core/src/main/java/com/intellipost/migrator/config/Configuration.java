package com.intellipost.migrator.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything a command needs to know, resolved and validated. Built by {@link Settings}; {@link #toString()}
 * never shows the password.
 */
public record Configuration(
        Optional<DatabaseUrl> url,
        Optional<String> user,
        Optional<String> password,
        String schema,
        List<String> locations,
        Environment environment,
        Duration lockTimeout,
        Duration statementTimeout,
        int lockRetries,
        Duration lockWaitTimeout,
        Duration connectTimeout,
        TransactionMode transactionMode,
        boolean cleanEnabled,
        LintOptions lint,
        OutputFormat format,
        Optional<DatabaseUrl> devUrl,
        boolean requireDown,
        BackupOptions backup) {

    public static final String HISTORY_TABLE = "intellipost_schema_history";
    public static final String AUDIT_TABLE = "intellipost_schema_audit";

    /** The database location, or an error that says how to provide one. */
    public DatabaseUrl requireUrl() {
        return url.orElseThrow(() -> new ConfigurationException("No database configured: set intellipost.url "
                + "(or the INTELLIPOST_DATABASE_URL environment variable), e.g. jdbc:postgresql://localhost:5432/app"));
    }

    /** {@code "schema"."intellipost_schema_history"}, quoted for SQL. */
    public String qualifiedHistoryTable() {
        return quote(schema) + "." + quote(HISTORY_TABLE);
    }

    /** {@code "schema"."intellipost_schema_audit"}, quoted for SQL. */
    public String qualifiedAuditTable() {
        return quote(schema) + "." + quote(AUDIT_TABLE);
    }

    /** {@code text} with the password masked: server messages may quote it (a failing literal, a role's options). */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        return password.filter(p -> !p.isEmpty()).map(p -> text.replace(p, "***")).orElse(text);
    }

    /**
     * The same settings for another database: {@code url}'s user and password when it carries them, else these.
     * Scratch databases (DESIGN 2.12) use it with {@code testing}, which creates nothing, and take no backup
     * whatever {@code backup} says.
     */
    public Configuration withDatabase(DatabaseUrl other, Environment otherEnvironment) {
        Optional<String> otherUser = other.user().or(() -> user);
        Optional<String> otherPassword = other.user().isPresent() ? other.password() : password;
        return new Configuration(Optional.of(other), otherUser, otherPassword, schema, locations, otherEnvironment,
                lockTimeout, statementTimeout, lockRetries, lockWaitTimeout, connectTimeout, transactionMode,
                cleanEnabled, lint, format, devUrl, requireDown, BackupOptions.none());
    }

    /** Quotes an identifier for SQL. */
    public static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    @Override
    public String toString() {
        return "Configuration[url=" + url.map(DatabaseUrl::display).orElse("<none>") + ", user=" + user.orElse("<default>")
                + ", password=" + (password.isPresent() ? "***" : "<none>") + ", schema=" + schema
                + ", locations=" + locations + ", environment=" + environment.id() + ", lockTimeout=" + lockTimeout
                + ", statementTimeout=" + statementTimeout + ", lockRetries=" + lockRetries
                + ", lockWaitTimeout=" + lockWaitTimeout + ", connectTimeout=" + connectTimeout
                + ", transactionMode=" + transactionMode + ", cleanEnabled=" + cleanEnabled + ", lint=" + lint
                + ", format=" + format + ", devUrl=" + devUrl.map(DatabaseUrl::display).orElse("<none>")
                + ", requireDown=" + requireDown + ", backup=" + backup + "]";
    }
}
