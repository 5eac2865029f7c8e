package com.intellipost.sample;

import com.intellipost.migrator.MigratorException;
import com.intellipost.migrator.cli.MigratorCommandLine;
import com.intellipost.sample.migration.MigrationCommands;
import com.intellipost.sample.migration.StartupRefusedException;
import java.io.UncheckedIOException;
import java.util.Set;

/**
 * {@code java -jar backend-sample.jar [serve]} starts the HTTP service; every other command ({@code migrate},
 * {@code info}, {@code downgrade <target>}, {@code clean}, ...) is the migrator's, run as a pre-deploy step by the
 * core's command line, which knows them all: this class keeps no list of its own. Their {@code --url=...} options
 * outrank the environment variables. Exit codes: 0 success, 1 failure (a message on stderr), 2 usage error.
 */
public final class BackendSample {

    static final String USAGE = """
            usage: java -jar backend-sample.jar [serve | <migrator command>] [options]
              serve                start the HTTP service (the default); migrates first in development and
                                   testing, only checks the schema in staging and production
            The service is configured by environment variables: INTELLIPOST_DATABASE_URL,
            INTELLIPOST_MIGRATION_DATABASE_URL (the migration user, used by every migrator command when set),
            INTELLIPOST_ENVIRONMENT, INTELLIPOST_PORT, INTELLIPOST_MIGRATE_ON_STARTUP (see backend-sample/README.md).

            Every other command is the migrator's (java -jar backend-sample.jar <command> --<setting>=<value> ...):
            """;
    private static final Set<String> HELP = Set.of("help", "--help", "-h");

    private BackendSample() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Returns the exit code; for {@code serve} only when startup fails (the server then runs until stopped). */
    static int run(String[] args) {
        String command = args.length == 0 ? "serve" : args[0];
        if (command.equals("serve") && args.length <= 1) {
            return serve();
        }
        if (HELP.contains(command)) {
            System.out.println(USAGE);
            MigratorCommandLine.help().forEach(System.out::println);
            return 0;
        }
        // The core's command line runs every one of its commands and says when one is unknown (exit code 2).
        return MigrationCommands.run(args, System::getenv, System.out, System.err);
    }

    private static int serve() {
        BackendApplication application;
        try {
            application = BackendApplication.start(AppConfig.fromEnvironment());
        } catch (StartupRefusedException | MigratorException | UncheckedIOException e) {
            System.err.println("ERROR: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) { // a pool that cannot connect, a bug: show everything
            System.err.println("ERROR: startup failed: " + e);
            e.printStackTrace();
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(application::close, "shutdown"));
        try {
            Thread.currentThread().join(); // the HTTP threads serve; main waits for the shutdown hook
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
