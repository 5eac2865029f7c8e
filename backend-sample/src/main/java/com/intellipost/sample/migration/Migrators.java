package com.intellipost.sample.migration;

import com.intellipost.migrator.Migrator;
import com.intellipost.migrator.config.DatabaseUrl;
import com.intellipost.migrator.config.Settings;
import com.intellipost.sample.AppConfig;
import java.util.Set;

/**
 * Builds the migrators the running application uses. Each is configured from the application's variables only
 * ({@code INTELLIPOST_LOCK_TIMEOUT}, {@code INTELLIPOST_SCHEMA}, ...), with the connection chosen here: the
 * migration user for {@code migrate}, the application user for read-only checks.
 */
public final class Migrators {

    /** Where the sample's scripts are: inside the jar, {@code src/main/resources/db/migrations} in the sources. */
    public static final String LOCATIONS = "classpath:db/migrations";

    private static final Set<String> CONNECTION_KEYS = Set.of("url", "user", "password", "environment");

    private Migrators() {
    }

    /** Runs {@code migrate}: connects as the migration user when {@code INTELLIPOST_MIGRATION_DATABASE_URL} is set. */
    public static Migrator forMigrations(AppConfig config) {
        return builder(config, config.database().forMigrations()).load();
    }

    /**
     * Reads the history as the application user ({@code info} takes no lock and creates nothing). The health
     * check passes a short {@code connectTimeout} so that a database that is down answers 503 at once.
     */
    public static Migrator forInspection(AppConfig config, String connectTimeout) {
        Migrator.Builder builder = builder(config, config.database().requireApplication());
        if (connectTimeout != null) {
            builder.set("connectTimeout", connectTimeout);
        }
        return builder.load();
    }

    private static Migrator.Builder builder(AppConfig config, DatabaseUrl url) {
        Migrator.Builder builder = Migrator.configure()
                .isolated() // the variables below are the only source, as for the rest of the application
                .classLoader(Migrators.class.getClassLoader())
                .locations(LOCATIONS);
        for (String key : Settings.KEYS) {
            if (!CONNECTION_KEYS.contains(key)) {
                builder.set(key, config.variables().apply(Settings.environmentVariable(key)));
            }
        }
        return builder.url(url.jdbcUrl())
                .user(url.user().orElse(null))
                .password(url.password().orElse(null))
                .environment(config.environment().id());
    }
}
