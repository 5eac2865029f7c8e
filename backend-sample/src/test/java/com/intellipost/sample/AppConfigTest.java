package com.intellipost.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.config.ConfigurationException;
import com.intellipost.migrator.config.DatabaseUrl;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Configuration from INTELLIPOST_* variables: defaults per environment, URL forms, fail-fast errors. */
class AppConfigTest {

    private static AppConfig config(Map<String, String> variables) {
        return AppConfig.from(variables::get);
    }

    @Test
    void developmentDefaults() {
        AppConfig config = config(Map.of());
        assertEquals("development", config.environment().id());
        assertEquals(8000, config.port());
        assertTrue(config.migrateOnStartup());
        DatabaseUrl db = config.database().requireApplication();
        assertEquals("jdbc:postgresql://127.0.0.1:5432/intellipost", db.jdbcUrl());
        assertEquals(Optional.of("postgres"), db.user());
        assertEquals(db, config.database().forMigrations(), "without a migration URL, migrations use the app's");
    }

    @Test
    void migrateOnStartupFollowsTheEnvironmentUnlessOverridden() {
        String url = "postgresql://app@db:5432/intellipost";
        assertTrue(config(Map.of("INTELLIPOST_ENVIRONMENT", "testing", "INTELLIPOST_DATABASE_URL", url)).migrateOnStartup());
        assertFalse(config(Map.of("INTELLIPOST_ENVIRONMENT", "staging", "INTELLIPOST_DATABASE_URL", url)).migrateOnStartup());
        assertFalse(config(Map.of("INTELLIPOST_ENVIRONMENT", "production", "INTELLIPOST_DATABASE_URL", url)).migrateOnStartup());
        assertTrue(config(Map.of("INTELLIPOST_ENVIRONMENT", "PRODUCTION", "INTELLIPOST_DATABASE_URL", url,
                "INTELLIPOST_MIGRATE_ON_STARTUP", "true")).migrateOnStartup());
        assertFalse(config(Map.of("INTELLIPOST_MIGRATE_ON_STARTUP", "false")).migrateOnStartup());
        ConfigurationException bad = assertThrows(ConfigurationException.class,
                () -> config(Map.of("INTELLIPOST_MIGRATE_ON_STARTUP", "yes")));
        assertEquals("INTELLIPOST_MIGRATE_ON_STARTUP=yes must be true or false", bad.getMessage());
    }

    @Test
    void productionNeedsAUrl() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> config(Map.of("INTELLIPOST_ENVIRONMENT", "production")));
        assertTrue(e.getMessage().startsWith("INTELLIPOST_DATABASE_URL is not set; in production it is required"),
                e.getMessage());
    }

    @Test
    void pythonStyleUrlsAndSeparateCredentials() {
        AppConfig config = config(Map.of(
                "INTELLIPOST_DATABASE_URL", "postgresql+asyncpg://intellipost_app:s3cret@db:5432/intellipost",
                "INTELLIPOST_MIGRATION_DATABASE_URL", "postgres://intellipost_migrator@db/intellipost",
                "INTELLIPOST_MIGRATION_DATABASE_PASSWORD", "ddl-secret"));
        DatabaseUrl app = config.database().requireApplication();
        assertEquals("jdbc:postgresql://db:5432/intellipost", app.jdbcUrl());
        assertEquals(Optional.of("intellipost_app"), app.user());
        assertEquals(Optional.of("s3cret"), app.password());
        DatabaseUrl migration = config.database().forMigrations();
        assertEquals("jdbc:postgresql://db/intellipost", migration.jdbcUrl());
        assertEquals(Optional.of("intellipost_migrator"), migration.user());
        assertEquals(Optional.of("ddl-secret"), migration.password());

        AppConfig overridden = config(Map.of("INTELLIPOST_DATABASE_URL", "postgresql://a:b@db/x",
                "INTELLIPOST_DATABASE_USER", "other", "INTELLIPOST_DATABASE_PASSWORD", "pw"));
        assertEquals(Optional.of("other"), overridden.database().requireApplication().user());
        assertEquals(Optional.of("pw"), overridden.database().requireApplication().password());
    }

    @Test
    void migrationUrlMustNameItsUser() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> config(Map.of("INTELLIPOST_MIGRATION_DATABASE_URL", "jdbc:postgresql://db/intellipost")));
        assertTrue(e.getMessage().contains("INTELLIPOST_MIGRATION_DATABASE_USER"), e.getMessage());
    }

    @Test
    void badValuesNameTheVariable() {
        assertEquals("INTELLIPOST_PORT=http must be a whole number from 0 to 65535",
                assertThrows(ConfigurationException.class, () -> config(Map.of("INTELLIPOST_PORT", "http"))).getMessage());
        assertTrue(assertThrows(ConfigurationException.class, () -> config(Map.of("INTELLIPOST_ENVIRONMENT", "prod")))
                .getMessage().startsWith("INTELLIPOST_ENVIRONMENT=prod is not an environment"));
        assertTrue(assertThrows(ConfigurationException.class,
                () -> config(Map.of("INTELLIPOST_DATABASE_URL", "mysql://db/x"))).getMessage()
                .startsWith("INTELLIPOST_DATABASE_URL has an unsupported form"));
    }
}
