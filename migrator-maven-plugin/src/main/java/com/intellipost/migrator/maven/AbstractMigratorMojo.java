package com.intellipost.migrator.maven;

import com.intellipost.migrator.Migrator;
import com.intellipost.migrator.MigratorException;
import com.intellipost.migrator.command.CleanRefusedException;
import com.intellipost.migrator.command.UnknownRevisionException;
import com.intellipost.migrator.execute.BackupFailedException;
import com.intellipost.migrator.config.Configuration;
import com.intellipost.migrator.config.ConfigurationException;
import com.intellipost.migrator.config.ScriptLocation;
import com.intellipost.migrator.config.DatabaseUrl;
import com.intellipost.migrator.script.ScriptLoadException;
import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.apache.maven.model.Resource;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/**
 * What every goal shares: the parameters, the core configuration built from them, and the translation of the
 * core's failures into build failures that say what to change. Each goal only calls the core and logs the result.
 *
 * <p>Every parameter is also the user property {@code intellipost.<name>}. The pom's values are the "configured"
 * level of the core's settings: {@code -Dintellipost.*} and {@code INTELLIPOST_*} environment variables rank above
 * them, {@code intellipost.properties} in the project directory below them, and the {@code settings.xml}
 * {@code <server>} named by {@code serverId} supplies user and password when nothing else does.
 */
public abstract class AbstractMigratorMojo extends AbstractMojo {

    /** Where the plugin looks for scripts unless told otherwise (relative to the project directory). */
    static final String DEFAULT_LOCATION = "src/main/resources/db/migrations";
    /** The core's own default, which means that no source set {@code locations}. */
    private static final List<String> CORE_DEFAULT_LOCATIONS = List.of("classpath:db/migrations");
    private static final String FILESYSTEM = ScriptLocation.FILESYSTEM;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Parameter(defaultValue = "${settings}", readonly = true, required = true)
    private Settings settings;

    @Parameter(defaultValue = "${mojoExecution}", readonly = true, required = true)
    private MojoExecution mojoExecution;

    @Inject
    private SettingsDecrypter settingsDecrypter;

    /**
     * The database: {@code jdbc:postgresql://host:port/db}, or {@code postgresql://user:password@host:port/db}
     * ({@code postgres://} and SQLAlchemy's {@code postgresql+asyncpg://} work too).
     */
    @Parameter(property = "intellipost.url")
    private String url;

    /** Database user; also taken from the URL or from the settings.xml server {@link #serverId}. */
    @Parameter(property = "intellipost.user")
    private String user;

    /**
     * Database password. Prefer the settings.xml server {@link #serverId} or INTELLIPOST_DATABASE_PASSWORD: Maven's
     * debug output ({@code -X}) prints every parameter value. {@code -Dintellipost.password} works too; it is read by
     * the core directly and deliberately not bound to this parameter, so that {@code -X} does not print it.
     */
    @Parameter
    private String password;

    /** Schema holding the history and audit tables. Default {@code public}. */
    @Parameter(property = "intellipost.schema")
    private String schema;

    /**
     * Comma-separated script locations, {@code filesystem:<path>} (relative to the project directory) or
     * {@code classpath:<path>} (looked up in the project's resource directories). Default
     * {@code filesystem:src/main/resources/db/migrations}.
     */
    @Parameter(property = "intellipost.locations")
    private String locations;

    /** {@code development} (default; a command that writes creates a missing database), {@code testing}, {@code staging}, {@code production}. */
    @Parameter(property = "intellipost.environment")
    private String environment;

    /** {@code SET lock_timeout} for every migration, e.g. {@code 5s} (default). */
    @Parameter(property = "intellipost.lockTimeout")
    private String lockTimeout;

    /** {@code SET statement_timeout} for every migration; {@code 0} (default) means none. */
    @Parameter(property = "intellipost.statementTimeout")
    private String statementTimeout;

    /** How often a migration that hit lock_timeout is retried (default 5). */
    @Parameter(property = "intellipost.lockRetries")
    private String lockRetries;

    /** How long to wait for another migrator's advisory lock (default {@code 10min}). */
    @Parameter(property = "intellipost.lockWaitTimeout")
    private String lockWaitTimeout;

    /** How long to wait for a database that is not up yet (default {@code 60s}). */
    @Parameter(property = "intellipost.connectTimeout")
    private String connectTimeout;

    /** {@code per-migration} (default) or {@code all} (the whole run in one transaction). */
    @Parameter(property = "intellipost.transactionMode")
    private String transactionMode;

    /** Which lint findings fail {@code check} and {@code lint}: {@code error} (default), {@code warning} or {@code never}. */
    @Parameter(property = "intellipost.lintFailOn")
    private String lintFailOn;

    /** Leaves this revision and its ancestors out of lint (adopting lint on an existing project). */
    @Parameter(property = "intellipost.lintBaseline")
    private String lintBaseline;

    /** Comma-separated lint rule ids turned off for the whole project. */
    @Parameter(property = "intellipost.lintDisabled")
    private String lintDisabled;

    /** The PostgreSQL major version whose lint rules apply when no database is configured (default 15). */
    @Parameter(property = "intellipost.postgresVersion")
    private String postgresVersion;

    /**
     * Whether {@code clean} may run: it drops every object in the schema. Default false; {@code clean} is refused in
     * production whatever this says.
     */
    @Parameter(property = "intellipost.cleanEnabled")
    private String cleanEnabled;

    /**
     * {@code pg_dump} (default in production) backs the database up before a migrate or downgrade with work to do;
     * {@code none} (default elsewhere) does not. Say {@code none} explicitly for a production platform that takes
     * its own snapshots.
     */
    @Parameter(property = "intellipost.backup")
    private String backup;

    /** Where backups are written (default {@code intellipost-backups}, relative to the working directory). */
    @Parameter(property = "intellipost.backupDirectory")
    private String backupDirectory;

    /** The pg_dump program (default {@code pg_dump}, looked up on the PATH). */
    @Parameter(property = "intellipost.pgDumpPath")
    private String pgDumpPath;

    /**
     * {@code true}: lint also runs the revisions in scope on a scratch database (created on the configured server,
     * or on {@code intellipost.devUrl}'s, and dropped at the end) and reports the locks, rewrites and scans PostgreSQL
     * measured for each statement.
     */
    @Parameter(property = "intellipost.trace")
    private String trace;

    /** The settings.xml {@code <server>} whose username and password are used when no other source sets them. */
    @Parameter(property = "intellipost.serverId", defaultValue = "intellipost-db")
    private String serverId;

    /** Skips the goal. */
    @Parameter(property = "intellipost.skip", defaultValue = "false")
    private boolean skip;

    /** The locations in effect, for error messages. */
    private List<String> effectiveLocations = List.of();
    /** Which credentials came from settings.xml, for the database line; empty when none did. */
    private String credentialsFromSettings = "";

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping intellipost:" + mojoExecution.getGoal() + " (intellipost.skip=true)");
            return;
        }
        registerDriver();
        try (URLClassLoader resources = resourcesClassLoader()) {
            Migrator migrator = configure(resources).load();
            Configuration configuration = migrator.configuration();
            getLog().debug("intellipost: " + configuration); // toString() masks the password
            if (usesDatabase()) {
                configuration.url().ifPresent(u -> getLog().info(describe(configuration, u)));
            }
            execute(migrator);
        } catch (MigratorException e) {
            throw new MojoFailureException(e.getMessage() + hint(e), e);
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot release the project's resource directories: " + e.getMessage(), e);
        }
    }

    /** Runs the goal's command and logs its result. */
    protected abstract void execute(Migrator migrator) throws MojoFailureException;

    /**
     * Sets the settings only this goal has (as {@code set(key, value)}, so the core's precedence applies: the same
     * rank as the shared parameters).
     */
    protected void configureGoal(Migrator.Builder builder) {
    }

    /** False for goals that only read and write script files. */
    protected boolean usesDatabase() {
        return true;
    }

    /** The one-line description of the database a goal works on; never shows a password. */
    String describe(Configuration configuration, DatabaseUrl url) {
        return "Database " + url.display() + configuration.user().map(u -> " as " + u).orElse("")
                + " (environment " + configuration.environment().id() + ", schema " + configuration.schema() + ")"
                + credentialsFromSettings;
    }

    private Migrator.Builder configure(ClassLoader resources) throws MojoExecutionException {
        Path basedir = project.getBasedir().toPath();
        Migrator.Builder builder = Migrator.configure().classLoader(resources);
        builder.settings().propertiesFile(basedir.resolve("intellipost.properties"));
        builder.url(url).user(user).password(password).schema(schema).environment(environment)
                .set("lockTimeout", lockTimeout)
                .set("statementTimeout", statementTimeout)
                .set("lockRetries", lockRetries)
                .set("lockWaitTimeout", lockWaitTimeout)
                .set("connectTimeout", connectTimeout)
                .set("transactionMode", transactionMode)
                .set("lintFailOn", lintFailOn)
                .set("lintBaseline", lintBaseline)
                .set("lintDisabled", lintDisabled)
                .set("postgresVersion", postgresVersion)
                .set("cleanEnabled", cleanEnabled)
                .set("backup", backup)
                .set("backupDirectory", backupDirectory)
                .set("pgDumpPath", pgDumpPath)
                .set("trace", trace);
        configureGoal(builder);
        if (locations != null && !locations.isBlank()) {
            builder.locations(resolveLocations(locations, basedir));
        }
        Configuration resolved = builder.settings().resolve();
        effectiveLocations = resolved.locations();
        if (resolved.locations().equals(CORE_DEFAULT_LOCATIONS) && (locations == null || locations.isBlank())) {
            // Nothing chose the locations: the plugin's default is the source directory, so that new and merge
            // can write there and no build is needed before migrating.
            String fallback = resolveLocations(FILESYSTEM + DEFAULT_LOCATION, basedir);
            builder.locations(fallback);
            effectiveLocations = List.of(fallback);
        }
        addServerCredentials(builder, resolved);
        return builder;
    }

    /**
     * Filesystem locations are relative to the project directory, whatever directory Maven was started from. They
     * are handed to the core relative to the working directory when they lie below it, so that script names in logs
     * and in the history stay short ({@code src/main/resources/db/migrations/...}).
     */
    static String resolveLocations(String value, Path basedir) {
        Path workingDirectory = Paths.get("").toAbsolutePath();
        String resolved = Arrays.stream(value.split(",")).map(String::trim).filter(l -> !l.isEmpty()).map(l -> {
            // read before resolving: "filesystem:" would become the project directory, "bogus:x" a path in it
            ScriptLocation location = ScriptLocation.parse(l, "intellipost.locations");
            if (location.classpath()) {
                return location.display();
            }
            Path path = basedir.resolve(location.path()).normalize();
            if (path.startsWith(workingDirectory) && !path.equals(workingDirectory)) {
                path = workingDirectory.relativize(path);
            }
            return FILESYSTEM + path;
        }).collect(Collectors.joining(","));
        if (resolved.isEmpty()) {
            // an empty value would leave the core's default (classpath:db/migrations) in its place, unseen
            throw new ConfigurationException("intellipost.locations=" + value + " names no location; name the"
                    + " directory of the scripts, e.g. src/main/resources/db/migrations");
        }
        return resolved;
    }

    /** User and password from settings.xml, for whichever of the two no other source set. */
    private void addServerCredentials(Migrator.Builder builder, Configuration resolved) throws MojoExecutionException {
        if (resolved.user().isPresent() && resolved.password().isPresent()) {
            return;
        }
        Server server = settings.getServer(serverId);
        if (server == null) {
            return;
        }
        SettingsDecryptionResult decrypted = settingsDecrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
        for (SettingsProblem problem : decrypted.getProblems()) {
            if (problem.getSeverity() != SettingsProblem.Severity.WARNING) {
                throw new MojoExecutionException("Cannot decrypt the password of <server> " + serverId
                        + " in settings.xml: " + problem.getMessage() + "; check settings-security.xml (mvn --encrypt-password)");
            }
        }
        Server plain = decrypted.getServer();
        String serverUser = blankToNull(plain.getUsername());
        String serverPassword = blankToNull(plain.getPassword());
        if (resolved.user().isPresent() && serverUser != null && !serverUser.equals(resolved.user().get())) {
            getLog().debug("Ignoring settings.xml <server> " + serverId + ": it is for user " + serverUser
                    + ", the configured user is " + resolved.user().get());
            return;
        }
        List<String> taken = new ArrayList<>();
        if (resolved.user().isEmpty() && serverUser != null) {
            builder.user(serverUser);
            taken.add("user " + serverUser);
        }
        if (resolved.password().isEmpty() && serverPassword != null) {
            builder.password(serverPassword);
            taken.add("password");
        }
        if (!taken.isEmpty()) {
            credentialsFromSettings = "; " + String.join(" and ", taken) + " from settings.xml <server> " + serverId;
        }
    }

    /** The project's resource directories, for {@code classpath:} locations. */
    private URLClassLoader resourcesClassLoader() throws MojoExecutionException {
        List<URL> urls = new ArrayList<>();
        for (Resource resource : project.getResources()) {
            File dir = new File(resource.getDirectory());
            if (dir.isDirectory()) {
                try {
                    urls.add(dir.toURI().toURL());
                } catch (MalformedURLException e) {
                    throw new MojoExecutionException("Cannot use resource directory " + dir + ": " + e.getMessage(), e);
                }
            }
        }
        return new URLClassLoader(urls.toArray(new URL[0]), getClass().getClassLoader());
    }

    /**
     * Loads the PostgreSQL driver from this plugin's class realm, so that DriverManager knows it even when it was
     * initialised earlier in this JVM by code that could not see the driver.
     */
    private static void registerDriver() throws MojoExecutionException {
        try {
            Class.forName("org.postgresql.Driver", true, AbstractMigratorMojo.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new MojoExecutionException("The PostgreSQL driver is missing from the plugin's dependencies", e);
        }
    }

    /** What to change in Maven terms, added to the core's message. */
    private String hint(MigratorException e) {
        if (e instanceof ConfigurationException) {
            return "\nSettings come from -Dintellipost.<name>, INTELLIPOST_* environment variables, the plugin's"
                    + " <configuration> (<url>, <user>, <password>, <environment>, ...), "
                    + project.getBasedir().toPath().resolve("intellipost.properties")
                    + " and, for user and password, the settings.xml <server> with id " + serverId + ".";
        }
        if (e instanceof BackupFailedException) {
            return "\nIn Maven: -Dintellipost.pgDumpPath=/path/to/pg_dump (or <pgDumpPath>), or"
                    + " -Dintellipost.backup=none (or <backup>none</backup>).";
        }
        if (e instanceof CleanRefusedException && e.getMessage().contains("runs only with cleanEnabled=true")) {
            return "\nIn Maven: -Dintellipost.cleanEnabled=true (or <cleanEnabled>true</cleanEnabled>).";
        }
        if (e instanceof UnknownRevisionException) {
            return "\nSet the target in the plugin's <configuration> (<target>) or with -Dintellipost.target=...";
        }
        if (e instanceof ScriptLoadException) {
            return "\nScripts are read from " + String.join(", ", effectiveLocations)
                    + " (set with <locations> or -Dintellipost.locations).";
        }
        return "";
    }

    /** {@code r1, r2}, or {@code base} when no revision is applied (the command line's wording). */
    static String atOrBase(List<String> current) {
        return current.isEmpty() ? "base" : String.join(", ", current);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
