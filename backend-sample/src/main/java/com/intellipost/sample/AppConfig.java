package com.intellipost.sample;

import com.intellipost.migrator.config.ConfigurationException;
import com.intellipost.migrator.config.Environment;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Everything the server needs, read once from {@code INTELLIPOST_*} environment variables (a map in tests) and
 * validated before anything starts.
 *
 * @param database         the application and migration connections
 * @param host             bind address ({@code INTELLIPOST_HOST}, default {@code 0.0.0.0} so a container is reachable)
 * @param port             {@code INTELLIPOST_PORT}, default 8000; 0 picks a free port
 * @param migrateOnStartup {@code INTELLIPOST_MIGRATE_ON_STARTUP}; by default true in development and testing,
 *                         false in staging and production (those only check, and the pre-deploy step migrates)
 * @param poolSize         {@code INTELLIPOST_DATABASE_POOL_SIZE}, default 10
 * @param variables        where the values came from; the migrator reads its other settings
 *                         ({@code INTELLIPOST_LOCK_TIMEOUT}, ...) from the same place
 */
public record AppConfig(DatabaseSettings database, String host, int port, boolean migrateOnStartup, int poolSize,
                        Function<String, String> variables) {

    public static final String HOST = "INTELLIPOST_HOST";
    public static final String PORT = "INTELLIPOST_PORT";
    public static final String MIGRATE_ON_STARTUP = "INTELLIPOST_MIGRATE_ON_STARTUP";
    public static final String POOL_SIZE = "INTELLIPOST_DATABASE_POOL_SIZE";
    public static final int DEFAULT_PORT = 8000;

    /** The process environment. */
    public static AppConfig fromEnvironment() {
        return from(System::getenv);
    }

    /** Reads and validates; errors name the variable and the accepted values. */
    public static AppConfig from(Function<String, String> variables) {
        DatabaseSettings database = DatabaseSettings.from(variables);
        database.requireApplication();
        String host = DatabaseSettings.valueOf(variables, HOST).orElse("0.0.0.0");
        int port = integer(variables, PORT, DEFAULT_PORT, 0, 65_535);
        boolean migrate = DatabaseSettings.valueOf(variables, MIGRATE_ON_STARTUP)
                .map(v -> bool(v, MIGRATE_ON_STARTUP))
                .orElse(migratesByDefault(database.environment()));
        int poolSize = integer(variables, POOL_SIZE, 10, 1, 1_000);
        return new AppConfig(database, host, port, migrate, poolSize, variables);
    }

    public Environment environment() {
        return database.environment();
    }

    /** Development and testing migrate before serving; staging and production leave it to the pre-deploy step. */
    public static boolean migratesByDefault(Environment environment) {
        return environment == Environment.DEVELOPMENT || environment == Environment.TESTING;
    }

    /** Whether {@link #migrateOnStartup()} was set explicitly rather than taken from the environment's default. */
    public Optional<String> migrateOnStartupOverride() {
        return DatabaseSettings.valueOf(variables, MIGRATE_ON_STARTUP);
    }

    private static boolean bool(String value, String name) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigurationException(name + "=" + value + " must be true or false");
        };
    }

    private static int integer(Function<String, String> variables, String name, int fallback, int min, int max) {
        Optional<String> value = DatabaseSettings.valueOf(variables, name);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(value.get());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ConfigurationException(name + "=" + value.get() + " must be a whole number from " + min + " to " + max);
    }
}
