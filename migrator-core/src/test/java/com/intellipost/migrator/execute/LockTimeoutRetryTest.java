package com.intellipost.migrator.execute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.intellipost.migrator.Migrator;
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
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN 2.7: a transactional migration that hits {@code lock_timeout} (SQLSTATE 55P03) is rolled back and retried
 * with backoff, {@code lockRetries} times; when the lock never comes, it fails having applied nothing.
 *
 * <p>Attempts are counted by the server, not from the log: the revision is one statement, a {@code DO} block that
 * first takes a number from a sequence of the test (sequences are not transactional, so a rolled-back attempt
 * still counts) and records there the {@code lock_timeout} it runs under, then runs the {@code ALTER TABLE} that
 * waits for the lock. One statement, so that no JDBC batch is involved (a failed batch is run again statement by
 * statement, an attempt that is not a retry). Every wait is bounded by a deadline: without {@code lock_timeout}
 * the migrator would wait for ever, and the test says so instead of hanging.
 */
@ExtendWith(PostgresExtension.class)
class LockTimeoutRetryTest {

    /** How long the blocking transaction holds its lock once the migrator is seen waiting. */
    private static final long BLOCK_MS = 1_000;
    /** How long a test waits for a migration that should end by itself (lock_timeout, retries and backoff). */
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @Test
    void aMigrationBlockedForLongerThanLockTimeoutSucceedsAfterRetrying(TestDatabase db, @TempDir Path dir)
            throws Exception {
        db.execute("CREATE TABLE lr_busy (id int)");
        Attempts attempts = Attempts.create(db, "lr_busy_attempts");
        Revisions r = new Revisions(dir);
        r.write("001.sql", "lr1", null, attempts.alter("lr_busy", "ADD COLUMN note text"),
                "ALTER TABLE lr_busy DROP COLUMN note;");

        ExecutorService background = Executors.newSingleThreadExecutor();
        try (Connection blocker = db.connect()) {
            lockExclusively(blocker, "lr_busy");
            long start = System.nanoTime();
            Future<MigrateResult> migrate = background.submit(() -> r.migrator(db).set("schema", "retry_ok")
                    .set("lockTimeout", "200ms").set("lockRetries", "10").load().migrate());

            assertTrue(Await.until(Duration.ofSeconds(20), () -> migrate.isDone() || waitingFor(db, "lr_busy")),
                    "the migration never waited for the table's lock");
            assertFalse(migrate.isDone(), "the migration ended while the table was locked");
            Thread.sleep(BLOCK_MS); // five times lock_timeout: only a retry can still succeed
            assertFalse(migrate.isDone(), "the migration gave up while the table was locked");
            long attemptsWhileBlocked = attempts.count();
            blocker.rollback();
            long releasedMs = (System.nanoTime() - start) / 1_000_000;

            MigrateResult result = migrate.get(30, TimeUnit.SECONDS);
            assertEquals(List.of("lr1"), result.applied().stream().map(AppliedMigration::revision).toList());
            assertTrue(attemptsWhileBlocked >= 2, () -> attemptsWhileBlocked + " attempt(s) while the table was"
                    + " locked for " + BLOCK_MS + " ms with lock_timeout=200ms: it never timed out and retried");
            assertEquals(attemptsWhileBlocked + 1, attempts.count(), "one more attempt, the one that got the lock");
            assertEquals(200L, attempts.lockTimeoutMs(), "the lock_timeout the attempts ran under");
            System.out.println("LockTimeoutRetryTest: lock released after " + releasedMs + " ms, migrate took "
                    + result.totalMs() + " ms in " + attempts.count() + " attempts");
        } finally {
            background.shutdownNow();
        }
        assertEquals(1L, db.count("SELECT 1 FROM retry_ok.intellipost_schema_history WHERE revision = 'lr1'"
                + " AND success"));
        assertEquals(1L, db.count("SELECT 1 FROM retry_ok.intellipost_schema_audit WHERE revision = 'lr1'"
                + " AND action = 'upgrade' AND outcome = 'success'"));
        assertEquals(0L, db.count("SELECT 1 FROM retry_ok.intellipost_schema_audit WHERE outcome <> 'success'"),
                "a retried attempt is no failure");
        assertEquals(1L, db.count("SELECT 1 FROM information_schema.columns WHERE table_name = 'lr_busy'"
                + " AND column_name = 'note'"), "the ALTER ran");
    }

    @Test
    void aMigrationThatNeverGetsTheLockFailsAfterLockRetriesPlusOneAttempts(TestDatabase db, @TempDir Path dir)
            throws Exception {
        Failure f = neverGetsTheLock(db, dir, "lh", 2, Optional.of(2));
        // Three attempts of 200 ms each, and between them two backoffs of at least 250 and 500 ms.
        assertTrue(f.elapsedMs() >= 3 * 200 + 250 + 500, () -> "gave up after " + f.elapsedMs() + " ms");
        assertTrue(f.exception().getMessage().contains("each of its 3 attempt(s) waited lock_timeout (200ms,"
                + " lockRetries=2)"), f.exception()::getMessage);
    }

    @Test
    void withNoRetriesALockTimeoutFailsAfterExactlyOneAttempt(TestDatabase db, @TempDir Path dir) throws Exception {
        Failure f = neverGetsTheLock(db, dir, "l0", 0, Optional.of(0));
        assertTrue(f.elapsedMs() >= 200, () -> "gave up after " + f.elapsedMs() + " ms, before lock_timeout");
        assertTrue(f.exception().getMessage().contains("each of its 1 attempt(s) waited lock_timeout (200ms,"
                + " lockRetries=0)"), f.exception()::getMessage);
    }

    /** DESIGN 2.7: {@code lockRetries} is 5 when not configured, so six attempts in all. */
    @Test
    void byDefaultALockTimeoutIsRetriedFiveTimes(TestDatabase db, @TempDir Path dir) throws Exception {
        Failure f = neverGetsTheLock(db, dir, "ld", 5, Optional.empty());
        assertTrue(f.exception().getMessage().contains("each of its 6 attempt(s) waited lock_timeout (200ms,"
                + " lockRetries=5)"), f.exception()::getMessage);
    }

    private record Failure(MigrationFailedException exception, long elapsedMs) {
    }

    /**
     * Runs a one-statement revision against a table locked for the whole run, with {@code lockTimeout=200ms} and
     * {@code lockRetries} (unset when empty), and checks that it fails with 55P03 after exactly
     * {@code expectedRetries + 1} attempts, each under lock_timeout 200ms, having applied nothing.
     */
    private static Failure neverGetsTheLock(TestDatabase db, Path dir, String prefix, int expectedRetries,
                                            Optional<Integer> lockRetries) throws Exception {
        String table = prefix + "_held";
        String schema = prefix + "_history";
        String revision = prefix + "1";
        db.execute("CREATE TABLE " + table + " (id int)");
        Attempts attempts = Attempts.create(db, prefix + "_attempts");
        Revisions r = new Revisions(dir);
        r.write("001.sql", revision, null, attempts.alter(table, "ADD COLUMN note text"),
                "ALTER TABLE " + table + " DROP COLUMN note;");
        Migrator.Builder builder = r.migrator(db).set("schema", schema).set("lockTimeout", "200ms");
        lockRetries.ifPresent(n -> builder.set("lockRetries", Integer.toString(n)));

        MigrationFailedException e;
        long elapsedMs;
        try (Connection blocker = db.connect()) {
            lockExclusively(blocker, table);
            long start = System.nanoTime();
            Throwable thrown = runWithDeadline(() -> builder.load().migrate(), blocker);
            elapsedMs = (System.nanoTime() - start) / 1_000_000;
            e = assertInstanceOf(MigrationFailedException.class, thrown, () -> "expected the migration to fail: "
                    + thrown);
        }
        long attemptsMade = attempts.count();
        System.out.println("LockTimeoutRetryTest: lockRetries=" + lockRetries.map(String::valueOf).orElse("<default>")
                + " gave up after " + elapsedMs + " ms and " + attemptsMade + " attempt(s)");

        assertEquals(revision, e.revision());
        assertEquals(Optional.of("55P03"), e.sqlState(), e::getMessage);
        assertEquals(6, e.line(), "the DO block's line");
        assertTrue(e.getMessage().contains("[SQLSTATE 55P03]"), e::getMessage);
        assertEquals(expectedRetries + 1, attemptsMade, "attempts = lockRetries + 1");
        assertEquals(200L, attempts.lockTimeoutMs(), "the lock_timeout the attempts ran under");

        assertEquals(0L, db.count("SELECT 1 FROM " + schema + ".intellipost_schema_history"), "no history row");
        assertEquals(0L, db.count("SELECT 1 FROM information_schema.columns WHERE table_name = '" + table + "'"
                + " AND column_name = 'note'"), "the ALTER did not stay");
        assertEquals(1L, db.count("SELECT 1 FROM " + schema + ".intellipost_schema_audit"), "one audit row");
        assertEquals(1L, db.count("SELECT 1 FROM " + schema + ".intellipost_schema_audit WHERE revision = '"
                + revision + "' AND action = 'upgrade' AND outcome = 'failed' AND error LIKE '%55P03%'"),
                "the failure is audited");
        return new Failure(e, elapsedMs);
    }

    /**
     * Runs {@code migrate} on another thread and returns what it threw (null if it succeeded). When it has not ended
     * within {@link #DEADLINE} the test fails; the blocker is rolled back first so that the migration can end.
     */
    private static Throwable runWithDeadline(Callable<MigrateResult> migrate, Connection blocker) throws Exception {
        ExecutorService background = Executors.newSingleThreadExecutor();
        try {
            Future<MigrateResult> future = background.submit(migrate);
            try {
                future.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
                return null;
            } catch (ExecutionException ended) {
                return ended.getCause();
            } catch (TimeoutException stillWaiting) {
                blocker.rollback();
                Throwable after = null;
                try {
                    future.get(30, TimeUnit.SECONDS);
                } catch (ExecutionException ex) {
                    after = ex.getCause();
                }
                return fail("the migration was still waiting for the lock after " + DEADLINE.toSeconds() + " s:"
                        + " lock_timeout was not applied (once the lock was released it ended with "
                        + (after == null ? "success" : after.toString()) + ")");
            }
        } finally {
            background.shutdownNow();
        }
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

    /**
     * Two sequences that survive the rollback of an attempt: {@code <name>} counts the attempts,
     * {@code <name>_lt} holds the {@code lock_timeout} (in ms) of the latest.
     */
    private record Attempts(TestDatabase db, String name) {

        static Attempts create(TestDatabase db, String name) throws Exception {
            db.execute("CREATE SEQUENCE " + name);
            db.execute("CREATE SEQUENCE " + name + "_lt MINVALUE 0");
            return new Attempts(db, name);
        }

        /** A one-statement up section: count the attempt, note its lock_timeout, then {@code ALTER TABLE}. */
        String alter(String table, String change) {
            return "DO $$ BEGIN PERFORM nextval('" + name + "'); PERFORM setval('" + name + "_lt',"
                    + " (SELECT setting::bigint FROM pg_settings WHERE name = 'lock_timeout'));"
                    + " ALTER TABLE " + table + " " + change + "; END $$;";
        }

        long count() throws Exception {
            return ((Number) db.queryValue("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM " + name))
                    .longValue();
        }

        long lockTimeoutMs() throws Exception {
            return ((Number) db.queryValue("SELECT last_value FROM " + name + "_lt")).longValue();
        }
    }
}
