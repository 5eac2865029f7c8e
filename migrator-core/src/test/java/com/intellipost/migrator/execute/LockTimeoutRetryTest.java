package com.intellipost.migrator.execute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.command.MigrateResult;
import com.intellipost.migrator.command.MigrateResult.AppliedMigration;
import com.intellipost.migrator.testing.Await;
import com.intellipost.migrator.testing.PostgresExtension;
import com.intellipost.migrator.testing.Revisions;
import com.intellipost.migrator.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN 2.7: a transactional migration that hits {@code lock_timeout} (SQLSTATE 55P03) is rolled back and retried
 * with backoff, {@code lockRetries} times; when the lock never comes, it fails having applied nothing.
 */
@ExtendWith(PostgresExtension.class)
class LockTimeoutRetryTest {

    /** How long the blocking transaction holds its lock once the migrator is seen waiting. */
    private static final long BLOCK_MS = 1_000;

    @Test
    void aMigrationBlockedForLongerThanLockTimeoutSucceedsAfterRetrying(TestDatabase db, @TempDir Path dir)
            throws Exception {
        db.execute("CREATE TABLE lr_busy (id int)");
        Revisions r = new Revisions(dir);
        r.write("001.sql", "lr1", null, "ALTER TABLE lr_busy ADD COLUMN note text;",
                "ALTER TABLE lr_busy DROP COLUMN note;");

        ExecutorService background = Executors.newSingleThreadExecutor();
        try (Connection blocker = db.connect()) {
            lockExclusively(blocker, "lr_busy");
            long start = System.nanoTime();
            Future<MigrateResult> migrate = background.submit(() -> r.migrator(db).set("schema", "retry_ok")
                    .set("lockTimeout", "200ms").set("lockRetries", "10").load().migrate());

            assertTrue(Await.until(Duration.ofSeconds(20), () -> migrate.isDone() || waitingFor(db, "lr_busy")),
                    "the migration never waited for the table's lock");
            assertTrue(!migrate.isDone(), "the migration ended while the table was locked");
            Thread.sleep(BLOCK_MS); // five times lock_timeout: only a retry can still succeed
            assertTrue(!migrate.isDone(), "the migration gave up while the table was locked");
            blocker.rollback();
            long releasedMs = (System.nanoTime() - start) / 1_000_000;

            MigrateResult result = migrate.get(30, TimeUnit.SECONDS);
            assertEquals(List.of("lr1"), result.applied().stream().map(AppliedMigration::revision).toList());
            assertTrue(result.totalMs() >= BLOCK_MS, () -> "took " + result.totalMs() + " ms");
            System.out.println("LockTimeoutRetryTest: lock released after " + releasedMs + " ms, migrate took "
                    + result.totalMs() + " ms");
        } finally {
            background.shutdownNow();
        }
        assertEquals(1L, db.count("SELECT 1 FROM retry_ok.intellipost_schema_history WHERE revision = 'lr1'"
                + " AND success"));
        assertEquals(1L, db.count("SELECT 1 FROM retry_ok.intellipost_schema_audit WHERE revision = 'lr1'"
                + " AND action = 'upgrade' AND outcome = 'success'"));
        assertEquals(1L, db.count("SELECT 1 FROM information_schema.columns WHERE table_name = 'lr_busy'"
                + " AND column_name = 'note'"), "the ALTER ran");
    }

    @Test
    void aMigrationThatNeverGetsTheLockFailsAfterItsRetriesAndAppliesNothing(TestDatabase db, @TempDir Path dir)
            throws Exception {
        db.execute("CREATE TABLE lr_held (id int)");
        Revisions r = new Revisions(dir);
        r.write("001.sql", "lh1", null, "CREATE TABLE lr_before_alter (id int);\n"
                + "ALTER TABLE lr_held ADD COLUMN note text;", "DROP TABLE lr_before_alter;");

        try (Connection blocker = db.connect()) {
            lockExclusively(blocker, "lr_held");
            long start = System.nanoTime();
            MigrationFailedException e = assertThrows(MigrationFailedException.class,
                    () -> r.migrator(db).set("schema", "retry_exhausted")
                            .set("lockTimeout", "200ms").set("lockRetries", "2").load().migrate());
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            blocker.rollback();

            assertEquals("lh1", e.revision());
            assertEquals(java.util.Optional.of("55P03"), e.sqlState());
            assertEquals(7, e.line(), "the ALTER's line");
            assertTrue(e.getMessage().contains("55P03"), e.getMessage());
            assertTrue(e.getMessage().contains("lock_timeout") && e.getMessage().contains("lockRetries"),
                    () -> "says which settings bound the wait: " + e.getMessage());
            // Three attempts of 200 ms, and two backoffs of at least 250 and 500 ms.
            assertTrue(elapsedMs >= 3 * 200 + 250 + 500, () -> "gave up after " + elapsedMs + " ms: no retries?");
            System.out.println("LockTimeoutRetryTest: gave up after " + elapsedMs + " ms");
        }
        assertEquals(0L, db.count("SELECT 1 FROM retry_exhausted.intellipost_schema_history"), "no history row");
        assertEquals(0L, db.count("SELECT 1 FROM pg_tables WHERE tablename = 'lr_before_alter'"),
                "the statement before the ALTER was rolled back");
        assertEquals(0L, db.count("SELECT 1 FROM information_schema.columns WHERE table_name = 'lr_held'"
                + " AND column_name = 'note'"));
        assertEquals(1L, db.count("SELECT 1 FROM retry_exhausted.intellipost_schema_audit WHERE revision = 'lh1'"
                + " AND action = 'upgrade' AND outcome = 'failed' AND error LIKE '%55P03%'"), "the failure is audited");
    }

    /** Opens a transaction on {@code c} holding an ACCESS EXCLUSIVE lock on {@code table} until rolled back. */
    private static void lockExclusively(Connection c, String table) throws Exception {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE");
        }
    }

    /** Whether another session of this database waits for a lock on {@code table}. */
    private static boolean waitingFor(TestDatabase db, String table) throws Exception {
        return db.count("SELECT 1 FROM pg_locks l JOIN pg_database d ON d.oid = l.database"
                + " WHERE d.datname = current_database() AND NOT l.granted"
                + " AND l.relation = to_regclass('public." + table + "')") > 0;
    }
}
