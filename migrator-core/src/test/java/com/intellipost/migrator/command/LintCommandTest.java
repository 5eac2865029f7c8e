package com.intellipost.migrator.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.Migrator;
import com.intellipost.migrator.cli.MigratorCommandLine;
import com.intellipost.migrator.config.ConfigurationException;
import com.intellipost.migrator.lint.Finding;
import com.intellipost.migrator.lint.LintFailedException;
import com.intellipost.migrator.lint.LintResult;
import com.intellipost.migrator.testing.PostgresExtension;
import com.intellipost.migrator.script.ScriptLoadException;
import com.intellipost.migrator.testing.Revisions;
import com.intellipost.migrator.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** DESIGN 2.7: lint's scope, its settings, and the commands that run it (lint, check) in the library and CLI. */
@ExtendWith(PostgresExtension.class)
class LintCommandTest {

    /** lc1 adds a required column to a table that exists before it; lc2 drops a table. */
    private static Revisions twoFindings(Path dir) {
        Revisions r = new Revisions(dir);
        r.write("001.sql", "lc1", null, "ALTER TABLE lc_pre ADD COLUMN c bigint NOT NULL;",
                "ALTER TABLE lc_pre DROP COLUMN c;");
        r.write("002.sql", "lc2", "lc1", "SELECT 1;\nDROP TABLE lc_gone;", "CREATE TABLE lc_gone (id int);");
        return r;
    }

    private static List<String> rules(LintResult result) {
        return result.findings().stream().map(f -> f.revision() + ":" + f.rule()).toList();
    }

    @Test
    void withoutADatabaseEveryRevisionIsLinted(@TempDir Path dir) {
        LintResult result = offline(twoFindings(dir)).load().lint();
        assertEquals(List.of("lc1:adding-required-field", "lc2:ban-drop-table"), rules(result));
        assertEquals(List.of("lc1", "lc2"), result.revisions());
        assertTrue(result.failed());
        Finding drop = result.findings().get(1);
        assertEquals(7, drop.line(), "the DROP's line in 002.sql");
        assertTrue(drop.file().endsWith("002.sql"), drop.file());
    }

    @Test
    void withADatabaseOnlyPendingRevisionsAreLinted(TestDatabase db, @TempDir Path dir) throws Exception {
        db.execute("CREATE TABLE lc_pre (id int); CREATE TABLE lc_gone (id int)");
        Revisions r = twoFindings(dir);
        r.migrator(db).set("schema", "lint_scope").load().migrate("lc1");
        LintResult result = r.migrator(db).set("schema", "lint_scope").load().lint();
        assertEquals(List.of("lc2:ban-drop-table"), rules(result));
        assertEquals(List.of("lc2"), result.revisions());
        int serverMajor = Integer.parseInt((String) db.queryValue("SHOW server_version_num")) / 10_000;
        assertEquals(serverMajor, result.postgresVersion(), "the connected server's version, not postgresVersion");
    }

    @Test
    void aMisplacedSuppressionInAnAppliedRevisionFailsNoLaterLint(TestDatabase db, @TempDir Path dir) {
        Revisions r = new Revisions(dir);
        r.write("1.sql", "lm1", null, "CREATE TABLE lm_t (id int);\nDROP TABLE lm_t; -- lint:ignore ban-drop-table",
                null);
        assertThrows(ScriptLoadException.class, () -> offline(r).load().lint(), "in scope, the place is checked");
        r.migrator(db).set("schema", "lint_applied").load().migrate();
        LintResult result = r.migrator(db).set("schema", "lint_applied").load().lint();
        assertEquals(List.of(), result.revisions(), "applied: history, not linted again");
    }

    @Test
    void theBaselineAndItsAncestorsAreLeftOut(@TempDir Path dir) {
        LintResult result = offline(twoFindings(dir)).set("lintBaseline", "lc1").load().lint();
        assertEquals(List.of("lc2:ban-drop-table"), rules(result));
        ConfigurationException unknownRule = assertThrows(ConfigurationException.class,
                () -> offline(twoFindings(dir)).set("lintDisabled", "ban-drop-tables").load().lint());
        assertTrue(unknownRule.getMessage().contains("ban-drop-tables") && unknownRule.getMessage()
                .contains("ban-drop-table,"), unknownRule.getMessage());
        UnknownRevisionException unknownBaseline = assertThrows(UnknownRevisionException.class,
                () -> offline(twoFindings(dir)).set("lintBaseline", "nope").load().lint());
        assertTrue(unknownBaseline.getMessage().contains("lintBaseline=nope"), unknownBaseline.getMessage());
    }

    @Test
    void lintFailOnDecidesWhatFails(@TempDir Path dir) {
        Revisions r = new Revisions(dir);
        r.write("001.sql", "lw1", null, "CREATE TABLE lw_t (name varchar(20));", "DROP TABLE lw_t;");
        assertTrue(!offline(r).load().lint().failed(), "a warning does not fail by default");
        assertTrue(offline(r).set("lintFailOn", "warning").load().lint().failed());
        assertTrue(!offline(twoFindings(dir.resolve("errors"))).set("lintFailOn", "never").load().lint().failed());
        assertThrows(ConfigurationException.class, () -> offline(r).set("lintFailOn", "sometimes").load());
    }

    @Test
    void postgresVersionDecidesWithoutAServer(@TempDir Path dir) {
        Revisions r = new Revisions(dir);
        r.write("001.sql", "pv1", null, "ALTER TABLE pv_t ADD COLUMN flag boolean NOT NULL DEFAULT false;",
                "ALTER TABLE pv_t DROP COLUMN flag;");
        assertEquals(List.of(), rules(offline(r).load().lint()), "a constant default is free since PostgreSQL 11");
        assertEquals(List.of("pv1:adding-field-with-default"),
                rules(offline(r).set("postgresVersion", "10").load().lint()));
    }

    @Test
    void theConnectedServersVersionWinsOverPostgresVersion(TestDatabase db, @TempDir Path dir) throws Exception {
        int serverMajor = Integer.parseInt((String) db.queryValue("SHOW server_version_num")) / 10_000;
        assertTrue(serverMajor >= 11, "this test needs a server on which a constant default is free");
        Revisions r = new Revisions(dir);
        r.write("001.sql", "pv1", null, "ALTER TABLE pv_t ADD COLUMN flag boolean NOT NULL DEFAULT false;",
                "ALTER TABLE pv_t DROP COLUMN flag;");
        LintResult result = r.migrator(db).set("schema", "lint_version").set("postgresVersion", "10").load().lint();
        assertEquals(serverMajor, result.postgresVersion(), "the connected server's version, not postgresVersion=10");
        assertEquals(List.of(), rules(result), "the verdict for PostgreSQL " + serverMajor + ", where the default is"
                + " free, not the one for 10, which rewrites the table");
    }

    @Test
    void checkFailsOnAnErrorFindingAndNamesIt(@TempDir Path dir) {
        LintFailedException e = assertThrows(LintFailedException.class, () -> offline(twoFindings(dir)).load().check());
        assertTrue(e.getMessage().contains("error ban-drop-table ") && e.getMessage().contains("002.sql:7"),
                e.getMessage());
        assertTrue(e.getMessage().contains("-- lint:ignore"), e.getMessage());
        CheckCommand.CheckResult passed = offline(twoFindings(dir)).set("lintFailOn", "never").load().check();
        assertEquals(2, passed.lint().findings().size());
    }

    @Test
    void theCommandLinePrintsJsonAndExitsOneOnAnError(@TempDir Path dir) {
        Revisions r = twoFindings(dir);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new MigratorCommandLine(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), () -> Migrator.configure().isolated())
                .run("lint", "--locations=filesystem:" + r.dir(), "--format=json");
        String json = out.toString(StandardCharsets.UTF_8);
        assertEquals(1, exit, err.toString(StandardCharsets.UTF_8));
        assertTrue(json.startsWith("{\"findings\": [") && json.contains("\"rule\": \"ban-drop-table\"")
                && json.contains("\"line\": 7") && json.contains("\"severity\": \"error\""), json);

        out.reset();
        exit = new MigratorCommandLine(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), () -> Migrator.configure().isolated())
                .run("lint", "--locations=filesystem:" + r.dir(), "--lintFailOn=never");
        assertEquals(0, exit);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("Lint: 2 error(s), 0 warning(s) in 2 revision(s)"),
                out.toString(StandardCharsets.UTF_8));
    }

    private static Migrator.Builder offline(Revisions r) {
        return Migrator.configure().isolated().locations("filesystem:" + r.dir());
    }
}
