package com.intellipost.migrator.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.Migrator;
import com.intellipost.migrator.testing.Await;
import com.intellipost.migrator.testing.CliProcess;
import com.intellipost.migrator.testing.PostgresExtension;
import com.intellipost.migrator.testing.Revisions;
import com.intellipost.migrator.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN 2.14: a migrator killed with SIGKILL inside CREATE INDEX CONCURRENTLY on a table of a few million rows
 * leaves its revision marked in progress and an INVALID index; the next run stops before anything else, names the
 * index with the statement that drops it, and says to run repair. info and validate show the row; repair clears it;
 * then migrate applies the revision and the fingerprint says "up to date" again.
 */
@ExtendWith(PostgresExtension.class)
class InterruptedRevisionTest {

    private static final int ROWS = 2_000_000;

    @Test
    void aRunKilledInsideCreateIndexConcurrentlyIsNamedByTheNextRun(TestDatabase db, @TempDir Path dir)
            throws Exception {
        db.execute("CREATE TABLE ir_big AS SELECT g AS id, g % 1000 AS grp FROM generate_series(1, " + ROWS + ") g");
        Revisions r = new Revisions(dir.resolve("scripts"));
        r.write("1.sql", "ir1", null, "CREATE TABLE ir_small (id int);", "DROP TABLE ir_small;");
        r.write("2.sql", "ir2", "ir1", "CREATE INDEX CONCURRENTLY ir_big_id ON ir_big (id, grp);",
                "DROP INDEX CONCURRENTLY ir_big_id;");
        List<String> args = new ArrayList<>(List.of("migrate", "--locations=filesystem:" + r.dir()));
        args.addAll(CliProcess.connectionArgs(db));
        long buildingPid;
        // An open writer holds the build in its first wait (the INVALID index already exists then), so that it
        // cannot finish before the kill, however slow or fast the machine is.
        try (Connection writer = db.connect()) {
            writer.setAutoCommit(false);
            try (Statement s = writer.createStatement()) {
                s.execute("INSERT INTO ir_big VALUES (0, 0)");
            }
            CliProcess cli = CliProcess.start(dir.resolve("logs"), "killed-in-cic", List.of(), args);
            try {
                assertTrue(Await.until(Duration.ofSeconds(60), () -> !cli.process().isAlive() || building(db) != null),
                        cli::describe);
                Long pid = building(db);
                assertTrue(pid != null && cli.process().isAlive(), () -> "killed inside the build: " + cli.describe());
                buildingPid = pid;
                cli.process().destroyForcibly(); // SIGKILL: no shutdown hook, no goodbye to the server
                assertTrue(cli.process().waitFor(10, TimeUnit.SECONDS));
            } finally {
                cli.killIfAlive();
            }
            // client_connection_check_interval: the server notices the dead client and cancels the build
            assertTrue(Await.until(Duration.ofSeconds(30), () -> db.count("SELECT 1 FROM pg_stat_activity WHERE pid = "
                    + buildingPid) == 0), "the build's backend ended");
            writer.rollback();
        }
        assertEquals(Boolean.FALSE, db.queryValue("SELECT indisvalid FROM pg_index WHERE indexrelid = 'ir_big_id'::regclass"));
        assertEquals("upgrade|false", db.queryValue("SELECT in_progress || '|' || success FROM intellipost_schema_history"
                + " WHERE revision = 'ir2'"));

        Migrator migrator = r.migrator(db).load();
        RevisionInfo ir2 = migrator.info().revisions().get(1);
        assertEquals(RevisionState.IN_PROGRESS, ir2.state());
        assertEquals("in progress", ir2.state().label());
        ValidationException invalid = assertThrows(ValidationException.class, migrator::validate);
        assertTrue(invalid.getMessage().contains("Revision ir2") && invalid.getMessage().contains("marked in progress"),
                invalid.getMessage());

        InterruptedRevisionException stop = assertThrows(InterruptedRevisionException.class, migrator::migrate);
        assertEquals(List.of("ir2"), stop.revisions());
        assertEquals(List.of("public.ir_big_id"), stop.invalidIndexes());
        String message = stop.getMessage();
        assertTrue(message.startsWith("Revision ir2 (ir2 message) in " + r.dir().resolve("2.sql")
                + " was interrupted: its upgrade ran outside a transaction (CREATE INDEX CONCURRENTLY"), message);
        assertTrue(message.contains("1 INVALID index(es)") && message.contains("\n  DROP INDEX CONCURRENTLY IF EXISTS"
                + " public.ir_big_id;\n") && message.contains("Then run repair (it removes the in-progress row)")
                && !message.contains("undo them"), message);
        assertThrows(InterruptedRevisionException.class, () -> migrator.downgrade("-1"), "downgrade stops too");

        db.execute("DROP INDEX CONCURRENTLY IF EXISTS public.ir_big_id");
        RepairResult repair = migrator.repair();
        assertEquals(List.of("ir2"), repair.removedInProgress());
        assertEquals("removed in-progress row (its upgrade was interrupted)", db.queryValue("SELECT detail FROM"
                + " intellipost_schema_audit WHERE action = 'repair' AND revision = 'ir2'"));

        assertEquals(List.of("ir2"), migrator.migrate().applied().stream().map(m -> m.revision()).toList());
        assertEquals(Boolean.TRUE, db.queryValue("SELECT indisvalid FROM pg_index WHERE indexrelid = 'ir_big_id'::regclass"));
        assertEquals(0L, db.count("SELECT 1 FROM intellipost_schema_history WHERE in_progress IS NOT NULL OR NOT success"));
        migrator.validate();
        assertTrue(migrator.migrate().applied().isEmpty(), "the fingerprint says up to date again");
    }

    /** The migrator's backend while it builds ir_big_id, or null. */
    private static Long building(TestDatabase db) throws Exception {
        Object pid = db.queryValue("SELECT p.pid FROM pg_stat_progress_create_index p JOIN pg_stat_activity a"
                + " ON a.pid = p.pid WHERE a.application_name = 'intellipost-migrator'"
                + " AND p.relid = to_regclass('public.ir_big')");
        return pid == null ? null : ((Number) pid).longValue();
    }
}
