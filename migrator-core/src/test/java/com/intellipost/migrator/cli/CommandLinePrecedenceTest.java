package com.intellipost.migrator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.testing.CliProcess;
import com.intellipost.migrator.testing.PostgresExtension;
import com.intellipost.migrator.testing.PostgresServer;
import com.intellipost.migrator.testing.Revisions;
import com.intellipost.migrator.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * 2.10's precedence through the real command line: an option typed for this run outranks the deployment's
 * INTELLIPOST_* variables (a {@code migrate --url=B} with {@code INTELLIPOST_DATABASE_URL} naming A used to
 * migrate A).
 */
@ExtendWith(PostgresExtension.class)
class CommandLinePrecedenceTest {

    @Test
    void urlOptionWinsOverTheEnvironmentVariable(TestDatabase a, @TempDir Path dir) throws Exception {
        TestDatabase b = PostgresServer.get().createDatabase("CommandLinePrecedenceTest_b");
        try {
            Revisions revisions = new Revisions(dir.resolve("migrations"));
            revisions.write("p1.sql", "prec1", null, "CREATE TABLE precedence_marker (id int);", null);
            Map<String, String> environment = new HashMap<>();
            environment.put("INTELLIPOST_DATABASE_URL", a.jdbcUrl());
            environment.put("INTELLIPOST_DATABASE_USER", a.user());
            if (a.password() != null) {
                environment.put("INTELLIPOST_DATABASE_PASSWORD", a.password());
            }
            environment.put("INTELLIPOST_LOCK_TIMEOUT", "9s");

            CliProcess run = CliProcess.start(dir.resolve("logs"), "migrate-url-option", List.of(), List.of("migrate",
                    "--url=" + b.jdbcUrl(), "--locations=filesystem:" + revisions.dir(), "--connectTimeout=10s"),
                    environment);
            assertEquals(0, run.waitFor(Duration.ofSeconds(90)), run::describe);
            assertTrue(run.output().contains("Applied 1 revision(s)"), run::describe);

            assertNull(a.queryValue("SELECT to_regclass('intellipost_schema_history')::text"),
                    () -> "A, named by INTELLIPOST_DATABASE_URL, was migrated instead of B: " + run.describe());
            assertEquals(1L, b.count("SELECT 1 FROM intellipost_schema_history WHERE revision = 'prec1' AND success"),
                    "B, named by --url, was migrated");
            assertEquals(0L, b.count("SELECT 1 FROM precedence_marker"));
            assertNull(a.queryValue("SELECT to_regclass('precedence_marker')::text"));
        } finally {
            PostgresServer.get().dropDatabase(b);
        }
    }

    /**
     * Audit A1: {@code repair --url B} (a space, not '=') once left the option out and repaired A, the database of
     * INTELLIPOST_DATABASE_URL, exiting 0. It is a usage error now, found before any database is touched.
     */
    @Test
    void anOptionWrittenWithASpaceIsAUsageErrorAndNoDatabaseIsTouched(TestDatabase a, @TempDir Path dir)
            throws Exception {
        Revisions revisions = new Revisions(dir.resolve("migrations"));
        revisions.write("s1.sql", "space1", null, "CREATE TABLE space_marker (id int);", null);
        revisions.migrator(a).load().migrate();
        // edited after it was applied: a repair would realign its checksum and write an audit row
        revisions.write("s1.sql", "space1", null, "CREATE TABLE space_marker (id int); -- edited", null);
        Map<String, String> environment = new HashMap<>();
        environment.put("INTELLIPOST_DATABASE_URL", a.jdbcUrl());
        environment.put("INTELLIPOST_DATABASE_USER", a.user());
        if (a.password() != null) {
            environment.put("INTELLIPOST_DATABASE_PASSWORD", a.password());
        }
        String other = "postgresql://someone:s3cret-pw@127.0.0.1:1/elsewhere";
        CliProcess run = CliProcess.start(dir.resolve("logs"), "repair-url-space", List.of(), List.of("repair",
                "--url", other, "--locations=filesystem:" + revisions.dir()), environment);
        assertEquals(2, run.waitFor(Duration.ofSeconds(90)), run::describe);
        assertTrue(run.output().contains("ERROR: Option --url has no value: write --url=<value>, with '=' and no"
                + " space"), run::describe);
        assertFalse(run.output().contains("s3cret-pw"), run::describe);
        assertEquals(0L, a.count("SELECT 1 FROM intellipost_schema_audit WHERE action = 'repair'"),
                () -> "A, named by INTELLIPOST_DATABASE_URL, was repaired: " + run.describe());
    }

    /** A bad value is reported with the option it came from, not with a variable or -D name. */
    @Test
    void badOptionValueNamesTheOption() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = new MigratorCommandLine(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))
                .run("info", "--url=jdbc:postgresql://127.0.0.1:1/x", "--lockTimeout=soon");
        String printed = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, code, printed); // a usage error, as help says
        assertTrue(printed.startsWith("ERROR: --lockTimeout=soon"), printed);

        err.reset();
        code = new MigratorCommandLine(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run("info", "--lockTimout=5s");
        printed = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, code, printed);
        assertTrue(printed.startsWith("ERROR: Unknown option --lockTimout; known options: --url"), printed);
    }
}
