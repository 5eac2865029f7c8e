package com.intellipost.migrator.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.command.MigrateResult;
import com.intellipost.migrator.testing.Await;
import com.intellipost.migrator.testing.CliProcess;
import com.intellipost.migrator.testing.PostgresExtension;
import com.intellipost.migrator.testing.Revisions;
import com.intellipost.migrator.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 7: a migrator killed with SIGKILL in the middle of a revision leaves no lock behind (it dies with its
 * session), nothing of the revision it was running, and the next migrate completes.
 *
 * <p>What happens on the server: the lock lives on its own, idle connection, whose backend reads end-of-file as soon
 * as the kernel closes the dead process's socket, so the lock goes at once. The work connection's backend is inside
 * {@code pg_sleep}; the migrator sets {@code client_connection_check_interval = 1s} on it, so the server notices the
 * dead client within about a second, cancels the statement and rolls back, instead of running on (a CREATE INDEX
 * CONCURRENTLY would otherwise finish after the lock had passed to the next migrator).
 */
@ExtendWith(PostgresExtension.class)
class KilledMigratorTest {

    /** Long enough to kill the process surely inside it; short enough that the orphaned backend ends soon. */
    private static final int SLEEP_SECONDS = 12;

    @Test
    void killedMigratorLeavesNoLockAndNoHalfAppliedRevision(TestDatabase db, @TempDir Path dir) throws Exception {
        Revisions revisions = new Revisions(dir.resolve("scripts"));
        revisions.write("k1.sql", "k1", null, "CREATE TABLE killed_before (id int);", "DROP TABLE killed_before;");
        String k2Up = "CREATE TABLE killed_during (id int PRIMARY KEY);\n"
                + "INSERT INTO killed_during SELECT generate_series(1, 1000);\n";
        revisions.write("k2.sql", "k2", "k1", k2Up + "SELECT pg_sleep(" + SLEEP_SECONDS + ");",
                "DROP TABLE killed_during;");

        List<String> args = new ArrayList<>(List.of("migrate"));
        args.addAll(CliProcess.connectionArgs(db));
        args.add("--locations=filesystem:" + revisions.dir());
        CliProcess migrator = CliProcess.start(dir.resolve("logs"), "killed-migrator", List.of(), args);
        try {
            boolean inside = Await.until(Duration.ofSeconds(40),
                    () -> !migrator.process().isAlive() || sleepingBackend(db) != null && lockHolder(db) != null);
            assertTrue(inside && migrator.process().isAlive(),
                    () -> "the migrator never reached k2's pg_sleep while holding the lock; " + migrator.describe());
            long lockPid = lockHolder(db);
            long workPid = sleepingBackend(db);
            assertTrue(lockPid != workPid, "the lock is on a connection of its own");

            migrator.process().destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no goodbye to the server
            assertTrue(migrator.process().waitFor(10, TimeUnit.SECONDS), "the killed process ended");
            assertEquals(137, migrator.process().exitValue(), "exit status of a process killed by SIGKILL");
            long killedAt = System.nanoTime();

            boolean released = Await.until(Duration.ofSeconds(10), () -> lockHolder(db) == null);
            long releasedMs = (System.nanoTime() - killedAt) / 1_000_000;
            assertTrue(released, () -> "the advisory lock is still held 10 s after the kill (pid " + lockPid + ")");
            assertEquals(0L, db.count("SELECT 1 FROM pg_stat_activity WHERE pid = " + lockPid),
                    "the lock's session is gone");
            System.out.println("KilledMigratorTest: advisory lock gone " + releasedMs + " ms after SIGKILL");
            assertTrue(Await.until(Duration.ofSeconds(5),
                            () -> db.count("SELECT 1 FROM pg_stat_activity WHERE pid = " + workPid) == 0),
                    "the work backend (pid " + workPid + ") still runs the killed migrator's statement 5 s later");

            assertEquals(1L, db.count("SELECT 1 FROM intellipost_schema_history WHERE revision = 'k1' AND success"),
                    "k1 was committed before the kill");
            assertEquals(0L, db.count("SELECT 1 FROM intellipost_schema_history WHERE revision = 'k2'"),
                    "no history row for the revision that was running");
            assertEquals(0L, db.count("SELECT 1 FROM intellipost_schema_audit WHERE revision = 'k2'"),
                    "no audit row for the revision that was running");
            assertNotNull(db.queryValue("SELECT to_regclass('public.killed_before')"));
            assertNull(db.queryValue("SELECT to_regclass('public.killed_during')"),
                    "the table created by the killed revision does not exist");

            // The script is fixed (no sleep) and migrate runs again.
            revisions.write("k2.sql", "k2", "k1", k2Up, "DROP TABLE killed_during;");
            long start = System.nanoTime();
            MigrateResult result = revisions.migrator(db).set("lockRetries", "10").load().migrate();
            long rerunMs = (System.nanoTime() - start) / 1_000_000;
            System.out.println("KilledMigratorTest: the next migrate took " + rerunMs + " ms");

            assertEquals(List.of("k2"), result.applied().stream().map(MigrateResult.AppliedMigration::revision).toList());
            assertEquals(1000L, db.count("SELECT 1 FROM killed_during"));
            assertEquals(1L, db.count("SELECT 1 FROM intellipost_schema_history WHERE revision = 'k2' AND success"));
            assertEquals(0L, db.count("SELECT 1 FROM pg_stat_activity WHERE pid = " + workPid),
                    "the orphaned backend has ended");
            assertNull(lockHolder(db), "migrate released the lock");
        } finally {
            migrator.killIfAlive();
        }
    }

    /** The pid of the session running k2's sleep, or null. */
    private static Long sleepingBackend(TestDatabase db) throws Exception {
        Object pid = db.queryValue("SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                + " AND pid <> pg_backend_pid() AND state = 'active' AND query LIKE '%pg_sleep(" + SLEEP_SECONDS + ")%'");
        return pid == null ? null : ((Number) pid).longValue();
    }

    private static Long lockHolder(TestDatabase db) throws Exception {
        return ConcurrentMigratorsTest.advisoryLockHolder(db);
    }
}
