package com.intellipost.migrator.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.testing.PostgresExtension;
import com.intellipost.migrator.testing.Revisions;
import com.intellipost.migrator.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Acceptance 1: a chain of three revisions migrates in order, with history checksums and audit rows. */
@ExtendWith(PostgresExtension.class)
class MigrateChainTest {

    @Test
    void chainOfThreeAppliesInOrderWithHistoryAndAudit(TestDatabase db, @TempDir Path dir) throws Exception {
        Revisions revisions = new Revisions(dir);
        // File names sort opposite to the graph order: the graph decides, not the names.
        revisions.write("c.sql", "r1", null, "CREATE TABLE t (id int);", "DROP TABLE t;");
        revisions.write("b.sql", "r2", "r1", "ALTER TABLE t ADD COLUMN name text;", "ALTER TABLE t DROP COLUMN name;");
        revisions.write("a.sql", "r3", "r2", "INSERT INTO t VALUES (1, 'one');", "DELETE FROM t;");

        MigrateResult result = revisions.migrator(db).load().migrate();

        assertEquals(List.of("r1", "r2", "r3"), result.applied().stream().map(MigrateResult.AppliedMigration::revision).toList());
        assertEquals(List.of("r3"), result.currentRevisions());
        assertEquals("one", db.queryValue("SELECT name FROM t WHERE id = 1"));

        List<String> order = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT revision, checksum, success FROM intellipost_schema_history"
                     + " ORDER BY applied_at")) {
            while (rs.next()) {
                order.add(rs.getString(1));
                assertNotNull(rs.getString(2));
                assertTrue(rs.getString(2).matches("[0-9a-f]{64}"), "checksum is SHA-256 hex: " + rs.getString(2));
                assertTrue(rs.getBoolean(3));
            }
        }
        assertEquals(List.of("r1", "r2", "r3"), order);
        assertEquals(3L, db.count("SELECT 1 FROM intellipost_schema_audit WHERE action = 'upgrade' AND outcome = 'success'"));

        MigrateResult again = revisions.migrator(db).load().migrate();
        assertTrue(again.applied().isEmpty(), "second run has nothing to do");
        assertEquals(3L, db.count("SELECT 1 FROM intellipost_schema_audit"));
    }
}
