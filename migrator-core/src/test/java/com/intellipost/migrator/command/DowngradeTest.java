package com.intellipost.migrator.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.MigratorException;
import com.intellipost.migrator.testing.PostgresExtension;
import com.intellipost.migrator.testing.Revisions;
import com.intellipost.migrator.testing.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Acceptance 10: downgrade -1, to a revision and to base, in reverse order, across a merge. */
@ExtendWith(PostgresExtension.class)
class DowngradeTest {

    /**
     * g1 creates {@code table} with {@code columns}; g2a and g2b branch from it, g3 merges them, g4 follows; each up and down section logs
     * a step in the table. Each test names its own table (and its own history schema), so that no test depends on
     * what another left behind, in whatever order they run.
     */
    private static Revisions graphWithMerge(Path dir, String table, String columns) {
        Revisions r = new Revisions(dir);
        r.write("1.sql", "g1", null, "CREATE TABLE " + table + " (" + columns + ");", "DROP TABLE " + table + ";");
        r.write("2.sql", "g2a", "g1", log(table, "2a"), log(table, "down 2a"));
        r.write("3.sql", "g2b", "g1", log(table, "2b"), log(table, "down 2b"));
        r.write("4.sql", "g3", "g2a, g2b", log(table, "3"), log(table, "down 3"));
        r.write("5.sql", "g4", "g3", log(table, "4"), log(table, "down 4"));
        return r;
    }

    private static String log(String table, String step) {
        return "INSERT INTO " + table + " (step) VALUES ('" + step + "');";
    }

    @Test
    void minusOneThenRevisionThenBase(TestDatabase db, @TempDir Path dir) throws Exception {
        Revisions r = graphWithMerge(dir, "g_log", "step text");
        r.migrator(db).load().migrate();

        DowngradeResult one = r.migrator(db).load().downgrade("-1");
        assertEquals(List.of("g4"), one.reverted());
        assertEquals(List.of("g3"), one.currentRevisions());

        DowngradeResult toA = r.migrator(db).load().downgrade("g2a");
        assertEquals(List.of("g3"), toA.reverted(), "only what builds on g2a; branch g2b stays (Alembic's meaning)");
        assertEquals(List.of("g2a", "g2b"), toA.currentRevisions());
        assertEquals(3L, db.count("SELECT 1 FROM intellipost_schema_history"));

        DowngradeResult base = r.migrator(db).load().downgrade("base");
        assertEquals(List.of("g2b", "g2a", "g1"), base.reverted());
        assertEquals(List.of(), base.currentRevisions());
        assertEquals(0L, db.count("SELECT 1 FROM intellipost_schema_history"));
        assertEquals(0L, db.count("SELECT 1 FROM pg_tables WHERE tablename = 'g_log'"));
        assertEquals(5L, db.count("SELECT 1 FROM intellipost_schema_audit WHERE action = 'downgrade'"));
    }

    @Test
    void downSectionsRunNewestFirst(TestDatabase db, @TempDir Path dir) throws Exception {
        Revisions r = graphWithMerge(dir, "g_order_log", "n serial, step text");
        r.migrator(db).set("schema", "order_check").load().migrate();
        r.migrator(db).set("schema", "order_check").load().downgrade("-4");
        List<Object> steps = new java.util.ArrayList<>();
        try (var c = db.connect(); var s = c.createStatement();
             var rs = s.executeQuery("SELECT step FROM g_order_log WHERE step LIKE 'down%' ORDER BY n")) {
            while (rs.next()) {
                steps.add(rs.getString(1));
            }
        }
        assertEquals(List.of("down 4", "down 3", "down 2b", "down 2a"), steps);
    }

    @Test
    void aRevisionWithoutDownSectionStopsBeforeAnythingRuns(TestDatabase db, @TempDir Path dir) throws Exception {
        Revisions r = new Revisions(dir);
        r.write("1.sql", "x1", null, "CREATE TABLE x_t (id int);", null);
        r.write("2.sql", "x2", "x1", "CREATE TABLE x_u (id int);", "DROP TABLE x_u;");
        r.migrator(db).set("schema", "nodown").load().migrate();
        MigratorException e = assertThrows(MigratorException.class,
                () -> r.migrator(db).set("schema", "nodown").load().downgrade("base"));
        assertTrue(e.getMessage().contains("x1") && e.getMessage().contains("1.sql")
                && e.getMessage().contains("migrate:down"), e.getMessage());
        assertEquals(1L, db.count("SELECT 1 FROM pg_tables WHERE tablename = 'x_u'"), "x2 was not reverted either");
        assertEquals(2L, db.count("SELECT 1 FROM nodown.intellipost_schema_history"));
        assertThrows(UnknownRevisionException.class, () -> r.migrator(db).set("schema", "nodown").load().downgrade(null));
    }
}
