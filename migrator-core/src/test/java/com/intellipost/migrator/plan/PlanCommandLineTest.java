package com.intellipost.migrator.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.Migrator;
import com.intellipost.migrator.cli.MigratorCommandLine;
import com.intellipost.migrator.config.Configuration;
import com.intellipost.migrator.lock.MigrationLock;
import com.intellipost.migrator.testing.Revisions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code plan [target] [--downgrade=...] [--from=...] [--output=...]} on the command line, without a database. */
class PlanCommandLineTest {

    @Test
    void thePlanIsTheOnlyThingOnStandardOutputInUtf8(@TempDir Path dir) {
        Revisions r = new Revisions(dir);
        r.write("1.sql", "u1", null, "CREATE TABLE café (id int);\nINSERT INTO café VALUES (1);", "DROP TABLE café;");
        r.write("2.sql", "u2", "u1", "INSERT INTO café VALUES (2);", "DELETE FROM café WHERE id = 2;");
        Run run = run("plan", "u1", "--from=base", "--locations=filesystem:" + dir);
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().startsWith("-- IntelliPost Migrator plan: migrate to u1\n-- From:      base (from=base;"),
                run.out());
        assertTrue(run.out().contains("\nCREATE TABLE café (id int);\nINSERT INTO café VALUES (1);\n"), run.out());
        assertFalse(run.out().contains("'u2'"), "u2 is not needed for target u1");
        assertTrue(run.out().endsWith("\nSELECT pg_advisory_unlock(" + lockKey() + ");\n"), run.out());
    }

    @Test
    void outputWritesAFileAndSaysWhere(@TempDir Path dir) throws Exception {
        Revisions r = new Revisions(dir.resolve("m"));
        r.write("1.sql", "o1", null, "CREATE TABLE o_t (id int);", "DROP TABLE o_t;");
        Path file = dir.resolve("plans/down.sql");
        Run run = run("plan", "--from=o1", "--downgrade=base", "--locations=filesystem:" + r.dir(),
                "--output=" + file);
        assertEquals(0, run.code(), run.err());
        assertEquals("Wrote the plan of 1 revision(s) to " + file + "\n", run.out());
        String plan = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(plan.startsWith("-- IntelliPost Migrator plan: downgrade to base\n"), plan);
        assertTrue(plan.contains("\nDROP TABLE o_t;\nWITH h AS (DELETE FROM \"public\".\"intellipost_schema_history\""
                + " WHERE revision = 'o1')\n"), plan);
    }

    @Test
    void nothingToDoIsAPlanThatSaysSo(@TempDir Path dir) {
        Revisions r = new Revisions(dir);
        r.write("1.sql", "n1", null, "SELECT 1;", null);
        Run run = run("plan", "--from=n1", "--locations=filesystem:" + dir);
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().endsWith("-- Nothing to do: every revision the target needs is applied. The command would"
                + " change nothing.\n"), run.out());
        assertFalse(run.out().contains("pg_try_advisory_lock"), run.out());
    }

    private static long lockKey() {
        return MigrationLock.keyFor("public", Configuration.HISTORY_TABLE);
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        // isolated: the machine's INTELLIPOST_* variables and -D properties must not name a database here
        int code = new MigratorCommandLine(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), () -> Migrator.configure().isolated()).run(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
