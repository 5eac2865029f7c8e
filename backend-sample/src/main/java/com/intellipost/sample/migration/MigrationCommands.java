package com.intellipost.sample.migration;

import com.intellipost.migrator.cli.MigratorCommandLine;
import com.intellipost.migrator.config.ConfigurationException;
import com.intellipost.migrator.config.DatabaseUrl;
import com.intellipost.sample.DatabaseSettings;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
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
 * {@code --password} (or their {@code -D} forms) win over the migration URL's credentials.
 */
public final class MigrationCommands {

    /** The core's commands; anything else is not delegated. */
    public static final Set<String> COMMANDS = Set.of("migrate", "downgrade", "info", "validate", "stamp", "repair",
            "new", "merge");

    private MigrationCommands() {
    }

    /** Runs the command; the exit code of {@link MigratorCommandLine#run}: 0 success, 1 failure, 2 usage. */
    public static int run(String[] args, Function<String, String> variables, PrintStream out, PrintStream err) {
        List<String> full = new ArrayList<>();
        full.add("--locations=" + Migrators.LOCATIONS); // a later --locations=... or INTELLIPOST_LOCATIONS wins
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
                    full.add("--url=" + DatabaseSettings.DEFAULT_DEVELOPMENT_URL);
                }
            } catch (ConfigurationException e) {
                err.println("ERROR: " + e.getMessage());
                return 1;
            }
        }
        full.addAll(Arrays.asList(args));
        return new MigratorCommandLine(out, err).run(full.toArray(String[]::new));
    }

    /** Whether {@code --<key>=...} or {@code -Dintellipost.<key>} sets this connection setting explicitly. */
    private static boolean given(String[] args, String key) {
        return System.getProperty("intellipost." + key) != null
                || Arrays.stream(args).anyMatch(a -> a.startsWith("--" + key + "="));
    }

    /** The environment the core will use: {@code -Dintellipost.environment}, the variable, then {@code --environment=}. */
    private static Function<String, String> withEnvironmentOf(String[] args, Function<String, String> variables) {
        String fromArgs = Arrays.stream(args).filter(a -> a.startsWith("--environment="))
                .map(a -> a.substring("--environment=".length())).reduce((a, b) -> b).orElse(null);
        String property = System.getProperty("intellipost.environment");
        return name -> {
            if (!name.equals(DatabaseSettings.ENVIRONMENT)) {
                return variables.apply(name);
            }
            if (property != null && !property.isBlank()) {
                return property;
            }
            String variable = variables.apply(name);
            return variable != null && !variable.isBlank() ? variable : fromArgs;
        };
    }
}
