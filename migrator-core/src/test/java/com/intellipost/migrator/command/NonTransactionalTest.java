package com.intellipost.migrator.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

/** Acceptance 5: CREATE INDEX CONCURRENTLY runs outside a transaction; a failure is recorded and needs repair. */
@ExtendWith(PostgresExtension.class)
class NonTransactionalTest {

    @Test
    void concurrentIndexRunsOutsideATransaction(TestDatabase db, @TempDir Path dir) throws Exception {
        Revisions r = new Revisions(dir);
        r.write("001.sql", "n1", null, "CREATE TABLE n_t (id int, email text);\nINSERT INTO n_t VALUES (1, 'a');",
                "DROP TABLE n_t;");
        // PostgreSQL itself refuses CREATE INDEX CONCURRENTLY inside a transaction block; success proves autocommit.
        r.write("002.sql", "n2", "n1", "CREATE INDEX CONCURRENTLY n_t_email ON n_t (email);",
                "DROP INDEX CONCURRENTLY n_t_email;");
        r.migrator(db).set("schema", "cic_ok").load().migrate();
        assertEquals(Boolean.TRUE, db.queryValue("SELECT indisvalid FROM pg_index WHERE indexrelid = 'n_t_email'::regclass"));
        assertEquals(Boolean.FALSE, db.queryValue("SELECT transactional FROM cic_ok.intellipost_schema_history WHERE revision = 'n2'"));
        r.migrator(db).set("schema", "cic_ok").load().downgrade("-1");
        assertEquals(0L, db.count("SELECT 1 FROM pg_class WHERE relname = 'n_t_email'"));
        r.migrator(db).set("schema", "cic_ok").load().downgrade("base");
    }

    @Test
    void failedNonTransactionalScriptIsRecordedAndRefusedUntilRepair(TestDatabase db, @TempDir Path dir) throws Exception {
        Revisions r = new Revisions(dir);
        r.write("001.sql", "d1", null, "CREATE TABLE d_t (email text);\nINSERT INTO d_t VALUES ('x'), ('x');",
                "DROP TABLE d_t;");
        r.write("002.sql", "d2", "d1", "CREATE UNIQUE INDEX CONCURRENTLY d_t_email ON d_t (email);",
                "DROP INDEX CONCURRENTLY d_t_email;");
        MigrationFailedException e = assertThrows(MigrationFailedException.class,
                () -> r.migrator(db).set("schema", "cic_fail").load().migrate());
        assertTrue(e.getMessage().contains("002.sql:6") && e.getMessage().contains("repair"), e.getMessage());
        assertTrue(e.getMessage().contains("INVALID index") && e.getMessage().contains("d_t_email"), e.getMessage());
        assertEquals(Boolean.FALSE, db.queryValue("SELECT success FROM cic_fail.intellipost_schema_history WHERE revision = 'd2'"));

        ValidationException refused = assertThrows(ValidationException.class,
                () -> r.migrator(db).set("schema", "cic_fail").load().migrate());
        assertTrue(refused.getMessage().contains("d2") && refused.getMessage().contains("repair"), refused.getMessage());

        // The user fixes the database, then repairs.
        db.execute("DROP INDEX d_t_email");
        db.execute("DELETE FROM d_t");
        RepairResult repair = r.migrator(db).set("schema", "cic_fail").load().repair();
        assertEquals(java.util.List.of("d2"), repair.removedFailed());
        assertEquals(1L, db.count("SELECT 1 FROM cic_fail.intellipost_schema_audit WHERE action = 'repair' AND revision = 'd2'"));
        assertEquals(1, r.migrator(db).set("schema", "cic_fail").load().migrate().applied().size());
        assertFalse(r.migrator(db).set("schema", "cic_fail").load().info().revisions().stream()
                .anyMatch(i -> i.state() != RevisionState.APPLIED));
    }

    @Test
    void aDownSectionIsJudgedOnItsOwnStatements(TestDatabase db, @TempDir Path dir) throws Exception {
        Revisions r = new Revisions(dir);
        r.write("001.sql", "u1", null, "CREATE TABLE u_t (id int);\nCREATE INDEX u_t_id ON u_t (id);",
                "DROP INDEX CONCURRENTLY u_t_id;\nDROP TABLE u_t;");
        r.migrator(db).set("schema", "down_only").load().migrate();
        assertEquals(Boolean.TRUE, db.queryValue("SELECT transactional FROM down_only.intellipost_schema_history"));
        // PostgreSQL refuses DROP INDEX CONCURRENTLY in a transaction block: success proves the down ran outside one.
        assertEquals(java.util.List.of("u1"), r.migrator(db).set("schema", "down_only").load().downgrade("base").reverted());
        assertEquals(0L, db.count("SELECT 1 FROM pg_tables WHERE tablename = 'u_t'"));
    }
}
