package com.intellipost.migrator.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 11 (settings), without a database: environment variables over configured values over the properties
 * file ({@code environments.<env>.<key>} before {@code <key>}), and no committed password for protected environments.
 */
class SettingsTest {

    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();

    /** Settings that see only {@link #env} (never this machine's variables or -D properties) and {@code file}. */
    private Settings settings(Path file) {
        return new Settings().isolated().environmentVariables(env::get).propertiesFile(file);
    }

    private Path propertiesFile(String text) throws IOException {
        return Files.writeString(dir.resolve("intellipost.properties"), text, StandardCharsets.UTF_8);
    }

    @Test
    void environmentOverConfiguredOverPropertiesFile() throws IOException {
        Path file = propertiesFile("url=jdbc:postgresql://file-host/app\nschema=file_schema\nlockTimeout=7s\n"
                + "user=file_user\n");
        Settings settings = settings(file);

        Configuration fromFile = settings.resolve();
        assertEquals("jdbc:postgresql://file-host/app", fromFile.requireUrl().jdbcUrl());
        assertEquals(Optional.of("file_user"), fromFile.user());
        assertEquals("file_schema", fromFile.schema());
        assertEquals(Duration.ofSeconds(7), fromFile.lockTimeout());

        settings.url("postgresql://configured_user@configured-host/app").lockTimeout("6s");
        Configuration configured = settings.resolve();
        assertEquals("jdbc:postgresql://configured-host/app", configured.requireUrl().jdbcUrl());
        assertEquals(Duration.ofSeconds(6), configured.lockTimeout());
        // An explicit user setting (here from the file) wins over the user inside the URL.
        assertEquals(Optional.of("file_user"), configured.user());
        assertEquals("file_schema", configured.schema(), "keys set nowhere higher still come from the file");

        env.put("INTELLIPOST_DATABASE_URL", "postgres://env_user:env_pw@env-host:6543/app");
        env.put("INTELLIPOST_LOCK_TIMEOUT", "3s");
        env.put("INTELLIPOST_DATABASE_USER", "env_user");
        Configuration fromEnv = settings.resolve();
        assertEquals("jdbc:postgresql://env-host:6543/app", fromEnv.requireUrl().jdbcUrl());
        assertEquals(Duration.ofSeconds(3), fromEnv.lockTimeout());
        assertEquals(Optional.of("env_user"), fromEnv.user());
        assertEquals(Optional.of("env_pw"), fromEnv.password(), "the URL's password when none is set");
        assertEquals("file_schema", fromEnv.schema());
        assertFalse(fromEnv.toString().contains("env_pw"), fromEnv.toString());
    }

    /**
     * Acceptance of the 2.10 precedence: options typed on the command line rank with -D properties (the option wins
     * when both are given), above INTELLIPOST_* variables, above configured values, above the properties file.
     */
    @Test
    void commandLineOptionsOutrankEnvironmentVariables() throws IOException {
        Path file = propertiesFile("url=jdbc:postgresql://file-host/app\nlockTimeout=7s\n");
        env.put("INTELLIPOST_DATABASE_URL", "postgresql://env_user:env_pw@env-host/a");
        env.put("INTELLIPOST_LOCK_TIMEOUT", "3s");
        env.put("INTELLIPOST_SCHEMA", "env_schema");
        Settings settings = settings(file).url("jdbc:postgresql://configured-host/app").lockTimeout("6s");
        assertEquals("jdbc:postgresql://env-host/a", settings.resolve().requireUrl().jdbcUrl(), "before any option");

        settings.commandLine("url", "postgresql://cli_user@cli-host:6543/b").commandLine("lockTimeout", "2s");
        Configuration c = settings.resolve();
        assertEquals("jdbc:postgresql://cli-host:6543/b", c.requireUrl().jdbcUrl());
        assertEquals(Optional.of("cli_user"), c.user(), "the user of the URL typed, not of the variable's");
        assertEquals(Optional.empty(), c.password(), "nothing from the variable's URL");
        assertEquals(Duration.ofSeconds(2), c.lockTimeout());
        assertEquals("env_schema", c.schema(), "keys typed nowhere still come from the environment");

        Map<String, String> properties = new HashMap<>();
        properties.put("intellipost.url", "jdbc:postgresql://property-host/c");
        properties.put("intellipost.schema", "property_schema");
        settings.systemProperties(properties::get);
        Configuration both = settings.resolve();
        assertEquals("jdbc:postgresql://cli-host:6543/b", both.requireUrl().jdbcUrl(), "the option beats -D");
        assertEquals("property_schema", both.schema(), "-D still beats the environment");

        settings.commandLine("lockTimeout", "soon");
        ConfigurationException bad = assertThrows(ConfigurationException.class, settings::resolve);
        assertTrue(bad.getMessage().startsWith("--lockTimeout=soon"), "names the option: " + bad.getMessage());
        settings.commandLine("lockTimeout", "2s").commandLine("environment", "prod");
        ConfigurationException environment = assertThrows(ConfigurationException.class, settings::resolve);
        assertTrue(environment.getMessage().startsWith("--environment=prod"), environment.getMessage());
        ConfigurationException unknown = assertThrows(ConfigurationException.class,
                () -> settings.commandLine("uri", "x"));
        assertTrue(unknown.getMessage().startsWith("Unknown option --uri") && unknown.getMessage().contains("--url"),
                unknown.getMessage());
    }

    @Test
    void userAndPasswordComeFromTheUrlUnlessSet() {
        Configuration c = settings(dir.resolve("absent.properties"))
                .url("postgresql+asyncpg://url_user:url_pw@h/app").resolve();
        assertEquals(Optional.of("url_user"), c.user());
        assertEquals(Optional.of("url_pw"), c.password());

        Configuration set = settings(dir.resolve("absent.properties"))
                .url("postgresql+asyncpg://url_user:url_pw@h/app").user("other").password("other_pw").resolve();
        assertEquals(Optional.of("other"), set.user());
        assertEquals(Optional.of("other_pw"), set.password());
    }

    @Test
    void environmentSectionOfThePropertiesFileIsChosenByIntellipostEnvironment() throws IOException {
        Path file = propertiesFile("url=jdbc:postgresql://plain/app\n"
                + "environments.staging.url=jdbc:postgresql://staging/app\n"
                + "environments.staging.lockTimeout=9s\n"
                + "environments.production.url=jdbc:postgresql://production/app\n");

        Configuration development = settings(file).resolve();
        assertEquals(Environment.DEVELOPMENT, development.environment(), "the default environment");
        assertEquals("jdbc:postgresql://plain/app", development.requireUrl().jdbcUrl());

        env.put("INTELLIPOST_ENVIRONMENT", "staging");
        Configuration staging = settings(file).resolve();
        assertEquals(Environment.STAGING, staging.environment());
        assertEquals("jdbc:postgresql://staging/app", staging.requireUrl().jdbcUrl());
        assertEquals(Duration.ofSeconds(9), staging.lockTimeout());
        assertEquals("jdbc:postgresql://configured/app",
                settings(file).url("jdbc:postgresql://configured/app").resolve().requireUrl().jdbcUrl(),
                "a configured value beats the file's environment section");

        env.put("INTELLIPOST_ENVIRONMENT", "PRODUCTION");
        Configuration production = settings(file).resolve();
        assertEquals(Environment.PRODUCTION, production.environment());
        assertEquals("jdbc:postgresql://production/app", production.requireUrl().jdbcUrl());
        assertEquals(Duration.ofSeconds(5), production.lockTimeout(), "the built-in default");

        env.put("INTELLIPOST_ENVIRONMENT", "prod");
        ConfigurationException bad = assertThrows(ConfigurationException.class, () -> settings(file).resolve());
        assertTrue(bad.getMessage().startsWith("INTELLIPOST_ENVIRONMENT=prod"), "names the variable: " + bad.getMessage());
        assertTrue(bad.getMessage().contains("production"), bad.getMessage());
    }

    @Test
    void passwordInThePropertiesFileIsRefusedForProtectedEnvironments() throws IOException {
        Path file = propertiesFile("url=jdbc:postgresql://h/app\n"
                + "environments.production.password=Hunter2-file\n"
                + "environments.staging.password=Hunter2-file\n"
                + "password=Hunter2-plain\n");

        for (String environment : new String[] {"production", "staging"}) {
            env.put("INTELLIPOST_ENVIRONMENT", environment);
            ConfigurationException e = assertThrows(ConfigurationException.class, () -> settings(file).resolve());
            assertTrue(e.getMessage().contains("intellipost.properties"), "names the file: " + e.getMessage());
            assertTrue(e.getMessage().contains("environments." + environment + ".password"), e.getMessage());
            assertTrue(e.getMessage().contains("INTELLIPOST_DATABASE_PASSWORD"), e.getMessage());
            assertFalse(e.getMessage().contains("Hunter2"), "never shows the password: " + e.getMessage());
        }

        env.put("INTELLIPOST_ENVIRONMENT", "production");
        Path plainOnly = propertiesFile("url=jdbc:postgresql://h/app\npassword=Hunter2-plain\n");
        ConfigurationException plain = assertThrows(ConfigurationException.class, () -> settings(plainOnly).resolve());
        assertTrue(plain.getMessage().contains("INTELLIPOST_DATABASE_PASSWORD"), plain.getMessage());

        env.clear();
        assertEquals(Optional.of("Hunter2-plain"), settings(plainOnly).resolve().password(),
                "development may keep a password in the file");

        env.put("INTELLIPOST_ENVIRONMENT", "production");
        Path urlWithPassword = propertiesFile("environments.production.url=postgresql://app:Hunter2-url@h/app\n");
        ConfigurationException inUrl = assertThrows(ConfigurationException.class,
                () -> settings(urlWithPassword).resolve());
        assertTrue(inUrl.getMessage().contains("environments.production.url")
                && inUrl.getMessage().contains("INTELLIPOST_DATABASE_PASSWORD"), inUrl.getMessage());
        assertFalse(inUrl.getMessage().contains("Hunter2"), "never shows the password: " + inUrl.getMessage());
    }

    /**
     * A committed password for staging or production is refused for being there, not for being used: the
     * deployment's INTELLIPOST_DATABASE_PASSWORD (or any higher source) does not hide it, and a development run
     * finds the environments.staging|production ones before they reach a server.
     */
    @Test
    void committedPasswordIsRefusedEvenWhenHigherSourcesOverrideIt() throws IOException {
        String[][] cases = {
            // file text, environment, key the message names
            {"environments.production.password=Hunter2-file\n", "production", "environments.production.password"},
            {"environments.staging.password=Hunter2-file\n", "staging", "environments.staging.password"},
            {"environments.production.password=Hunter2-file\n", "development", "environments.production.password"},
            {"environments.staging.password=Hunter2-file\n", "testing", "environments.staging.password"},
            {"password=Hunter2-plain\n", "production", "password"},
            {"password=Hunter2-plain\n", "staging", "password"},
            {"environments.production.url=postgresql://app:Hunter2/url@h/app\n", "development",
                "environments.production.url"},
            {"environments.staging.url=jdbc:postgresql://h/app?password=Hunter2-q\n", "staging",
                "environments.staging.url"},
            {"url=postgres://app:Hunter2@url@h/app\n", "production", "url"},
        };
        for (String[] c : cases) {
            Path file = propertiesFile("url=jdbc:postgresql://plain/app\n" + c[0]);
            env.clear();
            env.put("INTELLIPOST_ENVIRONMENT", c[1]);
            env.put("INTELLIPOST_DATABASE_PASSWORD", "from-the-deployment");
            env.put("INTELLIPOST_DATABASE_URL", "postgresql://app@deployment-host/app");
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> settings(file).password("configured").commandLine("password", "typed").resolve(), c[0]);
            String m = e.getMessage();
            assertTrue(m.startsWith(file + " has " + c[2] + (c[2].endsWith("url") ? " with a password" : ":")), m);
            assertTrue(m.contains("remove it") && m.contains("INTELLIPOST_DATABASE_PASSWORD"), m);
            assertFalse(m.contains("Hunter2"), "never shows the password: " + m);
        }

        // What stays allowed: development and testing may keep plain passwords; URLs without one anywhere.
        env.clear();
        Path plain = propertiesFile("password=dev-pw\nurl=postgresql://app:dev-pw@h/app\n"
                + "environments.production.url=postgresql://app@prod-host/app\n");
        assertEquals(Optional.of("dev-pw"), settings(plain).resolve().password());
        env.put("INTELLIPOST_ENVIRONMENT", "testing");
        assertEquals(Optional.of("dev-pw"), settings(plain).resolve().password());
        Path clean = propertiesFile("environments.production.url=postgresql://app@prod-host/app\n");
        env.put("INTELLIPOST_ENVIRONMENT", "production");
        env.put("INTELLIPOST_DATABASE_PASSWORD", "from-the-deployment");
        Configuration production = settings(clean).resolve();
        assertEquals(Optional.of("from-the-deployment"), production.password());
        assertEquals("jdbc:postgresql://prod-host/app", production.requireUrl().jdbcUrl());
    }

    @Test
    void environmentVariableNamesAndUnknownKeys() {
        assertEquals("INTELLIPOST_DATABASE_URL", Settings.environmentVariable("url"));
        assertEquals("INTELLIPOST_DATABASE_PASSWORD", Settings.environmentVariable("password"));
        assertEquals("INTELLIPOST_LOCK_WAIT_TIMEOUT", Settings.environmentVariable("lockWaitTimeout"));
        assertEquals("INTELLIPOST_CONNECT_TIMEOUT", Settings.environmentVariable("connectTimeout"));
        for (String key : Settings.KEYS) {
            assertTrue(Settings.environmentVariable(key).matches("INTELLIPOST_[A-Z_]+"), key);
        }

        ConfigurationException e = assertThrows(ConfigurationException.class, () -> new Settings().set("uri", "x"));
        assertTrue(e.getMessage().contains("'uri'") && e.getMessage().contains("url"), e.getMessage());

        env.put("INTELLIPOST_LOCK_RETRIES", "-1");
        ConfigurationException retries = assertThrows(ConfigurationException.class,
                () -> settings(dir.resolve("absent.properties")).resolve());
        assertTrue(retries.getMessage().startsWith("INTELLIPOST_LOCK_RETRIES=-1"), retries.getMessage());
    }
}
