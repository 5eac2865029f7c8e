package com.intellipost.migrator.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.cli.MigratorCommandLine;
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

/** DESIGN 2.12: drift names what was changed by hand, is quiet otherwise, and only reads the configured database. */
@ExtendWith(PostgresExtension.class)
class DriftTest {

    /** Revisions that work in {@code schema}, which is also the migrator's: each test has a schema of its own. */
    private static Revisions chain(Path dir, String schema) {
        Revisions r = new Revisions(dir);
        r.write("001_acct.sql", "d1", null, ("CREATE TABLE s.acct (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                + " email text NOT NULL);\nCREATE INDEX acct_email_idx ON s.acct (email);").replace("s.", schema + "."),
                "DROP TABLE " + schema + ".acct;");
        r.write("002_note.sql", "d2", "d1", "ALTER TABLE " + schema + ".acct ADD COLUMN note text;",
                "ALTER TABLE " + schema + ".acct DROP COLUMN note;");
        r.write("003_pending.sql", "d3", "d2", "CREATE TABLE " + schema + ".later (id int);",
                "DROP TABLE " + schema + ".later;");
        return r;
    }

    @Test
    void quietOnAnUntouchedDatabaseAndNamesWhatWasChangedByHand(TestDatabase db, @TempDir Path dir) throws Exception {
        Revisions r = chain(dir, "hand");
        r.migrator(db).set("schema", "hand").load().migrate("d2"); // d3 stays pending: drift builds what is applied
        DriftResult clean = r.migrator(db).set("schema", "hand").load().drift();
        assertFalse(clean.drifted(), SchemaReports.text(clean).toString());
        assertEquals(List.of("d1", "d2"), clean.revisions());
        assertEquals(List.of("hand"), clean.schemas(), "public stays empty in the revisions' database: not managed");
        assertEquals(List.of("No drift: " + clean.database() + " matches what its 2 applied revision(s) (schemas hand)"
                + " build"), SchemaReports.text(clean));

        long auditRows = db.count("SELECT 1 FROM hand.intellipost_schema_audit");
        db.execute("ALTER TABLE hand.acct ADD COLUMN hotfix text");
        db.execute("CREATE INDEX manual_idx ON hand.acct (note)");
        db.execute("DROP INDEX hand.acct_email_idx");
        db.execute("ALTER TABLE hand.acct ALTER COLUMN note SET NOT NULL");
        db.execute("CREATE TABLE public.not_managed (id int)");
        DriftResult drifted = r.migrator(db).set("schema", "hand").load().drift();
        assertTrue(drifted.drifted());
        assertEquals(List.of("column hand.acct.hotfix", "index hand.manual_idx"), drifted.diff().extra());
        assertEquals(List.of("index hand.acct_email_idx"), drifted.diff().missing());
        assertEquals(List.of("column hand.acct.note"), drifted.diff().changedObjects());
        assertEquals("{\"extra\": [\"column hand.acct.hotfix\", \"index hand.manual_idx\"], \"missing\":"
                + " [\"index hand.acct_email_idx\"], \"changed\": [\"column hand.acct.note\"]}",
                SchemaReports.json(drifted));
        List<String> text = SchemaReports.text(drifted);
        assertTrue(text.contains("  changed: column hand.acct.note") && text.contains("    before: text")
                && text.contains("    after:  text NOT NULL"), String.join("\n", text));

        assertEquals(auditRows, db.count("SELECT 1 FROM hand.intellipost_schema_audit"), "nothing is written there");
        assertEquals(0L, db.count("SELECT 1 FROM pg_database WHERE datname LIKE '" + db.name() + "\\_scratch\\_%'"));
        assertEquals(0L, db.count("SELECT 1 FROM pg_namespace WHERE nspname = 'intellipost_scratch_ddl'"));
    }

    @Test
    void theCommandLineExitsOneOnDriftAndOnAFailedRollbackTest(TestDatabase db, @TempDir Path dir) throws Exception {
        Revisions r = chain(dir.resolve("sound"), "cli");
        r.migrator(db).set("schema", "cli").load().migrate();
        assertEquals(0, cli(r, db, "drift", "--schema=cli").exit());
        db.execute("CREATE TABLE cli.by_hand (id int)");
        Run drift = cli(r, db, "drift", "--schema=cli", "--format=json");
        assertEquals(1, drift.exit(), drift.err());
        assertEquals("{\"extra\": [\"column cli.by_hand.id\", \"table cli.by_hand\"], \"missing\": [],"
                + " \"changed\": []}", drift.out().strip());

        Revisions broken = TestRollbackTest.forgetfulChain(dir.resolve("forgetful"));
        Run rollback = cli(broken, db, "test-rollback", "--format=json");
        assertEquals(1, rollback.exit(), rollback.err());
        assertTrue(rollback.out().startsWith("{\"revisions\": [\n  {\"revision\": \"r1\""), rollback.out());
        Run passing = cli(r, db, "test-rollback", "--schema=cli");
        assertEquals(0, passing.exit(), passing.out() + passing.err());
        assertTrue(passing.out().contains("Test-rollback: 3 revision(s) walked (up, down, up again): 3 ok; passed"),
                passing.out());
    }

    @Test
    void anEditedRevisionIsRefusedBeforeAnyScratchDatabase(TestDatabase db, @TempDir Path dir) {
        Revisions r = chain(dir, "edited");
        r.migrator(db).set("schema", "edited").load().migrate();
        r.write("002_note.sql", "d2", "d1", "ALTER TABLE edited.acct ADD COLUMN note varchar(10);", "");
        ValidationException e = assertThrows(ValidationException.class,
                () -> r.migrator(db).set("schema", "edited").load().drift());
        assertTrue(e.getMessage().contains("d2 was edited"), e.getMessage());
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run cli(Revisions r, TestDatabase db, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new MigratorCommandLine(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), () -> r.migrator(db)).run(args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
