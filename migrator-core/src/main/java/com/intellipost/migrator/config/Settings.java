package com.intellipost.migrator.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;

/**
 * Collects settings from their sources and resolves them into a {@link Configuration}. Precedence, highest first:
 * <ol>
 *   <li>what was typed for this run: {@code --<key>=value} options ({@link #commandLine}), then
 *       {@code -Dintellipost.<key>} system properties (when both are given the option wins: it is the most
 *       explicit, and a launcher may set system properties the user never saw);</li>
 *   <li>{@code INTELLIPOST_*} environment variables;</li>
 *   <li>values set here: the plugin's {@code <configuration>} or the application's code;</li>
 *   <li>{@code intellipost.properties} ({@code environments.<env>.<key>}, then plain {@code <key>});</li>
 *   <li>built-in defaults.</li>
 * </ol>
 * A password in {@code intellipost.properties} for staging or production is refused wherever it sits, whatever
 * the sources above say: a committed password must be noticed even when the deployment overrides it.
 */
public final class Settings {

    /** Keys understood everywhere: as {@code intellipost.<key>}, in the properties file and in {@link #set}. */
    public static final List<String> KEYS = List.of("url", "user", "password", "schema", "locations", "environment",
            "lockTimeout", "statementTimeout", "lockRetries", "lockWaitTimeout", "connectTimeout", "transactionMode",
            "cleanEnabled", "lintFailOn", "lintBaseline", "lintDisabled", "postgresVersion", "format",
            "devUrl", "requireDown", "trace", "backup", "backupDirectory", "pgDumpPath", "downgrade", "from",
            "output");

    /**
     * Each setting's default, as {@code help} prints it; {@link #resolve} reads the plain values from here. A value in
     * parentheses describes a default that depends on something else. A key not listed has no default.
     */
    public static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("url", "(none)"),
            Map.entry("user", "(the url's)"),
            Map.entry("password", "(the url's)"),
            Map.entry("schema", "public"),
            Map.entry("locations", "classpath:db/migrations"),
            Map.entry("environment", "development"),
            Map.entry("lockTimeout", "5s"),
            Map.entry("statementTimeout", "0"),
            Map.entry("lockRetries", "5"),
            Map.entry("lockWaitTimeout", "10min"),
            Map.entry("connectTimeout", "60s"),
            Map.entry("transactionMode", "per-migration"),
            Map.entry("cleanEnabled", "false"),
            Map.entry("lintFailOn", "error"),
            Map.entry("postgresVersion", String.valueOf(LintOptions.DEFAULT_POSTGRES_VERSION)),
            Map.entry("format", "text"),
            Map.entry("devUrl", "(the url's server)"),
            Map.entry("requireDown", "false"),
            Map.entry("trace", "false"),
            Map.entry("backup", "(pg_dump in production, none elsewhere)"),
            Map.entry("backupDirectory", "intellipost-backups"),
            Map.entry("pgDumpPath", "pg_dump"),
            Map.entry("downgrade", "(none: plan an upgrade)"),
            Map.entry("from", "(the database's state)"),
            Map.entry("output", "(standard output)"));

    private static final String PROPERTIES_FILE = "intellipost.properties";

    private final Map<String, String> commandLine = new LinkedHashMap<>();
    private final Map<String, String> configured = new LinkedHashMap<>();
    private Function<String, String> systemProperties = System::getProperty;
    private Function<String, String> environmentVariables = System::getenv;
    private Path propertiesFile;
    private ClassLoader classLoader = Settings.class.getClassLoader();

    /** Sets a value at the "configured" level; null or blank values are ignored. */
    public Settings set(String key, String value) {
        if (!KEYS.contains(key)) {
            throw new ConfigurationException("Unknown setting '" + key + "'; known settings: " + String.join(", ", KEYS));
        }
        if (value != null && !value.isBlank()) {
            configured.put(key, value.trim());
        }
        return this;
    }

    /**
     * Sets a value typed on the command line as {@code --<key>=value}: it ranks above environment variables and
     * {@code -D} properties, and messages about it name {@code --<key>}. Blank values are ignored.
     */
    public Settings commandLine(String key, String value) {
        if (!KEYS.contains(key)) {
            throw new ConfigurationException("Unknown option --" + key + "; known options: --"
                    + String.join(", --", KEYS));
        }
        if (value != null && !value.isBlank()) {
            commandLine.put(key, value.trim());
        }
        return this;
    }

    public Settings url(String url) {
        return set("url", url);
    }

    public Settings user(String user) {
        return set("user", user);
    }

    public Settings password(String password) {
        return set("password", password);
    }

    public Settings schema(String schema) {
        return set("schema", schema);
    }

    /** Comma-separated {@code classpath:} or {@code filesystem:} locations (a bare path is a filesystem path). */
    public Settings locations(String locations) {
        return set("locations", locations);
    }

    public Settings environment(String environment) {
        return set("environment", environment);
    }

    public Settings lockTimeout(String lockTimeout) {
        return set("lockTimeout", lockTimeout);
    }

    public Settings transactionMode(String mode) {
        return set("transactionMode", mode);
    }

    /** Where {@code intellipost.properties} is read from; by default the classpath root. */
    public Settings propertiesFile(Path file) {
        this.propertiesFile = file;
        return this;
    }

    /** Ignores system properties and environment variables: for tests and embedders that configure everything. */
    public Settings isolated() {
        systemProperties = key -> null;
        environmentVariables = key -> null;
        return this;
    }

    /** Replaces where environment variables are read from (tests, or a launcher with its own environment). */
    public Settings environmentVariables(Function<String, String> lookup) {
        this.environmentVariables = lookup;
        return this;
    }

    /** Replaces where {@code -Dintellipost.*} values are read from (tests). */
    Settings systemProperties(Function<String, String> lookup) {
        this.systemProperties = lookup;
        return this;
    }

    public Settings classLoader(ClassLoader loader) {
        this.classLoader = loader;
        return this;
    }

    /** Resolves every setting and validates it; errors name the setting and how to fix it. */
    public Configuration resolve() {
        Properties file = loadPropertiesFile();
        Environment environment = lookup("environment", file, null)
                .map(s -> Environment.parse(s.value(), s.origin())).orElse(Environment.DEVELOPMENT);
        refuseCommittedPasswords(file, environment);
        Function<String, Optional<Source>> get = key -> lookup(key, file, environment);

        Optional<Source> passwordSource = get.apply("password");
        Optional<Source> urlSource = get.apply("url");
        Optional<DatabaseUrl> url = urlSource.map(s -> DatabaseUrl.parse(s.value(), s.origin()));
        Optional<String> user = get.apply("user").map(Source::value).or(() -> url.flatMap(DatabaseUrl::user));
        Optional<String> password = passwordSource.map(Source::value).or(() -> url.flatMap(DatabaseUrl::password));

        String schema = get.apply("schema").map(Source::value).orElse(DEFAULTS.get("schema"));
        List<String> locations = locations(get.apply("locations").orElse(new Source(DEFAULTS.get("locations"),
                "default")));

        return new Configuration(url, user, password, schema, locations, environment,
                duration(get, "lockTimeout"),
                duration(get, "statementTimeout"),
                integer(get, "lockRetries", Integer.parseInt(DEFAULTS.get("lockRetries"))),
                duration(get, "lockWaitTimeout"),
                duration(get, "connectTimeout"),
                get.apply("transactionMode").map(s -> TransactionMode.parse(s.value(), s.origin()))
                        .orElse(TransactionMode.PER_MIGRATION),
                get.apply("cleanEnabled").map(s -> Boolean.parseBoolean(s.value())).orElse(false),
                new LintOptions(
                        get.apply("lintFailOn").map(s -> LintFailOn.parse(s.value(), s.origin())).orElse(LintFailOn.ERROR),
                        get.apply("lintBaseline").map(Source::value),
                        get.apply("lintDisabled").map(s -> Set.copyOf(list(s.value()))).orElse(Set.of()),
                        integer(get, "postgresVersion", LintOptions.DEFAULT_POSTGRES_VERSION),
                        bool(get, "trace")),
                get.apply("format").map(s -> OutputFormat.parse(s.value(), s.origin())).orElse(OutputFormat.TEXT),
                get.apply("devUrl").map(s -> DatabaseUrl.parse(s.value(), s.origin())),
                bool(get, "requireDown"),
                new BackupOptions(get.apply("backup").map(s -> BackupOptions.parseMode(s.value(), s.origin()))
                        .orElse(environment == Environment.PRODUCTION),
                        get.apply("backupDirectory").map(s -> path(s.value(), s.origin()))
                                .orElse(Path.of(DEFAULTS.get("backupDirectory"))),
                        get.apply("pgDumpPath").map(Source::value).orElse(DEFAULTS.get("pgDumpPath"))),
                new PlanOptions(get.apply("downgrade").map(Source::value), get.apply("from").map(Source::value),
                        get.apply("output").map(s -> path(s.value(), s.origin()))));
    }

    private static Path path(String value, String origin) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new ConfigurationException(origin + "=" + value + " is not a usable path: " + e.getReason());
        }
    }

    /** The entries, each checked ({@link ScriptLocation#parse}): a typo must not read as a place with no scripts. */
    private static List<String> locations(Source s) {
        List<String> locations = list(s.value());
        if (locations.isEmpty()) {
            throw new ConfigurationException(s.origin() + "=" + s.value() + " names no location; name the directory"
                    + " of the scripts, e.g. filesystem:src/main/resources/db/migrations");
        }
        locations.forEach(l -> ScriptLocation.parse(l, s.origin()));
        return locations;
    }

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    /**
     * Refuses the PRESENCE of a password for staging or production in the properties file, not only its use:
     * with {@code INTELLIPOST_DATABASE_PASSWORD} set, a committed password would otherwise go unnoticed.
     * {@code environments.staging|production.*} are checked in every environment (a development run finds them
     * first); plain keys only when the environment is staging or production, for they are its values then.
     */
    private void refuseCommittedPasswords(Properties file, Environment environment) {
        List<String> keys = new ArrayList<>();
        if (environment.isProtected()) { // this run's own keys first: the message names what it would have used
            keys.addAll(List.of("environments." + environment.id() + ".password",
                    "environments." + environment.id() + ".url", "password", "url"));
        }
        for (Environment e : Environment.values()) {
            if (e.isProtected() && e != environment) {
                keys.add("environments." + e.id() + ".password");
                keys.add("environments." + e.id() + ".url");
            }
        }
        for (String key : keys) {
            String value = file.getProperty(key);
            if (value == null || value.isBlank()) {
                continue;
            }
            boolean isUrl = key.endsWith("url");
            if (!isUrl || UrlRedaction.carriesPassword(value.trim())) {
                String target = key.startsWith("environments.") ? key.split("\\.")[1] : environment.id();
                throw new ConfigurationException(propertiesOrigin() + " has " + key + (isUrl ? " with a password in"
                        + " the URL" : "") + ": a password for " + target + " must not be committed; remove it"
                        + (isUrl ? " from the URL" : "") + " and set INTELLIPOST_DATABASE_PASSWORD in the"
                        + " deployment's environment");
            }
        }
    }

    private static Duration duration(Function<String, Optional<Source>> get, String key) {
        Source s = get.apply(key).orElse(new Source(DEFAULTS.get(key), "default"));
        return Durations.parse(s.value(), s.origin());
    }

    private static boolean bool(Function<String, Optional<Source>> get, String key) {
        Optional<Source> s = get.apply(key);
        if (s.isEmpty()) {
            return false;
        }
        String v = s.get().value().toLowerCase(Locale.ROOT);
        if (v.equals("true") || v.equals("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new ConfigurationException(s.get().origin() + "=" + s.get().value() + " must be true or false");
    }

    private static int integer(Function<String, Optional<Source>> get, String key, int fallback) {
        Optional<Source> s = get.apply(key);
        if (s.isEmpty()) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(s.get().value());
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            if (s.get().value().matches("\\+?[0-9]+")) { // digits only: a whole number, too large for an int
                throw new ConfigurationException(s.get().origin() + "=" + s.get().value() + " is too large: at most "
                        + Integer.MAX_VALUE);
            }
        }
        throw new ConfigurationException(s.get().origin() + "=" + s.get().value() + " must be a whole number >= 0");
    }

    private Optional<Source> lookup(String key, Properties file, Environment environment) {
        String property = "intellipost." + key;
        String v = commandLine.get(key);
        if (v != null) {
            return Optional.of(new Source(v, "--" + key));
        }
        v = systemProperties.apply(property);
        if (v != null && !v.isBlank()) {
            return Optional.of(new Source(v.trim(), "-D" + property));
        }
        String variable = environmentVariable(key);
        v = environmentVariables.apply(variable);
        if (v != null && !v.isBlank()) {
            return Optional.of(new Source(v.trim(), variable));
        }
        v = configured.get(key);
        if (v != null) {
            return Optional.of(new Source(v, property));
        }
        if (environment != null) {
            String scoped = "environments." + environment.id() + "." + key;
            v = file.getProperty(scoped);
            if (v != null && !v.isBlank()) {
                return Optional.of(new Source(v.trim(), propertiesOrigin() + " " + scoped));
            }
        }
        v = file.getProperty(key);
        if (v != null && !v.isBlank()) {
            return Optional.of(new Source(v.trim(), propertiesOrigin() + " " + key));
        }
        return Optional.empty();
    }

    /** {@code url} is {@code INTELLIPOST_DATABASE_URL}; {@code lockTimeout} is {@code INTELLIPOST_LOCK_TIMEOUT}. */
    public static String environmentVariable(String key) {
        return switch (key) {
            case "url", "user", "password" -> "INTELLIPOST_DATABASE_" + key.toUpperCase(Locale.ROOT);
            default -> "INTELLIPOST_" + key.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
        };
    }

    private Properties loadPropertiesFile() {
        Properties props = new Properties();
        try {
            if (propertiesFile != null) {
                if (Files.isRegularFile(propertiesFile)) {
                    try (Reader r = Files.newBufferedReader(propertiesFile, StandardCharsets.UTF_8)) {
                        props.load(r);
                    }
                }
            } else if (classLoader != null) {
                try (InputStream in = classLoader.getResourceAsStream(PROPERTIES_FILE)) {
                    if (in != null) {
                        props.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
                    }
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigurationException("Cannot read " + propertiesOrigin() + ": " + e.getMessage(), e);
        }
        return props;
    }

    private String propertiesOrigin() {
        return propertiesFile != null ? propertiesFile.toString() : "classpath:" + PROPERTIES_FILE;
    }

    /** A value and where it came from ({@code --lockTimeout}, {@code INTELLIPOST_LOCK_TIMEOUT}...), for messages. */
    private record Source(String value, String origin) {
    }
}
