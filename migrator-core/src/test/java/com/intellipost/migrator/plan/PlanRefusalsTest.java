package com.intellipost.migrator.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.Migrator;
import com.intellipost.migrator.MigratorException;
import com.intellipost.migrator.cli.MigratorCommandLine;
import com.intellipost.migrator.command.MultipleHeadsException;
import com.intellipost.migrator.command.UnknownRevisionException;
import com.intellipost.migrator.command.ValidationException;
import com.intellipost.migrator.config.Configuration;
import com.intellipost.migrator.config.ConfigurationException;
import com.intellipost.migrator.lock.MigrationLock;
import com.intellipost.migrator.testing.PgClient;
import com.intellipost.migrator.testing.PostgresExtension;
import com.intellipost.migrator.testing.PostgresServer;
import com.intellipost.migrator.testing.Revisions;
import com.intellipost.migrator.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plan that cannot be made says why, with the exception and message of the command it stands for, before anything
 * is written; a plan made for another history, or run while a migrator holds the lock, stops before it changes
 * anything.
 */
@ExtendWith(PostgresExtension.class)
class PlanRefusalsTest {

    @Test
    void severalHeadsAsMigrateSaysIt(TestDatabase db, @TempDir Path dir) {
        Revisions r = new Revisions(dir);
        r.write("1.sql", "h1", null, "CREATE TABLE h_t (id int);", null);
        r.write("2a.sql", "h2a", "h1", "SELECT 1;", null);
        r.write("2b.sql", "h2b", "h1", "SELECT 2;", null);
        sameFailure(MultipleHeadsException.class, () -> r.migrator(db).load().migrate(),
                () -> r.migrator(db).load().plan(null));
        sameFailure(UnknownRevisionException.class, () -> r.migrator(db).load().migrate("nosuch"),
                () -> r.migrator(db).load().plan("nosuch"));
        assertEquals(List.of("h1", "h2a", "h2b"), r.migrator(db).load().plan("heads").revisions());
        assertEquals(List.of("h1", "h2a"), r.migrator(db).set("from", "base").load().plan("h2a").revisions());
    }

    @Test
    void anEditedScriptAsMigrateSaysIt(TestDatabase db, @TempDir Path dir) {
        Revisions r = new Revisions(dir);
        r.write("1.sql", "m1", null, "CREATE TABLE m_t (id int);", "DROP TABLE m_t;");
        r.migrator(db).set("schema", "edited").load().migrate();
        r.write("1.sql", "m1", null, "CREATE TABLE m_t (id bigint);", "DROP TABLE m_t;");
        r.write("2.sql", "m2", "m1", "SELECT 1;", null);
        sameFailure(ValidationException.class, () -> r.migrator(db).set("schema", "edited").load().migrate(),
                () -> r.migrator(db).set("schema", "edited").load().plan(null));
        sameFailure(ValidationException.class, () -> r.migrator(db).set("schema", "edited").load().downgrade("base"),
                () -> r.migrator(db).set("schema", "edited").set("downgrade", "base").load().plan(null));
    }

    @Test
    void aMissingDownSectionAsDowngradeSaysIt(TestDatabase db, @TempDir Path dir) {
        Revisions r = new Revisions(dir);
        r.write("1.sql", "d1", null, "CREATE TABLE d_t (id int);", "DROP TABLE d_t;");
        r.write("2.sql", "d2", "d1", "CREATE TABLE d_u (id int);", null);
        r.migrator(db).set("schema", "nodown").load().migrate();
        sameFailure(MigratorException.class, () -> r.migrator(db).set("schema", "nodown").load().downgrade("base"),
                () -> r.migrator(db).set("schema", "nodown").set("downgrade", "base").load().plan(null));
        sameFailure(UnknownRevisionException.class, () -> r.migrator(db).set("schema", "nodown").load().downgrade("x9"),
                () -> r.migrator(db).set("schema", "nodown").set("downgrade", "x9").load().plan(null));
        sameFailure(UnknownRevisionException.class, () -> r.migrator(db).set("schema", "nodown").load().downgrade("-3"),
                () -> r.migrator(db).set("schema", "nodown").set("downgrade", "-3").load().plan(null));
    }

    /**
     * A row left in progress: the plan reads without the lock, so it cannot know that the row's run is gone; it
     * refuses as validate does, which says to run migrate (that names what the revision left, under the lock).
     */
    @Test
    void aRevisionInProgressAsValidateSaysIt(TestDatabase db, @TempDir Path dir) throws Exception {
        Revisions r = new Revisions(dir);
        r.write("1.sql", "p1", null, "CREATE TABLE p_t (id int);", "DROP TABLE p_t;");
        r.write("2.sql", "p2", "p1", "CREATE INDEX CONCURRENTLY p_t_id ON p_t (id);", "DROP INDEX CONCURRENTLY p_t_id;");
        r.migrator(db).set("schema", "inprog").load().migrate();
        db.execute("UPDATE inprog.intellipost_schema_history SET success = false, in_progress = 'upgrade'"
                + " WHERE revision = 'p2'");
        sameFailure(ValidationException.class, () -> r.migrator(db).set("schema", "inprog").load().validate(),
                () -> r.migrator(db).set("schema", "inprog").load().plan(null));
        sameFailure(ValidationException.class, () -> r.migrator(db).set("schema", "inprog").load().validate(),
                () -> r.migrator(db).set("schema", "inprog").set("downgrade", "base").load().plan(null));
        ValidationException e = assertThrows(ValidationException.class,
                () -> r.migrator(db).set("schema", "inprog").load().plan(null));
        assertTrue(e.getMessage().contains("2.sql) is marked in progress") && e.getMessage().contains("Run migrate"),
                e.getMessage());
    }

    @Test
    void transactionModeAllRefusesWhatMustRunOutsideATransaction(TestDatabase db, @TempDir Path dir) {
        Revisions r = new Revisions(dir);
        r.write("1.sql", "a1", null, "CREATE TABLE a_t (id int);", null);
        r.write("2.sql", "a2", "a1", "CREATE INDEX CONCURRENTLY a_t_id ON a_t (id);", null);
        sameFailure(MigratorException.class,
                () -> r.migrator(db).set("schema", "allmode").set("transactionMode", "all").load().migrate(),
                () -> r.migrator(db).set("schema", "allmode").set("transactionMode", "all").load().plan(null));
    }

    @Test
    void settingsThatCannotMakeAPlan(@TempDir Path dir) {
        Revisions r = new Revisions(dir);
        r.write("1.sql", "s1", null, "SELECT 1;", "SELECT 0;");
        Supplier<Migrator.Builder> offline = () -> Migrator.configure().isolated().locations("filesystem:" + r.dir());
        ConfigurationException noDatabase = assertThrows(ConfigurationException.class,
                () -> offline.get().load().plan(null));
        assertTrue(noDatabase.getMessage().contains("from=base"), noDatabase.getMessage());
        ConfigurationException both = assertThrows(ConfigurationException.class,
                () -> offline.get().set("from", "base").set("downgrade", "base").load().plan("s1"));
        assertTrue(both.getMessage().contains("downgrade=base") && both.getMessage().contains("(s1)"), both.getMessage());
        UnknownRevisionException from = assertThrows(UnknownRevisionException.class,
                () -> offline.get().set("from", "zz").load().plan(null));
        assertTrue(from.getMessage().startsWith("from=zz is not a revision"), from.getMessage());
        assertEquals(List.of("s1"), offline.get().set("from", "s1").set("downgrade", "base").load().plan(null)
                .revisions());
    }

    /** The command line prints nothing on standard output and writes no file when the plan is refused. */
    @Test
    void aRefusedPlanWritesNothing(@TempDir Path dir) {
        Revisions r = new Revisions(dir.resolve("m"));
        r.write("1.sql", "w1", null, "SELECT 1;", null);
        r.write("2a.sql", "w2a", "w1", "SELECT 2;", null);
        r.write("2b.sql", "w2b", "w1", "SELECT 3;", null);
        Path output = dir.resolve("out/plan.sql");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = commandLine(out, err).run("plan", "--from=base", "--locations=filesystem:" + r.dir(),
                "--output=" + output);
        assertEquals(1, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("ERROR: Cannot migrate: the revision graph has 2"
                + " heads"), err.toString(StandardCharsets.UTF_8));
        assertFalse(Files.exists(output.getParent()), "no output file or directory");
        code = commandLine(out, err).run("plan", "--from=base", "--locations=filesystem:" + r.dir());
        assertEquals(1, code);
        assertEquals("", out.toString(StandardCharsets.UTF_8), "nothing on standard output");
    }

    /** A backslash outside quotes: psql would take it for a meta-command; no half-written file stays. */
    @Test
    void aBackslashOutsideQuotesIsRefusedWithItsLine(@TempDir Path dir) {
        Revisions r = new Revisions(dir.resolve("m"));
        r.write("1.sql", "b1", null, "CREATE TABLE b_t (id int);\nSELECT 1 \\gset", null);
        Path output = dir.resolve("plan.sql");
        Plan plan = Migrator.configure().isolated().locations("filesystem:" + r.dir()).set("from", "base").load()
                .plan(null);
        MigratorException e = assertThrows(MigratorException.class, () -> plan.writeTo(output));
        assertTrue(e.getMessage().contains("1.sql:7: the statement has a backslash outside quotes"), e.getMessage());
        assertFalse(Files.exists(output));
        assertFalse(Files.exists(dir.resolve("plan.sql.part")));
    }

    /** The plan's history check: a plan made from base does not run on a database that has moved on. */
    @Test
    void aPlanForAnotherHistoryStopsBeforeChangingAnything(@TempDir Path dir) throws Exception {
        TestDatabase db = PostgresServer.get().createDatabase("plan_stale");
        try {
            Revisions r = new Revisions(dir.resolve("m"));
            r.write("1.sql", "g1", null, "CREATE TABLE g_t (id int);", "DROP TABLE g_t;");
            r.write("2.sql", "g2", "g1", "CREATE TABLE g_u (id int);", "DROP TABLE g_u;");
            Path stale = dir.resolve("stale.sql");
            r.migrator(db).load().plan(null).writeTo(stale);
            r.migrator(db).load().migrate("g1");
            long audit = db.count("SELECT 1 FROM intellipost_schema_audit");

            PgClient.Result result = PgClient.psqlFile(db, stale, List.of(), Duration.ofMinutes(1));
            assertEquals(3, result.exitCode(), result.output()); // psql's code for an error under ON_ERROR_STOP
            assertTrue(result.output().contains("is not the one this plan was made from (the history of"),
                    result.output());
            assertEquals(List.of("g1"), List.of(db.queryValue("SELECT string_agg(revision, ',')"
                    + " FROM intellipost_schema_history")));
            assertEquals(audit, db.count("SELECT 1 FROM intellipost_schema_audit"));
            assertEquals(null, db.queryValue("SELECT to_regclass('g_u')::text"));
            PlanChangesNothingTest.assertNoAdvisoryLock(db);
        } finally {
            PostgresServer.get().dropDatabase(db);
        }
    }

    /** The plan takes the migrator's own lock: while a migrator holds it, the plan stops at once. */
    @Test
    void aPlanStopsWhileAMigratorHoldsTheLock(@TempDir Path dir) throws Exception {
        TestDatabase db = PostgresServer.get().createDatabase("plan_locked");
        try {
            Revisions r = new Revisions(dir.resolve("m"));
            r.write("1.sql", "l1", null, "CREATE TABLE l_t (id int);", null);
            Path plan = dir.resolve("plan.sql");
            r.migrator(db).load().plan(null).writeTo(plan);
            Configuration configuration = r.migrator(db).load().configuration();
            try (MigrationLock held = MigrationLock.acquire(db.connect(), configuration)) {
                PgClient.Result result = PgClient.psqlFile(db, plan, List.of(), Duration.ofMinutes(1));
                assertEquals(3, result.exitCode(), result.output());
                assertTrue(result.output().contains("Another migrator holds the migration lock"), result.output());
            }
            PlanChangesNothingTest.assertEmpty(db);
            PgClient.Result again = PgClient.psqlFile(db, plan, List.of(), Duration.ofMinutes(1));
            assertEquals(0, again.exitCode(), again.output());
            assertEquals(1L, db.count("SELECT 1 FROM intellipost_schema_history WHERE revision = 'l1'"));
            PlanChangesNothingTest.assertNoAdvisoryLock(db); // released at the end
        } finally {
            PostgresServer.get().dropDatabase(db);
        }
    }

    private static MigratorCommandLine commandLine(ByteArrayOutputStream out, ByteArrayOutputStream err) {
        return new MigratorCommandLine(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), () -> Migrator.configure().isolated());
    }

    /** Both fail with the same exception class and message. */
    private static void sameFailure(Class<? extends MigratorException> type, Executable command, Executable plan) {
        MigratorException expected = assertThrows(type, command);
        MigratorException actual = assertThrows(type, plan);
        assertEquals(expected.getClass(), actual.getClass());
        assertEquals(expected.getMessage(), actual.getMessage());
    }
}
