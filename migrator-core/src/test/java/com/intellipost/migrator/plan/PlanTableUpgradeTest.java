package com.intellipost.migrator.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.testing.PostgresServer;
import com.intellipost.migrator.testing.Revisions;
import com.intellipost.migrator.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * History and audit tables an earlier version created (without {@code in_progress}, {@code detail}, {@code backup})
 * are brought up to date by a plan as by {@code migrate}: the same columns added, old rows kept, the plan's rows
 * written with the new columns.
 */
class PlanTableUpgradeTest {

    @Test
    void tablesOfAnEarlierVersionAreUpgradedByThePlanAsByMigrate(@TempDir Path dir) throws Exception {
        Revisions r = new Revisions(dir.resolve("migrations"));
        r.write("1.sql", "tu1", null, "CREATE TABLE tu_one (id int);", "DROP TABLE tu_one;");
        r.write("2.sql", "tu2", "tu1", "CREATE INDEX CONCURRENTLY tu_one_idx ON tu_one (id);",
                "DROP INDEX CONCURRENTLY tu_one_idx;");
        PostgresServer server = PostgresServer.get();
        TestDatabase migrated = server.createDatabase("plan_old_migrated");
        TestDatabase planned = server.createDatabase("plan_old_planned");
        try {
            for (TestDatabase db : List.of(migrated, planned)) {
                r.migrator(db).load().migrate("tu1");
                // the tables as the earlier version left them: without the columns added since
                db.execute("ALTER TABLE intellipost_schema_history DROP COLUMN in_progress");
                db.execute("ALTER TABLE intellipost_schema_audit DROP COLUMN detail, DROP COLUMN backup");
            }
            Path file = dir.resolve("plan.sql");
            r.migrator(planned).load().plan(null).writeTo(file);
            String plan = Files.readString(file);
            assertTrue(plan.contains("ADD COLUMN IF NOT EXISTS in_progress text"), plan);
            r.migrator(migrated).load().migrate();
            PlanAppliedByPsqlTest.apply(planned, file);

            PlanAppliedByPsqlTest.assertSameDatabase(migrated, planned, dir);
            for (TestDatabase db : List.of(migrated, planned)) {
                assertEquals(3L, db.count("SELECT 1 FROM information_schema.columns WHERE table_schema = 'public'"
                        + " AND column_name IN ('in_progress', 'detail', 'backup')"), db::name);
            }
            r.migrator(planned).load().validate();
        } finally {
            server.dropDatabase(migrated);
            server.dropDatabase(planned);
        }
    }
}
