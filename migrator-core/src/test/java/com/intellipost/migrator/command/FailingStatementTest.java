package com.intellipost.migrator.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.execute.MigrationFailedException;
import com.intellipost.migrator.testing.PostgresExtension;
import com.intellipost.migrator.testing.Revisions;
import com.intellipost.migrator.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Acceptance 4: the third statement fails; its file, line and PostgreSQL's message are reported; nothing stays. */
@ExtendWith(PostgresExtension.class)
class FailingStatementTest {

    @Test
    void failingThirdStatementLeavesNothingAndAppliesAfterTheFix(TestDatabase db, @TempDir Path dir) throws Exception {
        Revisions r = new Revisions(dir);
        r.write("001_ok.sql", "f0", null, "CREATE TABLE f_first (id int);", "DROP TABLE f_first;");
        // Header is 5 lines; the up section starts on line 6: statements on lines 6, 7 and 9.
        r.writeRaw("002_bad.sql", "-- revision: f1\n-- down_revision: f0\n-- message: Three statements\n\n"
                + "-- migrate:up\n"
                + "CREATE TABLE f_t (id int);\n"
                + "INSERT INTO f_t VALUES (1);\n"
                + "\n"
                + "INSERT INTO f_missing VALUES (1);\n");

        MigrationFailedException e = assertThrows(MigrationFailedException.class, () -> r.migrator(db).load().migrate());
        assertTrue(e.getMessage().contains("002_bad.sql:9"), e.getMessage());
        assertTrue(e.getMessage().contains("relation \"f_missing\" does not exist"), e.getMessage());
        assertEquals(9, e.line());
        assertEquals("f1", e.revision());

        assertEquals(0L, db.count("SELECT 1 FROM pg_tables WHERE tablename = 'f_t'"), "first statements rolled back");
        assertEquals(0L, db.count("SELECT 1 FROM intellipost_schema_history WHERE revision = 'f1'"));
        assertEquals(0L, db.count("SELECT 1 FROM intellipost_schema_audit WHERE revision = 'f1' AND outcome = 'success'"));
        assertEquals(1L, db.count("SELECT 1 FROM intellipost_schema_audit WHERE revision = 'f1' AND outcome = 'failed'"
                + " AND error LIKE '%002_bad.sql:9%'"), "the failed attempt is in the audit trail");
        assertEquals(1L, db.count("SELECT 1 FROM intellipost_schema_history WHERE revision = 'f0'"),
                "the revision before it stays applied");

        r.writeRaw("002_bad.sql", "-- revision: f1\n-- down_revision: f0\n-- message: Three statements\n\n"
                + "-- migrate:up\nCREATE TABLE f_t (id int);\nINSERT INTO f_t VALUES (1);\n\nINSERT INTO f_t VALUES (2);\n");
        assertEquals(1, r.migrator(db).load().migrate().applied().size());
        assertEquals(2L, db.count("SELECT 1 FROM f_t"));
    }

    @Test
    void transactionModeAllRollsBackTheWholeRun(TestDatabase db, @TempDir Path dir) throws Exception {
        Revisions r = new Revisions(dir);
        r.write("001.sql", "a1", null, "CREATE TABLE all_one (id int);", "DROP TABLE all_one;");
        r.write("002.sql", "a2", "a1", "CREATE TABLE all_two (id int);\nSELECT 1/0;", "DROP TABLE all_two;");
        MigrationFailedException e = assertThrows(MigrationFailedException.class,
                () -> r.migrator(db).set("schema", "all_mode").set("transactionMode", "all").load().migrate());
        assertTrue(e.getMessage().contains("division by zero") && e.getMessage().contains("transactionMode=all"),
                e.getMessage());
        assertEquals(0L, db.count("SELECT 1 FROM pg_tables WHERE tablename IN ('all_one', 'all_two')"));
        assertEquals(0L, db.count("SELECT 1 FROM all_mode.intellipost_schema_history"));
    }
}
