package com.intellipost.migrator.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.execute.MigrationFailedException;
import com.intellipost.migrator.testing.PostgresExtension;
import com.intellipost.migrator.testing.Revisions;
import com.intellipost.migrator.testing.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The history tables when something about them is wrong: a non-transactional revision whose statements all ran but
 * whose history row could not be written, and a history table that outlived its audit table.
 */
@ExtendWith(PostgresExtension.class)
class HistoryWriteFailureTest {

    /**
     * A trigger refuses successful history rows: the CONCURRENTLY build is done but cannot be recorded. The run must
     * record it as failed (so the next migrate does not build it again) and say to repair and stamp it.
     */
    @Test
    void aNonTransactionalRevisionThatRanButCouldNotBeRecordedIsMarkedFailedAndStampedAfterRepair(TestDatabase db,
                                                                                                 @TempDir Path dir)
            throws Exception {
        Revisions r = new Revisions(dir);
        r.write("001.sql", "hw1", null, "CREATE TABLE hw_t (email text);", "DROP TABLE hw_t;");
        r.migrator(db).set("schema", "hw").load().migrate();
        db.execute("CREATE FUNCTION hw.refuse() RETURNS trigger LANGUAGE plpgsql AS"
                + " $$ BEGIN RAISE EXCEPTION 'history is read-only today'; END $$;"
                + " CREATE TRIGGER refuse_success BEFORE INSERT ON hw.intellipost_schema_history"
                + " FOR EACH ROW WHEN (NEW.success) EXECUTE FUNCTION hw.refuse()");
        r.write("002.sql", "hw2", "hw1", "CREATE INDEX CONCURRENTLY hw_t_email ON hw_t (email);",
                "DROP INDEX CONCURRENTLY hw_t_email;");

        MigrationFailedException e = assertThrows(MigrationFailedException.class,
                () -> r.migrator(db).set("schema", "hw").load().migrate());
        assertTrue(e.getMessage().contains("history is read-only today"), e.getMessage());
        assertTrue(e.getMessage().contains("Every statement of it ran") && e.getMessage().contains("run repair, then"
                + " stamp hw2"), e.getMessage());
        assertEquals(Boolean.TRUE, db.queryValue("SELECT indisvalid FROM pg_index WHERE indexrelid = 'hw_t_email'::regclass"));
        assertEquals(Boolean.FALSE, db.queryValue("SELECT success FROM hw.intellipost_schema_history WHERE revision = 'hw2'"),
                "recorded as failed");

        ValidationException refused = assertThrows(ValidationException.class,
                () -> r.migrator(db).set("schema", "hw").load().migrate());
        assertTrue(refused.getMessage().contains("hw2"), refused.getMessage());
        // the core's message is shown by the command line as well as by Maven: it names both ways to repair
        assertTrue(refused.getMessage().contains("run repair (repair on the command line, mvn intellipost:repair with"
                + " Maven)"), refused.getMessage());

        db.execute("DROP TRIGGER refuse_success ON hw.intellipost_schema_history");
        assertEquals(List.of("hw2"), r.migrator(db).set("schema", "hw").load().repair().removedFailed());
        assertEquals(List.of("hw2"), r.migrator(db).set("schema", "hw").load().stamp("hw2").stamped());
        assertEquals(List.of(), r.migrator(db).set("schema", "hw").load().migrate().applied(),
                "the index is not built a second time");
        assertTrue(r.migrator(db).set("schema", "hw").load().info().revisions().stream()
                .allMatch(i -> i.state() == RevisionState.APPLIED));
    }

    @Test
    void aMissingAuditTableIsCreatedBesideAnExistingHistoryTable(TestDatabase db, @TempDir Path dir) throws Exception {
        Revisions r = new Revisions(dir);
        r.write("001.sql", "au1", null, "CREATE TABLE au_t (id int);", "DROP TABLE au_t;");
        r.migrator(db).set("schema", "au").load().migrate();
        db.execute("DROP TABLE au.intellipost_schema_audit");
        r.write("002.sql", "au2", "au1", "ALTER TABLE au_t ADD COLUMN note text;", "ALTER TABLE au_t DROP COLUMN note;");

        assertEquals(1, r.migrator(db).set("schema", "au").load().migrate().applied().size());

        assertEquals(1L, db.count("SELECT 1 FROM au.intellipost_schema_audit WHERE revision = 'au2'"
                + " AND action = 'upgrade' AND outcome = 'success'"));
        assertEquals(1L, db.count("SELECT 1 FROM au.intellipost_schema_history WHERE revision = 'au2' AND success"));
    }
}
