package com.intellipost.migrator.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.config.Configuration;
import com.intellipost.migrator.lock.MigrationLock;
import com.intellipost.migrator.testing.PostgresExtension;
import com.intellipost.migrator.testing.PostgresServer;
import com.intellipost.migrator.testing.Revisions;
import com.intellipost.migrator.testing.TestDatabase;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** DESIGN 2.13: "The plan itself changes nothing": no table, no history or audit row, no lock left held. */
@ExtendWith(PostgresExtension.class)
class PlanChangesNothingTest {

    @Test
    void anEmptyDatabaseStaysEmpty(@TempDir Path dir) throws Exception {
        TestDatabase db = PostgresServer.get().createDatabase("plan_nothing_empty");
        try {
            Revisions r = new Revisions(dir);
            r.write("1.sql", "e1", null, "CREATE TABLE e_t (id int);", "DROP TABLE e_t;");
            Plan plan = r.migrator(db).load().plan(null);
            plan.writeTo(new StringWriter());
            assertEquals(List.of("e1"), plan.revisions());
            assertEmpty(db);
        } finally {
            PostgresServer.get().dropDatabase(db);
        }
    }

    @Test
    void aMigratedDatabaseKeepsItsTablesAndRows(TestDatabase db, @TempDir Path dir) throws Exception {
        Revisions r = new Revisions(dir);
        r.write("1.sql", "k1", null, "CREATE TABLE k_t (id int);", "DROP TABLE k_t;");
        r.migrator(db).load().migrate();
        r.write("2.sql", "k2", "k1", "CREATE TABLE k_u (id int);", "DROP TABLE k_u;");
        String before = snapshot(db);

        Plan up = r.migrator(db).load().plan(null);
        up.writeTo(new StringWriter());
        Plan down = r.migrator(db).set("downgrade", "base").load().plan(null);
        down.writeTo(new StringWriter());

        assertEquals(List.of("k2"), up.revisions());
        assertEquals(List.of("k1"), down.revisions());
        assertEquals(before, snapshot(db), "tables, history and audit rows are as they were");
        assertNoAdvisoryLock(db);
    }

    @Test
    void aMissingDevelopmentDatabaseIsNotCreated(TestDatabase db, @TempDir Path dir) throws Exception {
        TestDatabase absent = PostgresServer.get().createDatabase("plan_nothing_absent");
        PostgresServer.get().dropDatabase(absent);
        Revisions r = new Revisions(dir);
        r.write("1.sql", "a1", null, "CREATE TABLE a_t (id int);", null);
        // development (the default) creates a missing database for the commands that write: plan only reads
        Plan plan = r.migrator(absent).load().plan(null);
        assertEquals(List.of("a1"), plan.revisions());
        assertTrue(plan.from().contains("empty (base)"), plan.from());
        assertNull(db.queryValue("SELECT datname FROM pg_database WHERE datname = '" + absent.name() + "'"));
    }

    /** No relation outside the system schemas, and no advisory lock held in the database. */
    static void assertEmpty(TestDatabase db) throws SQLException {
        assertEquals(0L, db.count("SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'"),
                "no table, sequence or index was created");
        assertNoAdvisoryLock(db);
    }

    static void assertNoAdvisoryLock(TestDatabase db) throws SQLException {
        long key = MigrationLock.keyFor("public", Configuration.HISTORY_TABLE);
        assertEquals(0L, db.count("SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND database ="
                + " (SELECT oid FROM pg_database WHERE datname = current_database())"), "advisory locks in "
                + db.name() + " (the migration lock is " + key + ")");
    }

    private static String snapshot(TestDatabase db) throws SQLException {
        return db.queryValue("SELECT string_agg(c.relname, ',' ORDER BY c.relname) FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'") + "\n"
                + db.queryValue("SELECT string_agg(revision || ':' || checksum || ':' || applied_at, ','"
                + " ORDER BY revision) FROM intellipost_schema_history") + "\n"
                + db.queryValue("SELECT string_agg(id || ':' || action || ':' || revision || ':' || outcome, ','"
                + " ORDER BY id) FROM intellipost_schema_audit");
    }
}
