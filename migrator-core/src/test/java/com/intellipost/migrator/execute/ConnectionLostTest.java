package com.intellipost.migrator.execute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.Migrator;
import com.intellipost.migrator.command.InterruptedRevisionException;
import com.intellipost.migrator.command.RevisionState;
import com.intellipost.migrator.testing.Await;
import com.intellipost.migrator.testing.CliProcess;
import com.intellipost.migrator.testing.PostgresExtension;
import com.intellipost.migrator.testing.Revisions;
import com.intellipost.migrator.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN 2.14: a connection lost in the middle of a run (here {@code pg_terminate_backend} from another session,
 * SQLSTATE 57P01) is reported as a lost connection, saying what of the running revision stayed and to run again,
 * never as a script error; for the work connection and for the one holding the lock.
 */
@ExtendWith(PostgresExtension.class)
class ConnectionLostTest {

    @Test
    void aWorkConnectionTerminatedMidRevisionSaysSoExitsOneAndTheRerunCompletes(TestDatabase db, @TempDir Path dir)
            throws Exception {
        Revisions r = new Revisions(dir.resolve("scripts"));
        r.write("1.sql", "cl1", null, "CREATE TABLE lost_first (id int);", "DROP TABLE lost_first;");
        String up = "CREATE TABLE lost_second (id int);\nINSERT INTO lost_second VALUES (1);";
        r.write("2.sql", "cl2", "cl1", up + "\nSELECT pg_sleep(41);", "DROP TABLE lost_second;");
        r.write("3.sql", "cl3", "cl2", "CREATE TABLE lost_third (id int);", "DROP TABLE lost_third;");
        List<String> args = new ArrayList<>(List.of("migrate", "--schema=lost_work", "--locations=filesystem:" + r.dir()));
        args.addAll(CliProcess.connectionArgs(db));
        CliProcess cli = CliProcess.start(dir.resolve("logs"), "terminated", List.of(), args);
        try {
            assertTrue(Await.until(Duration.ofSeconds(40), () -> !cli.process().isAlive()
                    || backendRunning(db, "pg_sleep(41)") != null), cli::describe);
            assertEquals(Boolean.TRUE, db.queryValue("SELECT pg_terminate_backend(" + backendRunning(db, "pg_sleep(41)")
                    + ")"), cli::describe);
            assertEquals(1, cli.waitFor(Duration.ofSeconds(30)), cli::describe);
            String out = cli.output();
            assertTrue(out.contains("ERROR: Lost the connection to the database while applying cl2 (cl2 message) at ")
                    && out.contains("57P01") && out.contains("nothing of it was applied")
                    && out.contains("Revisions before it in this run are applied")
                    && out.contains("run the command again"), cli::describe);
            assertFalse(out.contains("Fix the script"), cli::describe);
            assertFalse(out.contains("Exception"), () -> "no stack trace: " + cli.describe());
        } finally {
            cli.killIfAlive();
        }
        assertEquals(List.of("cl1"), revisions(db, "lost_work"));
        assertNull(db.queryValue("SELECT to_regclass('lost_second')"), "nothing of cl2 stayed");

        r.write("2.sql", "cl2", "cl1", up, "DROP TABLE lost_second;"); // no sleep this time
        assertEquals(2, migrator(r, db, "lost_work").migrate().applied().size());
        assertEquals(List.of("cl1", "cl2", "cl3"), revisions(db, "lost_work"));
    }

    @Test
    void theLockConnectionTerminatedMidRunStopsTheRunBeforeItsNextCommit(TestDatabase db, @TempDir Path dir)
            throws Exception {
        Revisions r = new Revisions(dir);
        r.write("1.sql", "lk1", null, "CREATE TABLE lock_lost (id int);\nSELECT pg_sleep(2.5);", "DROP TABLE lock_lost;");
        r.write("2.sql", "lk2", "lk1", "CREATE TABLE lock_lost_2 (id int);", "DROP TABLE lock_lost_2;");
        CompletableFuture<Boolean> terminator = terminateLockHolderWhile(db, "pg_sleep(2.5)");
        ConnectionLostException e = assertThrows(ConnectionLostException.class,
                () -> migrator(r, db, "lost_lock").migrate());
        assertTrue(terminator.get(30, TimeUnit.SECONDS), "the lock's session was terminated");
        assertTrue(e.lockConnection());
        assertTrue(e.getMessage().startsWith("Lost the connection that holds the migration lock")
                && e.getMessage().contains("another migrator may be running now")
                && e.getMessage().contains("Stopped before committing it: it was rolled back, nothing of it was applied")
                && e.getMessage().contains("run the command again"), e.getMessage());
        assertEquals(List.of(), revisions(db, "lost_lock"));
        assertNull(db.queryValue("SELECT to_regclass('lock_lost')"));

        assertEquals(2, migrator(r, db, "lost_lock").migrate().applied().size(), "the rerun completes");
    }

    @Test
    void underTransactionModeAllTheLostLockRollsTheWholeRunBack(TestDatabase db, @TempDir Path dir) throws Exception {
        Revisions r = new Revisions(dir);
        r.write("1.sql", "la1", null, "CREATE TABLE all_lost (id int);", "DROP TABLE all_lost;");
        r.write("2.sql", "la2", "la1", "SELECT pg_sleep(2.4);", "SELECT 1;");
        CompletableFuture<Boolean> terminator = terminateLockHolderWhile(db, "pg_sleep(2.4)");
        ConnectionLostException e = assertThrows(ConnectionLostException.class,
                () -> r.migrator(db).set("schema", "lost_all").set("transactionMode", "all").load().migrate());
        assertTrue(terminator.get(30, TimeUnit.SECONDS));
        assertTrue(e.lockConnection() && e.getMessage().contains("The whole run was one transaction"
                + " (transactionMode=all): it was rolled back, no revision of it was applied")
                && !e.getMessage().contains("Revisions before"), e.getMessage());
        assertNull(db.queryValue("SELECT to_regclass('all_lost')"));
        assertEquals(List.of(), revisions(db, "lost_all"));
    }

    @Test
    void aNonTransactionalRevisionWhoseConnectionWentStaysInProgressUntilRepair(TestDatabase db, @TempDir Path dir)
            throws Exception {
        Revisions r = new Revisions(dir);
        r.write("1.sql", "nt1", null, "CREATE TABLE nt_lost (id int);", "DROP TABLE nt_lost;");
        r.writeRaw("2.sql", "-- revision: nt2\n-- down_revision: nt1\n-- message: Slow and outside\n"
                + "-- transactional: false\n\n-- migrate:up\nINSERT INTO nt_lost VALUES (1);\nSELECT pg_sleep(2.6);\n"
                + "INSERT INTO nt_lost VALUES (2);\n");
        CompletableFuture<Boolean> terminator = CompletableFuture.supplyAsync(() -> {
            try {
                Await.until(Duration.ofSeconds(30), () -> backendRunning(db, "pg_sleep(2.6)") != null);
                return Boolean.TRUE.equals(db.queryValue("SELECT pg_terminate_backend("
                        + backendRunning(db, "pg_sleep(2.6)") + ")"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        ConnectionLostException e = assertThrows(ConnectionLostException.class,
                () -> migrator(r, db, "lost_outside").migrate());
        assertTrue(terminator.get(30, TimeUnit.SECONDS));
        assertTrue(e.getMessage().contains("It ran outside a transaction (the header says transactional: false): its"
                + " statements before line 8 stayed applied") && e.getMessage().contains("marks it in progress"),
                e.getMessage());
        assertEquals(1L, db.count("SELECT 1 FROM nt_lost"), "the first insert stayed");
        assertEquals("upgrade", db.queryValue("SELECT in_progress FROM lost_outside.intellipost_schema_history"
                + " WHERE revision = 'nt2' AND NOT success"));
        assertEquals(RevisionState.IN_PROGRESS, migrator(r, db, "lost_outside").info().revisions().get(1).state());

        InterruptedRevisionException stop = assertThrows(InterruptedRevisionException.class,
                () -> migrator(r, db, "lost_outside").migrate());
        assertTrue(stop.getMessage().contains("The database has no INVALID index")
                && stop.getMessage().contains("compare the database with the script and undo them"), stop.getMessage());
        db.execute("DELETE FROM nt_lost");
        assertEquals(List.of("nt2"), migrator(r, db, "lost_outside").repair().removedInProgress());
        r.writeRaw("2.sql", "-- revision: nt2\n-- down_revision: nt1\n-- message: Slow and outside\n"
                + "-- transactional: false\n\n-- migrate:up\nINSERT INTO nt_lost VALUES (1);\n"
                + "INSERT INTO nt_lost VALUES (2);\n");
        assertEquals(1, migrator(r, db, "lost_outside").migrate().applied().size());
        assertEquals(2L, db.count("SELECT 1 FROM nt_lost"));
    }

    /** Terminates the session holding the migration lock once the migrator runs {@code marker}. */
    private static CompletableFuture<Boolean> terminateLockHolderWhile(TestDatabase db, String marker) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                Await.until(Duration.ofSeconds(30), () -> backendRunning(db, marker) != null);
                Object lockPid = db.queryValue("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted"
                        + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())");
                return Boolean.TRUE.equals(db.queryValue("SELECT pg_terminate_backend(" + lockPid + ")"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** The pid of the migrator's session running {@code marker}, or null. */
    static Long backendRunning(TestDatabase db, String marker) throws Exception {
        Object pid = db.queryValue("SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                + " AND application_name = 'intellipost-migrator' AND state = 'active' AND query LIKE '%"
                + marker.replace("'", "''") + "%'");
        return pid == null ? null : ((Number) pid).longValue();
    }

    private static Migrator migrator(Revisions r, TestDatabase db, String schema) {
        return r.migrator(db).set("schema", schema).load();
    }

    private static List<String> revisions(TestDatabase db, String schema) throws Exception {
        List<String> revisions = new ArrayList<>();
        Object agg = db.queryValue("SELECT string_agg(revision, ',' ORDER BY revision) FROM " + schema
                + ".intellipost_schema_history WHERE success");
        if (agg != null) {
            revisions.addAll(List.of(((String) agg).split(",")));
        }
        return revisions;
    }
}
