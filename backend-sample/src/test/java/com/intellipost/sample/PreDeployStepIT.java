package com.intellipost.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.testing.PostgresExtension;
import com.intellipost.migrator.testing.TestDatabase;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Acceptance 3, with the packaged jar: in production, a pending revision stops the application before it serves,
 * with a message that names the revision and the command to run; after {@code java -jar backend-sample.jar migrate}
 * it starts. Along the way: the scripts are found inside the shaded jar, and the pre-deploy step connects with
 * {@code INTELLIPOST_MIGRATION_DATABASE_URL} when it is set.
 */
@ExtendWith(PostgresExtension.class)
class PreDeployStepIT {

    private static final String PENDING = "e831448aae1e"; // the first pending after the merge

    @Test
    void productionRefusesAPendingRevisionUntilThePreDeployStepRan(TestDatabase db) throws Exception {
        Map<String, String> production = TestVariables.forDatabase(db, "production");

        JarProcess.Result info = JarProcess.run("predeploy-info-empty", production, "info");
        assertEquals(0, info.exitCode(), info.output());
        assertTrue(info.output().contains("Pending: 7"), "classpath:db/migrations is read from inside the shaded jar:\n"
                + info.output());

        JarProcess.Result partial = JarProcess.run("predeploy-migrate-partial", production, "migrate", "7f8567124726");
        assertEquals(0, partial.exitCode(), partial.output());
        assertTrue(partial.output().contains("Applied 5 revision(s)"), partial.output());

        int port = JarProcess.freePort();
        production.put("INTELLIPOST_PORT", String.valueOf(port));
        try (JarProcess refused = JarProcess.start("predeploy-serve-refused", production)) {
            int exit = refused.waitForExit(Duration.ofSeconds(90));
            String output = refused.output();
            assertNotEquals(0, exit, output);
            assertTrue(output.contains("Refusing to start in production"), output);
            assertTrue(output.contains("pending: " + PENDING + " Index posts by creation time"), output);
            assertTrue(output.contains("Run the pre-deploy step first: java -jar backend-sample.jar migrate"), output);
            assertFalse(output.contains("listening on"), "it never served:\n" + output);
        }

        // The pre-deploy job has the migration user's URL; INTELLIPOST_DATABASE_URL names a user that does not even
        // exist, so this only succeeds if migrate connects with the migration URL.
        Map<String, String> preDeploy = TestVariables.forDatabase(db, "production");
        preDeploy.put("INTELLIPOST_DATABASE_USER", "no_such_application_user");
        preDeploy.put("INTELLIPOST_MIGRATION_DATABASE_URL", db.jdbcUrl());
        preDeploy.put("INTELLIPOST_MIGRATION_DATABASE_USER", db.user());
        if (db.password() != null) {
            preDeploy.put("INTELLIPOST_MIGRATION_DATABASE_PASSWORD", db.password());
        }
        JarProcess.Result migrate = JarProcess.run("predeploy-migrate", preDeploy, "migrate");
        assertEquals(0, migrate.exitCode(), migrate.output());
        assertTrue(migrate.output().contains("Applied 2 revision(s)"), migrate.output());
        assertTrue(migrate.output().contains("Connecting with INTELLIPOST_MIGRATION_DATABASE_URL"), migrate.output());
        assertTrue(migrate.output().contains("Backed up database " + db.name() + " to ")
                && migrate.output().contains("_7f8567124726.dump ("), "production backs up first:\n" + migrate.output());

        try (JarProcess started = JarProcess.start("predeploy-serve", production)) {
            Http.Response health = new Http(port).awaitHealthy(Duration.ofSeconds(90), started::isAlive);
            assertNotNull(health, started.output());
            assertEquals(200, health.status(), health.body() + "\n" + started.output());
            assertEquals("production", health.json().get("environment").asText());
            assertTrue(started.output().contains("Checking that the schema is at head; this process does not migrate"),
                    started.output());
        }

        JarProcess.Result validate = JarProcess.run("predeploy-validate", production, "validate");
        assertEquals(0, validate.exitCode(), validate.output());
        assertTrue(validate.output().contains("Validated: scripts and history agree"), validate.output());
    }

    /** The jar keeps no list of commands: every command of the core runs, and help lists them with the settings. */
    @Test
    void everyCommandOfTheCoreIsTheJarsToo(TestDatabase db) throws Exception {
        JarProcess.Result help = JarProcess.run("predeploy-help", Map.of(), "--help");
        assertEquals(0, help.exitCode(), help.output());
        for (String line : new String[] {"  serve ", "  migrate [target] ", "  clean ", "  repair ",
                "  lockTimeout        5s ", "  pgDumpPath         pg_dump "}) {
            assertTrue(help.output().contains(line), () -> line + " in:\n" + help.output());
        }

        Map<String, String> development = TestVariables.forDatabase(db, "development");
        JarProcess.Result refused = JarProcess.run("predeploy-clean-refused", development, "clean");
        assertEquals(1, refused.exitCode(), refused.output());
        assertTrue(refused.output().contains("ERROR: clean drops every object in schema public"), refused.output());
        JarProcess.Result production = JarProcess.run("predeploy-clean-production",
                TestVariables.forDatabase(db, "production"), "clean", "--cleanEnabled=true");
        assertEquals(1, production.exitCode(), production.output());
        assertTrue(production.output().contains("ERROR: clean is refused in production"), production.output());
    }

    @Test
    void usageAndFailuresHaveExitCodes(TestDatabase db) throws Exception {
        Map<String, String> production = TestVariables.forDatabase(db, "production");
        JarProcess.Result unknown = JarProcess.run("predeploy-unknown", production, "migrat");
        assertEquals(2, unknown.exitCode(), unknown.output());
        assertTrue(unknown.output().contains("Unknown command 'migrat'"), unknown.output());

        JarProcess.Result noTarget = JarProcess.run("predeploy-downgrade-no-target", production, "downgrade");
        assertEquals(1, noTarget.exitCode(), noTarget.output());
        assertTrue(noTarget.output().startsWith("ERROR: ") || noTarget.output().contains("\nERROR: "), noTarget.output());

        production.remove("INTELLIPOST_DATABASE_URL");
        JarProcess.Result noUrl = JarProcess.run("predeploy-no-url", production, "migrate");
        assertEquals(1, noUrl.exitCode(), noUrl.output());
        assertTrue(noUrl.output().contains("INTELLIPOST_DATABASE_URL"), noUrl.output());
    }
}
