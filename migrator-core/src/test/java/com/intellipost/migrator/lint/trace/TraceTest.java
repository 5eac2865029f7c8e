package com.intellipost.migrator.lint.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.Migrator;
import com.intellipost.migrator.cli.MigratorCommandLine;
import com.intellipost.migrator.lint.Finding;
import com.intellipost.migrator.lint.LintResult;
import com.intellipost.migrator.lint.RelationLock;
import com.intellipost.migrator.lint.Severity;
import com.intellipost.migrator.lint.StatementTrace;
import com.intellipost.migrator.scratch.ScratchDatabaseException;
import com.intellipost.migrator.script.ScriptLoadException;
import com.intellipost.migrator.testing.PostgresExtension;
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

/**
 * DESIGN 2.7, 2.11: {@code lint --trace} runs the revisions in scope on a scratch database and reports what
 * PostgreSQL says each statement did. Each fact the traced rules stand on is checked here on the real server
 * (measured first by hand, inside BEGIN ... ROLLBACK, on PostgreSQL 15).
 */
@ExtendWith(PostgresExtension.class)
class TraceTest {

    /** Revision {@code base}, left out of scope by lintBaseline: applied to the scratch database before the rest. */
    private static final String BASE = "CREATE TABLE acct (id int PRIMARY KEY, email text, n int, c text, v varchar(20));\n"
            + "CREATE INDEX acct_n_idx ON acct (n);\n"
            + "CREATE TABLE item (id int, acct_id int);";
    /** The line of a revision's first statement in the files {@link Revisions#write} makes. */
    private static final int FIRST = 6;

    /** Writes {@code base} and revisions x1, x2, ... with the given up sections, and traces them. */
    private static LintResult trace(TestDatabase db, Path dir, String... ups) {
        return revisions(dir, ups).migrator(db).set("trace", "true").set("lintBaseline", "base").load().lint();
    }

    private static Revisions revisions(Path dir, String... ups) {
        Revisions r = new Revisions(dir);
        r.write("0_base.sql", "base", null, BASE, "");
        for (int i = 1; i <= ups.length; i++) {
            r.write(i + "_x" + i + ".sql", "x" + i, i == 1 ? "base" : "x" + (i - 1), ups[i - 1], "");
        }
        return r;
    }

    /** The {@code index}th statement of {@code revision}. */
    private static StatementTrace statement(LintResult result, String revision, int index) {
        return result.statements().orElseThrow().stream().filter(s -> s.revision().equals(revision)).toList()
                .get(index);
    }

    /** {@code revision:line:rule} of every finding, less the column-type warnings that every CREATE TABLE here gets. */
    private static List<String> rules(LintResult result) {
        return result.findings().stream().filter(f -> !f.rule().startsWith("prefer-"))
                .map(f -> f.revision() + ":" + f.line() + ":" + f.rule()).toList();
    }

    private static Finding finding(LintResult result, String rule) {
        return result.findings().stream().filter(f -> f.rule().equals(rule)).findFirst().orElseThrow(
                () -> new AssertionError("no " + rule + " in " + result.findings()));
    }

    private static long scratchDatabases(TestDatabase db) throws Exception {
        return db.count("SELECT 1 FROM pg_database WHERE datname LIKE '" + db.name() + "\\_scratch\\_%'");
    }

    @Test
    void aWidenedVarcharKeepsItsFileNodeAndTheStaticGuessIsDropped(TestDatabase db, @TempDir Path dir) {
        LintResult result = trace(db, dir, "ALTER TABLE acct ALTER COLUMN v TYPE varchar(50);");
        StatementTrace widen = statement(result, "x1", 0);
        assertEquals(List.of(new RelationLock("public.acct", "AccessExclusiveLock", true)), widen.locks());
        assertEquals(List.of(), widen.rewrites());
        assertEquals(List.of(), widen.scans());
        assertEquals(List.of(), rules(result), "changing-column-type is refuted: no rewrite, no scan");
        assertEquals(List.of("x1"), result.revisions());
    }

    @Test
    void intToBigintRewritesTheTableAndTheStaticFindingCarriesTheFact(TestDatabase db, @TempDir Path dir) {
        LintResult result = trace(db, dir, "ALTER TABLE acct ALTER COLUMN n TYPE bigint;",
                "-- lint:ignore changing-column-type\nALTER TABLE acct ALTER COLUMN id TYPE bigint;");
        StatementTrace bigint = statement(result, "x1", 0);
        assertEquals(List.of("public.acct"), bigint.rewrites());
        assertTrue(bigint.locks().contains(new RelationLock("public.acct", "AccessExclusiveLock", true)), bigint::toString);
        assertTrue(bigint.locks().contains(new RelationLock("public.acct_n_idx", "AccessExclusiveLock", false)),
                bigint::toString);
        // the static finding stands for the traced one; where it is ignored, the trace still reports the rewrite
        assertEquals(List.of("x1:6:changing-column-type", "x2:7:table-rewrite"), rules(result));
        assertTrue(finding(result, "changing-column-type").message().endsWith("Traced on a scratch database:"
                + " PostgreSQL rewrote public.acct under ACCESS EXCLUSIVE on public.acct."), result::toString);
        Finding rewrite = finding(result, "table-rewrite");
        assertTrue(rewrite.message().contains("rewrote public.acct (pg_class.relfilenode changed) while holding an"
                + " ACCESS EXCLUSIVE lock on public.acct, which blocks every read and write of it"), rewrite::message);
        assertTrue(result.failed());
    }

    @Test
    void aStableDefaultKeepsTheFileNodeAVolatileOneRewrites(TestDatabase db, @TempDir Path dir) {
        LintResult result = trace(db, dir, "ALTER TABLE acct ADD COLUMN t timestamptz DEFAULT now();",
                "ALTER TABLE acct ADD COLUMN u uuid DEFAULT gen_random_uuid();");
        assertEquals(List.of(), statement(result, "x1", 0).rewrites());
        assertEquals(List.of(), statement(result, "x1", 0).scans());
        assertEquals(List.of("public.acct"), statement(result, "x2", 0).rewrites());
        assertEquals(List.of("x2:6:adding-field-with-default"), rules(result));
        assertTrue(finding(result, "adding-field-with-default").message().contains("Traced on a scratch database:"
                + " PostgreSQL rewrote public.acct"), result::toString);
    }

    @Test
    void aForeignKeyReadsTheReferencingTableUnderShareRowExclusive(TestDatabase db, @TempDir Path dir) {
        LintResult result = trace(db, dir,
                "ALTER TABLE item ADD CONSTRAINT item_acct_fk FOREIGN KEY (acct_id) REFERENCES acct (id);");
        StatementTrace fk = statement(result, "x1", 0);
        assertEquals(List.of("public.item"), fk.scans(), "the referencing table is read in full, not the referenced");
        assertEquals(List.of(), fk.rewrites());
        assertTrue(fk.locks().contains(new RelationLock("public.item", "ShareRowExclusiveLock", true)), fk::toString);
        assertTrue(fk.locks().contains(new RelationLock("public.acct", "ShareRowExclusiveLock", true)), fk::toString);
        assertEquals(List.of("x1:6:constraint-missing-not-valid"), rules(result));
        assertTrue(finding(result, "constraint-missing-not-valid").message().endsWith("Traced on a scratch database:"
                + " it read every row of public.item under SHARE ROW EXCLUSIVE on public.item."), result::toString);
    }

    @Test
    void setNotNullReadsTheTableUnlessAValidatedCheckProvesIt(TestDatabase db, @TempDir Path dir) {
        LintResult result = trace(db, dir,
                "ALTER TABLE acct ADD CONSTRAINT acct_c_nn CHECK (c IS NOT NULL) NOT VALID;",
                "ALTER TABLE acct VALIDATE CONSTRAINT acct_c_nn;",
                "ALTER TABLE acct ALTER COLUMN c SET NOT NULL;",
                "ALTER TABLE acct ALTER COLUMN email SET NOT NULL;");
        assertEquals(List.of(), statement(result, "x3", 0).scans(), "the validated check proves c NOT NULL");
        assertEquals(List.of("public.acct"), statement(result, "x4", 0).scans(), "email has no such check");
        assertEquals(List.of("x4:6:adding-not-nullable-field"), rules(result));
        assertTrue(finding(result, "adding-not-nullable-field").message().endsWith("Traced on a scratch database: it"
                + " read every row of public.acct under ACCESS EXCLUSIVE on public.acct."), result::toString);
    }

    @Test
    void validateConstraintReadsTheTableUnderShareUpdateExclusiveWhichIsNoError(TestDatabase db, @TempDir Path dir) {
        LintResult result = trace(db, dir,
                "ALTER TABLE item ADD CONSTRAINT item_acct_fk FOREIGN KEY (acct_id) REFERENCES acct (id) NOT VALID;",
                "ALTER TABLE item VALIDATE CONSTRAINT item_acct_fk;");
        StatementTrace validate = statement(result, "x2", 0);
        assertEquals(List.of("public.item"), validate.scans());
        assertTrue(validate.locks().contains(new RelationLock("public.item", "ShareUpdateExclusiveLock", true)),
                validate::toString);
        assertFalse(validate.locks().stream().anyMatch(RelationLock::blocksReadsOrWrites), validate::toString);
        assertEquals(List.of(), rules(result), "a scan that blocks neither reads nor writes is fine");
    }

    @Test
    void aValidateInTheTransactionOfItsNotValidAddIsAScanUnderTheAddsLock(TestDatabase db, @TempDir Path dir) {
        LintResult result = trace(db, dir, "ALTER TABLE acct ADD CONSTRAINT acct_n_pos CHECK (n > 0) NOT VALID;\n"
                + "ALTER TABLE acct VALIDATE CONSTRAINT acct_n_pos;");
        assertEquals(List.of("public.acct"), statement(result, "x1", 1).scans());
        assertEquals(List.of("x1:7:constraint-missing-not-valid", "x1:7:lock-held-across-statements"), rules(result));
        assertTrue(finding(result, "constraint-missing-not-valid").message().endsWith("it read every row of"
                + " public.acct under ACCESS EXCLUSIVE on public.acct."), result::toString);
    }

    @Test
    void aTableCreatedInTheSameRevisionIsNewAndEmpty(TestDatabase db, @TempDir Path dir) {
        LintResult result = trace(db, dir, "CREATE TABLE fresh (id int, note text);\n"
                + "ALTER TABLE fresh ALTER COLUMN id TYPE bigint;\n"
                + "CREATE INDEX fresh_note ON fresh (note);\n"
                + "ALTER TABLE fresh ADD CONSTRAINT fresh_id_pos CHECK (id > 0);");
        assertEquals(List.of("public.fresh"), statement(result, "x1", 1).rewrites(), "measured all the same");
        assertEquals(List.of("public.fresh"), statement(result, "x1", 2).scans());
        assertTrue(statement(result, "x1", 3).created().contains("public.fresh"));
        assertEquals(List.of(), rules(result), "nobody uses a table that did not exist before the revision");
    }

    @Test
    void statementsAfterAccessExclusiveOnAnExistingTableAreWarned(TestDatabase db, @TempDir Path dir) {
        LintResult result = trace(db, dir, "ALTER TABLE acct ADD COLUMN note text;\n"
                + "UPDATE item SET acct_id = 1 WHERE id = 2;\n"
                + "COMMENT ON TABLE item IS 'items';");
        assertEquals(List.of("x1:7:lock-held-across-statements"), rules(result));
        Finding held = finding(result, "lock-held-across-statements");
        assertEquals(Severity.WARNING, held.severity());
        assertEquals("Traced on a scratch database: line 6 took an ACCESS EXCLUSIVE lock on public.acct, which blocks"
                + " every read and write of it until the revision commits; this statement and the 1 after it (to line"
                + " 8) run while it is held.", held.message());
        assertFalse(result.failed(), "a warning");
        // the UPDATE reads item in full (no index), under ROW EXCLUSIVE: it blocks neither reads nor writes
        assertEquals(List.of("public.item"), statement(result, "x1", 1).scans());
    }

    @Test
    void aFailingStatementNamesFileAndLineAndTheScratchDatabaseIsDropped(TestDatabase db, @TempDir Path dir)
            throws Exception {
        long relations = db.count("SELECT 1 FROM pg_class");
        TraceFailedException e = assertThrows(TraceFailedException.class, () -> trace(db, dir,
                "ALTER TABLE acct ADD COLUMN note text;\nSELECT 1/0;"));
        assertTrue(e.file().endsWith("1_x1.sql"), e.file());
        assertEquals(7, e.line());
        assertEquals("x1", e.revision());
        assertTrue(e.getMessage().contains("1_x1.sql:7: ERROR: division by zero [SQLSTATE 22012]"), e.getMessage());
        assertTrue(e.getMessage().contains("The scratch database is dropped; the configured database was not"
                + " written."), e.getMessage());
        assertEquals(0, scratchDatabases(db));
        assertEquals(relations, db.count("SELECT 1 FROM pg_class"), "the target is untouched");
    }

    @Test
    void aNormalRunLeavesNoScratchDatabaseAndNeverWritesTheTarget(TestDatabase db, @TempDir Path dir)
            throws Exception {
        // killed runs' leftovers and the ones in use: ScratchDatabaseTest.leftoversOfKilledRunsAreDroppedAndOnesInUse...
        long relations = db.count("SELECT 1 FROM pg_class");
        LintResult result = trace(db, dir, "ALTER TABLE acct ADD COLUMN note text;");
        assertEquals(1, result.statements().orElseThrow().size());
        assertEquals(0, scratchDatabases(db));
        assertEquals(relations, db.count("SELECT 1 FROM pg_class"), "no table, no history in the target");
    }

    @Test
    void onlyRevisionsInScopeAreTracedAndTheOnesBeforeAreAppliedFirst(TestDatabase db, @TempDir Path dir)
            throws Exception {
        Revisions r = new Revisions(dir);
        r.write("1.sql", "sc1", null, "CREATE TABLE scope_t (id int, n int);", "DROP TABLE scope_t;");
        r.write("2.sql", "sc2", "sc1", "ALTER TABLE scope_t ALTER COLUMN n TYPE bigint;", "");
        r.migrator(db).set("schema", "trace_scope").load().migrate("sc1");
        db.execute("DROP TABLE scope_t"); // the scratch database must get it from sc1, not from here
        LintResult result = r.migrator(db).set("schema", "trace_scope").set("trace", "true").load().lint();
        assertEquals(List.of("sc2"), result.revisions());
        assertEquals(List.of("sc2"), result.statements().orElseThrow().stream().map(StatementTrace::revision).toList());
        assertEquals(List.of("sc2:6:changing-column-type"), rules(result), "scope_t existed before sc2");
    }

    @Test
    void withoutADatabaseEveryRevisionIsTracedOnDevUrlsServer(TestDatabase db, @TempDir Path dir) throws Exception {
        Revisions r = revisions(dir, "ALTER TABLE acct ALTER COLUMN n TYPE bigint;");
        LintResult result = Migrator.configure().isolated()
                .locations("filesystem:" + r.dir()).set("devUrl", db.jdbcUrl()).user(db.user()).password(db.password())
                .set("trace", "true").load().lint();
        assertEquals(List.of("base", "x1"), result.revisions());
        assertEquals(List.of("base", "base", "base", "x1"), result.statements().orElseThrow().stream()
                .map(StatementTrace::revision).toList());
        assertTrue(rules(result).contains("x1:6:changing-column-type"), result::toString);
        assertEquals(0, scratchDatabases(db));

        ScratchDatabaseException noServer = assertThrows(ScratchDatabaseException.class, () -> Migrator.configure()
                .isolated().locations("filesystem:" + r.dir()).set("trace", "true").load().lint());
        assertTrue(noServer.getMessage().contains("intellipost.devUrl"), noServer.getMessage());
    }

    @Test
    void aRevisionOutsideATransactionIsListedWithTheDocumentedLockAndApplied(TestDatabase db, @TempDir Path dir) {
        LintResult result = trace(db, dir, "CREATE INDEX CONCURRENTLY item_acct_idx ON item (acct_id);",
                "DROP INDEX item_acct_idx;");
        StatementTrace concurrently = statement(result, "x1", 0);
        assertFalse(concurrently.transactional());
        assertEquals(List.of(new RelationLock("public.item", "ShareUpdateExclusiveLock", true)), concurrently.locks());
        StatementTrace drop = statement(result, "x2", 0);
        assertTrue(drop.transactional());
        assertTrue(drop.locks().contains(new RelationLock("public.item", "AccessExclusiveLock", true)),
                "the index x1 built is there: " + drop);
    }

    @Test
    void suppressionsTurnTracedRulesOffAndTheirIdsAreKnown(TestDatabase db, @TempDir Path dir) throws Exception {
        Revisions r = revisions(dir, "ALTER TABLE acct ALTER COLUMN n TYPE bigint;");
        r.writeRaw("2_x2.sql", "-- revision: x2\n-- down_revision: x1\n-- lint:disable table-rewrite, "
                + "changing-column-type\n\n-- migrate:up\nALTER TABLE acct ALTER COLUMN id TYPE bigint;\n"
                + "-- migrate:down\n");
        LintResult result = r.migrator(db).set("trace", "true").set("lintBaseline", "base")
                .set("lintDisabled", "lock-held-across-statements").load().lint();
        assertEquals(List.of("x1:6:changing-column-type"), rules(result));
        assertEquals(List.of("public.acct"), statement(result, "x2", 0).rewrites(), "measured, not reported");
        ScriptLoadException typo = assertThrows(ScriptLoadException.class, () -> revisions(dir,
                "-- lint:ignore table-rewrites\nALTER TABLE acct ADD COLUMN x int;").migrator(db).set("trace", "true")
                .set("lintBaseline", "base").load().lint());
        assertTrue(typo.getMessage().contains("table-rewrites") && typo.getMessage().contains("table-rewrite,")
                && typo.getMessage().contains("full-scan-under-lock"), typo.getMessage());
        assertEquals(0, scratchDatabases(db), "refused before a scratch database was made");
    }

    @Test
    void theProbeMovesNoCounterAndTakesNoLockOfItsOwn(TestDatabase db, @TempDir Path dir) {
        LintResult result = trace(db, dir, "SELECT 1;\nSELECT 2;", "SELECT count(*) FROM item;",
                "ALTER TABLE item ADD COLUMN z int;");
        for (int i = 0; i < 2; i++) {
            StatementTrace select = statement(result, "x1", i);
            assertEquals(List.of(), select.locks(), select::toString);
            assertEquals(List.of(), select.scans(), select::toString);
        }
        assertEquals(List.of("public.item"), statement(result, "x2", 0).scans());
        assertEquals(List.of(new RelationLock("public.item", "AccessShareLock", true)),
                statement(result, "x2", 0).locks());
        assertEquals(List.of(), statement(result, "x3", 0).scans(), "x2's scan is not counted again in x3");
    }

    @Test
    void copyRowsCommentsAndQueriesRunAsMigrateRunsThem(TestDatabase db, @TempDir Path dir) {
        LintResult result = trace(db, dir, "COPY item (id, acct_id) FROM STDIN;\n1\t2\n3\t4\n\\.\n"
                + "SELECT id FROM item ORDER BY id;\n"
                + "ALTER TABLE item ADD COLUMN note text -- a comment at the end of the statement\n;\n"
                + "UPDATE item SET note = 'x' WHERE id = 3 RETURNING id;");
        List<StatementTrace> traced = result.statements().orElseThrow().stream()
                .filter(t -> t.revision().equals("x1")).toList();
        assertEquals(List.of(6, 10, 11, 13), traced.stream().map(StatementTrace::line).toList());
        assertEquals(List.of(new RelationLock("public.item", "RowExclusiveLock", true)), traced.get(0).locks());
        assertEquals(List.of("public.item"), traced.get(1).scans(), "the SELECT read item");
        assertEquals(List.of(new RelationLock("public.item", "AccessExclusiveLock", true)), traced.get(2).locks());
        assertEquals(List.of("public.item"), traced.get(3).scans());
    }

    @Test
    void theCommandLinePrintsATablePerRevisionAndTheStatementsInJson(TestDatabase db, @TempDir Path dir) {
        Revisions r = revisions(dir, "ALTER TABLE acct ALTER COLUMN n TYPE bigint;\nALTER TABLE acct ADD COLUMN z text;");
        String[] common = {"lint", "--lintBaseline=base", "--trace=true"};
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        int code = new MigratorCommandLine(new PrintStream(text, true, StandardCharsets.UTF_8), System.err,
                () -> r.migrator(db)).run(common);
        String out = text.toString(StandardCharsets.UTF_8);
        assertEquals(1, code, out);
        assertTrue(out.contains("Trace of x1 (" + r.dir().resolve("1_x1.sql") + "):"), out);
        assertTrue(out.matches("(?s).*\\n  6 +ALTER TABLE acct ALTER COLUMN n TYPE bigint +public\\.acct AccessExclusive"
                + " +public\\.acct +public\\.acct +error changing-column-type\\n.*"), out);
        assertTrue(out.matches("(?s).*\\n  7 +ALTER TABLE acct ADD COLUMN z text +public\\.acct AccessExclusive"
                + " \\(line 6\\) +- +- +warning lock-held-across-statements\\n.*"), out);
        assertTrue(out.contains("(rules for PostgreSQL "), out);
        assertTrue(out.contains("; 2 statement(s) traced on a scratch database)"), out);

        ByteArrayOutputStream json = new ByteArrayOutputStream();
        String[] withJson = java.util.Arrays.copyOf(common, common.length + 1);
        withJson[common.length] = "--format=json";
        new MigratorCommandLine(new PrintStream(json, true, StandardCharsets.UTF_8), System.err, () -> r.migrator(db))
                .run(withJson);
        String doc = json.toString(StandardCharsets.UTF_8);
        assertTrue(doc.contains("\n \"statements\": [\n  {\"revision\": \"x1\", \"file\": \""
                + r.dir().resolve("1_x1.sql") + "\", \"line\": 6, \"sql\": \"ALTER TABLE acct ALTER COLUMN n TYPE"
                + " bigint\", \"transactional\": true, \"locks\": [{\"relation\": \"public.acct\", \"mode\":"
                + " \"AccessExclusiveLock\"}, "), doc);
        assertTrue(doc.contains("\"rewrites\": [\"public.acct\"], \"scans\": [\"public.acct\"]}"), doc);
    }
}
