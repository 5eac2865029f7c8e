package com.intellipost.migrator.scratch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command working on a scratch database ({@code lint --trace}, {@code test-rollback}, {@code drift}) that loses
 * its connection there, because an administrator ended the session or because the command was interrupted (SIGTERM,
 * Ctrl-C) and the exit hook dropped the database under it, says so: the scratch database is dropped and the
 * configured database was not written. Not migrate's message, which says revisions "in this run are applied" and to
 * run the command again "once the database is reachable".
 */
@ExtendWith(PostgresExtension.class)
class ScratchConnectionLostTest {

    /** Longer than any wait here: the statement is always ended by the test, never by itself. */
    private static final String SLEEP = "SELECT pg_sleep(120);";
    private static final String MIGRATES_WORDS = "in this run are applied";
    private static final String NOT_WRITTEN = "The scratch database is dropped; the configured database was not written.";

    @Test
    void aTerminatedTraceSessionIsReportedAsTheTracesNotMigrates(TestDatabase db, @TempDir Path dir) throws Exception {
        Revisions r = sleepingChain(dir, SLEEP, "SELECT 1;");
        long relations = db.count("SELECT 1 FROM pg_class");
        ScratchConnectionLostException e = failsWhenTerminated(db,
                () -> r.migrator(db).set("trace", "true").load().lint());
        assertTrue(e.getMessage().startsWith("lint --trace lost its connection to scratch database " + db.name()
                + "_scratch_"), e.getMessage());
        assertTrue(e.getMessage().contains(" while applying s2 (" + r.dir().resolve("2.sql") + "): "), e.getMessage());
        assertTrue(e.getMessage().contains("[SQLSTATE 57P01]"), e.getMessage());
        assertTrue(e.getMessage().contains(NOT_WRITTEN), e.getMessage());
        assertTrue(e.getMessage().contains("run lint --trace again"), e.getMessage());
        assertFalse(e.getMessage().contains(MIGRATES_WORDS), e.getMessage());
        assertFalse(e.interrupted());
        assertTrue(e.dropped());
        assertEquals(0L, scratchDatabases(db));
        assertEquals(relations, db.count("SELECT 1 FROM pg_class"), "the target is untouched");
    }

    @Test
    void aTerminatedTestRollbackSessionNamesTheDownItWasReverting(TestDatabase db, @TempDir Path dir)
            throws Exception {
        Revisions r = sleepingChain(dir, "CREATE TABLE slow (id int);", "DROP TABLE slow;\n" + SLEEP);
        long relations = db.count("SELECT 1 FROM pg_class");
        ScratchConnectionLostException e = failsWhenTerminated(db, () -> r.migrator(db).load().testRollback());
        assertTrue(e.getMessage().startsWith("test-rollback lost its connection to scratch database "),
                e.getMessage());
        assertTrue(e.getMessage().contains(" while reverting s2 (" + r.dir().resolve("2.sql") + "): "), e.getMessage());
        assertTrue(e.getMessage().contains(NOT_WRITTEN), e.getMessage());
        assertFalse(e.getMessage().contains(MIGRATES_WORDS), e.getMessage());
        assertEquals(0L, scratchDatabases(db));
        assertEquals(relations, db.count("SELECT 1 FROM pg_class"), "the target is untouched");
    }

    @Test
    void aTerminatedDriftBuildIsReportedAsDrifts(TestDatabase db, @TempDir Path dir) throws Exception {
        // sleeps on the scratch database only: migrate applies it here at once
        Revisions r = sleepingChain(dir, "SELECT pg_sleep(CASE WHEN current_database() LIKE '%\\_scratch\\_%'"
                + " THEN 120 ELSE 0 END);", "SELECT 1;");
        r.migrator(db).load().migrate();
        long history = db.count("SELECT 1 FROM intellipost_schema_audit");
        ScratchConnectionLostException e = failsWhenTerminated(db, () -> r.migrator(db).load().drift());
        assertTrue(e.getMessage().startsWith("drift lost its connection to scratch database "), e.getMessage());
        assertTrue(e.getMessage().contains(" while applying s2 ("), e.getMessage());
        assertTrue(e.getMessage().contains(NOT_WRITTEN), e.getMessage());
        assertEquals(0L, scratchDatabases(db));
        assertEquals(history, db.count("SELECT 1 FROM intellipost_schema_audit"), "drift wrote nothing here");
    }

    @Test
    void aTraceStoppedBySigtermSaysItWasInterruptedAndDroppedItsScratchDatabase(TestDatabase db, @TempDir Path dir)
            throws Exception {
        Revisions r = sleepingChain(dir, SLEEP, "SELECT 1;");
        String out = interrupted(db, dir, "TERM", 143, List.of("lint", "--trace=true",
                "--locations=filesystem:" + r.dir()));
        assertTrue(out.contains("ERROR: lint --trace was interrupted while applying s2 (" + r.dir().resolve("2.sql")
                + ") on scratch database " + db.name() + "_scratch_"), out);
        assertTrue(out.contains(NOT_WRITTEN), out);
        assertFalse(out.contains(MIGRATES_WORDS), out);
        assertFalse(out.contains("Lost the connection"), out);
    }

    @Test
    void aTestRollbackStoppedByCtrlCSaysItWasInterrupted(TestDatabase db, @TempDir Path dir) throws Exception {
        Revisions r = sleepingChain(dir, SLEEP, "SELECT 1;");
        String out = interrupted(db, dir, "INT", 130, List.of("test-rollback", "--locations=filesystem:" + r.dir()));
        assertTrue(out.contains("ERROR: test-rollback was interrupted while applying s2 ("), out);
        assertTrue(out.contains(NOT_WRITTEN), out);
        assertFalse(out.contains(MIGRATES_WORDS), out);
    }

    /** s1 creates a table; s2 has the given sections. */
    private static Revisions sleepingChain(Path dir, String up, String down) {
        Revisions r = new Revisions(dir.resolve("scripts"));
        r.write("1.sql", "s1", null, "CREATE TABLE t (id int);", "DROP TABLE t;");
        r.write("2.sql", "s2", "s1", up, down);
        return r;
    }

    /** Runs {@code command} in another thread, ends its scratch session inside pg_sleep, and returns its failure. */
    private static ScratchConnectionLostException failsWhenTerminated(TestDatabase db, Runnable command)
            throws Exception {
        CompletableFuture<Void> run = CompletableFuture.runAsync(command);
        assertTrue(Await.until(Duration.ofSeconds(60), () -> run.isDone() || sleeping(db) > 0),
                "the command never reached pg_sleep on its scratch database");
        assertFalse(run.isDone(), "the command ended before its statement was terminated");
        db.execute("SELECT pg_terminate_backend(" + sleeping(db) + ")");
        try {
            run.get(60, TimeUnit.SECONDS);
            throw new AssertionError("the command did not fail");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ScratchConnectionLostException lost) {
                return lost;
            }
            throw new AssertionError("not a ScratchConnectionLostException", e.getCause());
        }
    }

    /**
     * Starts the command line, sends it SIG{@code signal} once it sleeps on its scratch database, and returns what
     * it printed; it must end with {@code exitCode} and leave no scratch database.
     */
    private static String interrupted(TestDatabase db, Path dir, String signal, int exitCode, List<String> command)
            throws Exception {
        List<String> args = new ArrayList<>(command);
        args.addAll(CliProcess.connectionArgs(db));
        CliProcess cli = CliProcess.start(dir.resolve("logs"), command.get(0) + "-" + signal, List.of(), args);
        try {
            assertTrue(Await.until(Duration.ofSeconds(60), () -> !cli.process().isAlive() || sleeping(db) > 0),
                    () -> "never reached pg_sleep: " + cli.describe());
            assertTrue(cli.process().isAlive(), cli::describe);
            Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(cli.process().pid())).start();
            assertEquals(0, kill.waitFor());
            assertEquals(exitCode, cli.waitFor(Duration.ofSeconds(90)), cli::describe);
            assertEquals(0L, scratchDatabases(db), cli::describe);
            return cli.output();
        } finally {
            cli.killIfAlive();
        }
    }

    /** The pid of a session on one of {@code db}'s scratch databases running pg_sleep, or 0. */
    private static long sleeping(TestDatabase db) throws Exception {
        Object pid = db.queryValue("SELECT max(pid) FROM pg_stat_activity WHERE datname LIKE '" + db.name()
                + "\\_scratch\\_%' AND state = 'active' AND query LIKE '%pg_sleep%' AND pid <> pg_backend_pid()");
        return pid == null ? 0 : ((Number) pid).longValue();
    }

    private static long scratchDatabases(TestDatabase db) throws Exception {
        return db.count("SELECT 1 FROM pg_database WHERE datname LIKE '" + db.name() + "\\_scratch\\_%'");
    }
}
