package com.intellipost.sample.migration;

import com.intellipost.migrator.Migrator;
import com.intellipost.migrator.cli.MigratorCommandLine;
import com.intellipost.migrator.config.ConfigurationException;
import com.intellipost.migrator.config.DatabaseUrl;
import com.intellipost.sample.DatabaseSettings;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.function.Function;

/**
 * The pre-deploy step: {@code java -jar backend-sample.jar migrate|info|validate|downgrade <target>|...} runs the
 * core's {@link MigratorCommandLine} with this application's defaults:
 * <ul>
 *   <li>locations {@code classpath:db/migrations}, the scripts packaged in the jar;</li>
 *   <li>the migration user's {@code INTELLIPOST_MIGRATION_DATABASE_URL} when it is set (it wins over
 *       {@code INTELLIPOST_DATABASE_URL}, which the core reads otherwise);</li>
 *   <li>in development without any URL, {@code postgresql://postgres@127.0.0.1:5432/intellipost}.</li>
 * </ul>
 * A {@code --url=...} argument or {@code -Dintellipost.url} turns these connection defaults off; {@code --user} and
 * {@code --password} (or their {@code -D} forms) win over the migration URL's credentials. As in the core, options
 * typed ({@code --<setting>=...}) outrank {@code -Dintellipost.*}, which outrank {@code INTELLIPOST_*} variables.
 */
public final class MigrationCommands {

    private MigrationCommands() {
    }

    /** Runs the command; the exit code of {@link MigratorCommandLine#run}: 0 success, 1 failure, 2 usage. */
    public static int run(String[] args, Function<String, String> variables, PrintStream out, PrintStream err) {
        // The sample's defaults rank as code does: below INTELLIPOST_* and the options typed (which outrank both).
        Migrator.Builder defaults = Migrator.configure().locations(Migrators.LOCATIONS);
        boolean urlGiven = given(args, "url");
        if (!urlGiven) {
            try {
                DatabaseSettings database = DatabaseSettings.from(withEnvironmentOf(args, variables));
                if (database.migration().isPresent()) {
                    // System properties rank above INTELLIPOST_DATABASE_*, which may hold the application user.
                    DatabaseUrl url = database.migration().get();
                    System.setProperty("intellipost.url", url.jdbcUrl());
                    url.user().filter(u -> !given(args, "user")).ifPresent(u -> System.setProperty("intellipost.user", u));
                    url.password().filter(p -> !given(args, "password"))
                            .ifPresent(p -> System.setProperty("intellipost.password", p));
                    err.println("Connecting with " + DatabaseSettings.MIGRATION_URL + " (" + url.display() + " as "
                            + url.user().orElse("?") + ")");
                } else if (database.usesDevelopmentDefault(variables)) {
                    defaults.url(DatabaseSettings.DEFAULT_DEVELOPMENT_URL);
                }
            } catch (ConfigurationException e) {
                err.println("ERROR: " + e.getMessage());
                return 1;
            }
        }
        return new MigratorCommandLine(out, err, () -> defaults).run(args);
    }

    /** Whether {@code --<key>=...} or {@code -Dintellipost.<key>} sets this connection setting explicitly. */
    private static boolean given(String[] args, String key) {
        return System.getProperty("intellipost." + key) != null
                || Arrays.stream(args).anyMatch(a -> a.startsWith("--" + key + "="));
    }

    /** The environment the core will use: {@code --environment=}, {@code -Dintellipost.environment}, the variable. */
    private static Function<String, String> withEnvironmentOf(String[] args, Function<String, String> variables) {
        String fromArgs = Arrays.stream(args).filter(a -> a.startsWith("--environment="))
                .map(a -> a.substring("--environment=".length())).reduce((a, b) -> b).orElse(null);
        String property = System.getProperty("intellipost.environment");
        return name -> {
            if (!name.equals(DatabaseSettings.ENVIRONMENT)) {
                return variables.apply(name);
            }
            if (fromArgs != null && !fromArgs.isBlank()) {
                return fromArgs;
            }
            return property != null && !property.isBlank() ? property : variables.apply(name);
        };
    }
}
