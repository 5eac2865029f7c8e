package com.intellipost.migrator;

import com.intellipost.migrator.command.CheckCommand;
import com.intellipost.migrator.command.CleanCommand;
import com.intellipost.migrator.command.CleanResult;
import com.intellipost.migrator.command.CommandContext;
import com.intellipost.migrator.command.DowngradeCommand;
import com.intellipost.migrator.command.DowngradeResult;
import com.intellipost.migrator.command.InfoCommand;
import com.intellipost.migrator.command.InfoResult;
import com.intellipost.migrator.command.LintCommand;
import com.intellipost.migrator.command.MergeCommand;
import com.intellipost.migrator.command.MigrateCommand;
import com.intellipost.migrator.command.MigrateResult;
import com.intellipost.migrator.command.NewRevisionCommand;
import com.intellipost.migrator.command.NewRevisionResult;
import com.intellipost.migrator.command.RepairCommand;
import com.intellipost.migrator.command.RepairResult;
import com.intellipost.migrator.command.StampCommand;
import com.intellipost.migrator.command.StampResult;
import com.intellipost.migrator.command.ValidateCommand;
import com.intellipost.migrator.config.Configuration;
import com.intellipost.migrator.config.ConfigurationException;
import com.intellipost.migrator.config.Settings;
import com.intellipost.migrator.lint.LintResult;
import javax.sql.DataSource;

/**
 * The public entry point. {@code Migrator.configure().url(...).load().migrate()}. Every command reads the scripts
 * afresh, so one instance can serve a long-running application. Failures are {@link MigratorException}s whose
 * message tells the user what to do.
 */
public final class Migrator {

    private final CommandContext context;

    private Migrator(Configuration configuration, ClassLoader classLoader, DataSource dataSource) {
        this.context = new CommandContext(configuration, classLoader, dataSource);
    }

    /** Starts a configuration; see {@link Settings} for the sources and their precedence. */
    public static Builder configure() {
        return new Builder();
    }

    public Configuration configuration() {
        return context.configuration();
    }

    /** Upgrades to the single head; refuses, naming every head, when there are several. */
    public MigrateResult migrate() {
        return migrate(null);
    }

    /** Upgrades to {@code head}, {@code heads} or a revision id. */
    public MigrateResult migrate(String target) {
        return new MigrateCommand(context).run(target);
    }

    /** Reverts to {@code -N}, a revision id or {@code base}. */
    public DowngradeResult downgrade(String target) {
        return new DowngradeCommand(context).run(target);
    }

    public InfoResult info() {
        return new InfoCommand(context).run();
    }

    /** Throws {@link com.intellipost.migrator.command.ValidationException} when scripts and history disagree. */
    public InfoResult validate() {
        return new ValidateCommand(context).run();
    }

    /**
     * The CI gate's script checks: scripts load, the graph is sound and has a single head, and no lint finding fails
     * under {@code lintFailOn} ({@link com.intellipost.migrator.lint.LintFailedException}). Without a database it
     * lints every revision; with one, the pending ones (reading only). Call {@link #validate()} as well when a
     * database is configured.
     */
    public CheckCommand.CheckResult check() {
        return new CheckCommand(context).run();
    }

    /**
     * The static lint rules over the revisions in scope (DESIGN 2.7): pending ones, or every one without a database,
     * less {@code lintBaseline}. Findings are returned, not thrown: {@link LintResult#failed()} says whether they
     * fail under {@code lintFailOn}. With {@code trace=true} the revisions in scope also run on a scratch database
     * (DESIGN 2.12) and {@link LintResult#statements()} holds what PostgreSQL measured for each statement; a
     * revision that fails there is a {@link com.intellipost.migrator.lint.trace.TraceFailedException}.
     */
    public LintResult lint() {
        return new LintCommand(context).run();
    }

    /** Writes a new revision file (parent: the single head) to the first filesystem location. */
    public NewRevisionResult newRevision(String message) {
        return new NewRevisionCommand(context).run(message);
    }

    /** Writes a merge revision joining every head. */
    public NewRevisionResult merge(String message) {
        return new MergeCommand(context).run(message);
    }

    /** Marks revisions applied without running them ({@code base} empties the history). */
    public StampResult stamp(String target) {
        return new StampCommand(context).run(target);
    }

    /** Clears failed rows and rows left in progress by an interrupted run, and realigns checksums of edited scripts. */
    public RepairResult repair() {
        return new RepairCommand(context).run();
    }

    /**
     * Drops every object in the schema, the history and audit tables included; refused in production, and
     * elsewhere unless {@code cleanEnabled=true} ({@link com.intellipost.migrator.command.CleanRefusedException}).
     */
    public CleanResult clean() {
        return new CleanCommand(context).run();
    }

    /**
     * Fluent configuration; values set here rank below {@code INTELLIPOST_*}, {@code -Dintellipost.*} and command
     * line options ({@link Settings#commandLine}), above {@code intellipost.properties}.
     */
    public static final class Builder {
        private final Settings settings = new Settings();
        private ClassLoader classLoader = Thread.currentThread().getContextClassLoader();
        private DataSource dataSource;

        public Builder url(String url) {
            settings.url(url);
            return this;
        }

        public Builder user(String user) {
            settings.user(user);
            return this;
        }

        public Builder password(String password) {
            settings.password(password);
            return this;
        }

        public Builder schema(String schema) {
            settings.schema(schema);
            return this;
        }

        /** Comma-separated {@code classpath:} or {@code filesystem:} locations. */
        public Builder locations(String locations) {
            settings.locations(locations);
            return this;
        }

        public Builder environment(String environment) {
            settings.environment(environment);
            return this;
        }

        /** Any key of {@link Settings#KEYS}. */
        public Builder set(String key, String value) {
            settings.set(key, value);
            return this;
        }

        /** Ignores {@code -Dintellipost.*} and {@code INTELLIPOST_*}: everything comes from this builder. */
        public Builder isolated() {
            settings.isolated();
            return this;
        }

        /** Direct access for sources this builder does not name (command line options, the properties file...). */
        public Settings settings() {
            return settings;
        }

        /** Where {@code classpath:} locations and {@code intellipost.properties} are looked up. */
        public Builder classLoader(ClassLoader loader) {
            this.classLoader = loader;
            settings.classLoader(loader);
            return this;
        }

        /**
         * Connections from the application's {@code DataSource} (its pool) instead of a URL: the lock on one
         * connection, the work on another, both given back afterwards with the session settings the migrator
         * changed restored (a script's own {@code SET} stays: scripts should use {@code SET LOCAL}). A URL, when one
         * is configured from any source, wins over it; {@code user} and {@code password} apply to a URL only.
         */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = dataSource;
            return this;
        }

        /** Resolves and validates the configuration. */
        public Migrator load() {
            ClassLoader loader = classLoader != null ? classLoader : Migrator.class.getClassLoader();
            Configuration configuration = settings.resolve();
            if (dataSource != null && configuration.url().isEmpty()
                    && (configuration.user().isPresent() || configuration.password().isPresent())) {
                String setting = configuration.user().isPresent() ? "user" : "password";
                throw new ConfigurationException("intellipost." + setting + " is set but intellipost.url is not: the"
                        + " connections come from the application's DataSource, which has its own user. Set"
                        + " intellipost.url (or INTELLIPOST_DATABASE_URL) to connect as that user, or remove"
                        + " intellipost.user and intellipost.password (and INTELLIPOST_DATABASE_USER /"
                        + " INTELLIPOST_DATABASE_PASSWORD)");
            }
            return new Migrator(configuration, loader, dataSource);
        }
    }
}
