package com.intellipost.migrator.execute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.testing.PostgresExtension;
import com.intellipost.migrator.testing.Revisions;
import com.intellipost.migrator.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A script's {@code -- lock_timeout:} applies to that script only, whatever the transaction mode; and every lock
 * timeout counts as an attempt, also one met in a batch of statements, so {@code lockRetries} bounds the attempts.
 */
@ExtendWith(PostgresExtension.class)
class LockTimeoutScopeTest {

    @Test
    void aScriptsLockTimeoutDoesNotLeakIntoLaterScriptsInOneTransaction(TestDatabase db, @TempDir Path dir)
            throws Exception {
        Revisions r = new Revisions(dir);
        r.writeRaw("001.sql", "-- revision: ls1\n-- down_revision: none\n-- lock_timeout: 150ms\n\n-- migrate:up\n"
                + "CREATE TABLE ls_seen (script text, lock_timeout text);\n"
                + "INSERT INTO ls_seen VALUES ('ls1', current_setting('lock_timeout'));\n");
        r.write("002.sql", "ls2", "ls1", "INSERT INTO ls_seen VALUES ('ls2', current_setting('lock_timeout'));", null);

        r.migrator(db).set("schema", "scope_all").set("transactionMode", "all").set("lockTimeout", "3s").load().migrate();

        assertEquals("150ms", db.queryValue("SELECT lock_timeout FROM ls_seen WHERE script = 'ls1'"));
        assertEquals("3s", db.queryValue("SELECT lock_timeout FROM ls_seen WHERE script = 'ls2'"),
                "the second script ran with the first one's lock_timeout");
    }

    @Test
    void aLockTimeoutInABatchIsTheOnlyAttemptWhenLockRetriesIsZero(TestDatabase db, @TempDir Path dir)
            throws Exception {
        assertEquals(1L, attemptsUntilGivingUp(db, dir, "batch_zero", 0));
    }

    @Test
    void aLockTimeoutInABatchCountsAsOneOfTheAttempts(TestDatabase db, @TempDir Path dir) throws Exception {
        assertEquals(3L, attemptsUntilGivingUp(db, dir, "batch_two", 2));
    }

    /**
     * Migrates a script whose statements are sent as one batch, the last of them blocked by a held lock, and counts
     * the attempts with a sequence: nextval is not undone by the rollback of an attempt.
     */
    private static long attemptsUntilGivingUp(TestDatabase db, Path dir, String schema, int lockRetries)
            throws Exception {
        String table = schema + "_held";
        String counter = schema + "_attempts";
        db.execute("CREATE TABLE " + table + " (id int); CREATE SEQUENCE " + counter);
        Revisions r = new Revisions(dir);
        r.write("001.sql", schema + "1", null, "DO $$ BEGIN PERFORM nextval('" + counter + "'); END $$;\n"
                + "CREATE TABLE " + schema + "_before (id int);\n"
                + "ALTER TABLE " + table + " ADD COLUMN note text;", null);
        try (Connection blocker = db.connect()) {
            blocker.setAutoCommit(false);
            try (Statement s = blocker.createStatement()) {
                s.execute("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE");
            }
            MigrationFailedException e = assertThrows(MigrationFailedException.class,
                    () -> r.migrator(db).set("schema", schema).set("lockTimeout", "100ms")
                            .set("lockRetries", String.valueOf(lockRetries)).load().migrate());
            blocker.rollback();
            assertEquals(Optional.of("55P03"), e.sqlState(), e.getMessage());
            assertTrue(e.getMessage().contains("each of its " + (lockRetries + 1) + " attempt(s)"), e.getMessage());
        }
        assertEquals(0L, db.count("SELECT 1 FROM pg_tables WHERE tablename = '" + schema + "_before'"),
                "every attempt was rolled back");
        return ((Number) db.queryValue("SELECT last_value FROM " + counter)).longValue();
    }
}
