package com.intellipost.sample;

import com.intellipost.migrator.MigratorException;
import com.intellipost.sample.migration.MigrationCommands;
import com.intellipost.sample.migration.StartupRefusedException;
import java.io.UncheckedIOException;

/**
 * {@code java -jar backend-sample.jar [serve]} starts the HTTP service; {@code java -jar backend-sample.jar migrate}
 * (or {@code info}, {@code validate}, {@code downgrade <target>}, ...) runs the migrator as a pre-deploy step.
 * Their {@code --url=...} options outrank the environment variables. Exit codes: 0 success, 1 failure (a message on
 * stderr), 2 usage error.
 */
public final class BackendSample {

    static final String USAGE = """
            usage: java -jar backend-sample.jar [command] [options]
              serve                  start the HTTP service (the default); migrates first in development and
                                     testing, only checks the schema in staging and production
              migrate [target]       apply pending migrations (the pre-deploy step)
              info                   show every revision and whether it is applied
              validate               check scripts against the history (checksums, missing, failed)
              check                  the CI gate: graph, several heads, lint; with a database, validate too
              lint                   lock-safety rules for the pending revisions (--format=json for tools)
              downgrade <target>     revert to -1, -N, a revision or base
              stamp, repair          see the IntelliPost Migrator README
              test-rollback          on a scratch database: up, down, up again for every revision; each down
                                     must give back the schema its up found (exit 1 otherwise)
              drift                  the database's schema against what its applied revisions build (exit 1 on
                                     differences)
            Configured by environment variables: INTELLIPOST_DATABASE_URL, INTELLIPOST_MIGRATION_DATABASE_URL,
            INTELLIPOST_ENVIRONMENT, INTELLIPOST_PORT, INTELLIPOST_MIGRATE_ON_STARTUP (see backend-sample/README.md).
            Migration commands also take --url=... --user=... --environment=... --<setting>=...""";

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
        if (command.equals("help") || command.equals("--help") || command.equals("-h")) {
            System.out.println(USAGE);
            return 0;
        }
        if (MigrationCommands.COMMANDS.contains(command)) {
            return MigrationCommands.run(args, System::getenv, System.out, System.err);
        }
        System.err.println("Unknown command '" + String.join(" ", args) + "'.\n" + USAGE);
        return 2;
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
