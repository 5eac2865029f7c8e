package com.intellipost.sample;

import com.intellipost.migrator.config.ConfigurationException;
import com.intellipost.migrator.config.DatabaseUrl;
import com.intellipost.migrator.config.Environment;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which database the application's pool and the migrator connect to, read from {@code INTELLIPOST_*} variables.
 * URLs are parsed by the core's {@link DatabaseUrl}, so the forms a Python backend uses
 * ({@code postgresql://user:pass@host/db}, {@code postgresql+asyncpg://...}) work unchanged.
 *
 * @param environment where the application runs ({@code INTELLIPOST_ENVIRONMENT}, default {@code development})
 * @param application the data-access connection ({@code INTELLIPOST_DATABASE_URL}, with
 *                    {@code INTELLIPOST_DATABASE_USER}/{@code _PASSWORD} taking precedence over the URL's); in
 *                    development it defaults to {@link #DEFAULT_DEVELOPMENT_URL}
 * @param migration   the optional DDL connection ({@code INTELLIPOST_MIGRATION_DATABASE_URL}, with
 *                    {@code INTELLIPOST_MIGRATION_DATABASE_USER}/{@code _PASSWORD})
 */
public record DatabaseSettings(Environment environment, Optional<DatabaseUrl> application,
                               Optional<DatabaseUrl> migration) {

    public static final String URL = "INTELLIPOST_DATABASE_URL";
    public static final String USER = "INTELLIPOST_DATABASE_USER";
    public static final String PASSWORD = "INTELLIPOST_DATABASE_PASSWORD";
    public static final String MIGRATION_URL = "INTELLIPOST_MIGRATION_DATABASE_URL";
    public static final String MIGRATION_USER = "INTELLIPOST_MIGRATION_DATABASE_USER";
    public static final String MIGRATION_PASSWORD = "INTELLIPOST_MIGRATION_DATABASE_PASSWORD";
    public static final String ENVIRONMENT = "INTELLIPOST_ENVIRONMENT";

    /** The local server of a developer machine; the core creates the database when it is missing. */
    public static final String DEFAULT_DEVELOPMENT_URL = "postgresql://postgres@127.0.0.1:5432/intellipost";

    /** Reads the variables; fails fast, naming the variable, on a malformed URL or environment. */
    public static DatabaseSettings from(Function<String, String> variables) {
        Environment environment = Environment.parse(valueOf(variables, ENVIRONMENT).orElse("development"), ENVIRONMENT);
        Optional<DatabaseUrl> application = valueOf(variables, URL)
                .or(() -> environment == Environment.DEVELOPMENT ? Optional.of(DEFAULT_DEVELOPMENT_URL) : Optional.empty())
                .map(url -> withCredentials(DatabaseUrl.parse(url, URL), variables, USER, PASSWORD));
        Optional<DatabaseUrl> migration = valueOf(variables, MIGRATION_URL)
                .map(url -> withCredentials(DatabaseUrl.parse(url, MIGRATION_URL), variables, MIGRATION_USER,
                        MIGRATION_PASSWORD));
        migration.filter(m -> m.user().isEmpty()).ifPresent(m -> {
            throw new ConfigurationException(MIGRATION_URL + " names no user; put the migration user in the URL"
                    + " (postgresql://migrator@host:5432/db) or set " + MIGRATION_USER);
        });
        return new DatabaseSettings(environment, application, migration);
    }

    /** The application pool's database, or an error that says which variable to set. */
    public DatabaseUrl requireApplication() {
        return application.orElseThrow(() -> new ConfigurationException(URL + " is not set; in " + environment.id()
                + " it is required, e.g. " + URL + "=postgresql://intellipost_app:secret@db:5432/intellipost"));
    }

    /** Where migrations run: the migration user's URL when it is set, otherwise the application's. */
    public DatabaseUrl forMigrations() {
        return migration.or(() -> application).orElseThrow(() -> new ConfigurationException(
                "No database configured for migrations: set " + MIGRATION_URL + " (a user with DDL rights) or "
                        + URL + "; in " + environment.id() + " there is no default"));
    }

    /** True when {@code INTELLIPOST_DATABASE_URL} was not set and the development default is used. */
    public boolean usesDevelopmentDefault(Function<String, String> variables) {
        return valueOf(variables, URL).isEmpty() && environment == Environment.DEVELOPMENT;
    }

    private static DatabaseUrl withCredentials(DatabaseUrl url, Function<String, String> variables, String user,
                                               String password) {
        return new DatabaseUrl(url.jdbcUrl(), valueOf(variables, user).or(url::user),
                valueOf(variables, password).or(url::password));
    }

    /** A variable's trimmed value; blank counts as unset. */
    static Optional<String> valueOf(Function<String, String> variables, String name) {
        return Optional.ofNullable(variables.apply(name)).map(String::trim).filter(v -> !v.isEmpty());
    }
}
