package com.intellipost.migrator.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.Migrator;
import com.intellipost.migrator.command.InterruptedRevisionException;
import com.intellipost.migrator.execute.ConnectionLostException;
import com.intellipost.migrator.testing.PgClient;
import com.intellipost.migrator.testing.PostgresServer;
import com.intellipost.migrator.testing.Revisions;
import com.intellipost.migrator.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plan mirrors the runner's in-progress row (DESIGN 2.14): before the first statement of a revision that runs
 * outside a transaction it marks the revision in progress, as the runner does, so that a plan stopped inside the
 * revision leaves what a migrator stopped there leaves, and the next {@code migrate} or {@code downgrade} names it.
 * The revision ends its own session after its CONCURRENTLY statement ({@code pg_terminate_backend(pg_backend_pid())}):
 * a lost connection for the migrator and for psql alike. Both databases must then hold the same schema, the same
 * history rows (the in-progress one included: {@code success = false}, {@code execution_ms = 0}, {@code in_progress})
 * and the same audit rows, and both must refuse the next run with {@link InterruptedRevisionException}.
 */
class PlanInterruptedTest {

    private static final String TERMINATE = "SELECT pg_terminate_backend(pg_backend_pid());";
    private static final String IN_PROGRESS_ROW = "SELECT revision, success, in_progress"
            + " FROM intellipost_schema_history WHERE in_progress IS NOT NULL";

    @Test
    void anUpgradeStoppedOutsideATransactionLeavesTheRunnersInProgressRow(@TempDir Path dir) throws Exception {
        Revisions r = new Revisions(dir.resolve("migrations"));
        r.write("1.sql", "pi1", null, "CREATE TABLE pi_item (id int, name text);", "DROP TABLE pi_item;");
        r.write("2.sql", "pi2", "pi1", "CREATE INDEX CONCURRENTLY pi_item_name_idx ON pi_item (name);\n" + TERMINATE,
                "DROP INDEX CONCURRENTLY pi_item_name_idx;");
        PostgresServer server = PostgresServer.get();
        TestDatabase migrated = server.createDatabase("plan_cut_migrated");
        TestDatabase planned = server.createDatabase("plan_cut_planned");
        try {
            assertThrows(ConnectionLostException.class, () -> r.migrator(migrated).load().migrate());
            Plan plan = r.migrator(planned).load().plan(null);
            String text = interruptedRun(plan, planned, dir);
            assertTrue(text.contains("INSERT INTO \"public\".\"intellipost_schema_history\" (revision, down_revisions,"
                    + " message, script, checksum, transactional, execution_ms, success, in_progress)\n    VALUES ('pi2',"),
                    "the in-progress row before pi2's first statement: " + text);

            assertEquals(List.of("pi2|f|upgrade"), PlanAppliedByPsqlTest.rows(migrated, IN_PROGRESS_ROW));
            PlanAppliedByPsqlTest.assertSameDatabase(migrated, planned, dir);
            for (TestDatabase db : List.of(migrated, planned)) { // a new row, written before anything ran
                assertEquals(0L, db.queryValue("SELECT execution_ms FROM intellipost_schema_history"
                        + " WHERE revision = 'pi2'"), db::name);
            }
            assertRefusedAsInterrupted(r, migrated, planned, m -> m.migrate(), "pi2");
        } finally {
            server.dropDatabase(migrated);
            server.dropDatabase(planned);
        }
    }

    @Test
    void aDowngradeStoppedOutsideATransactionLeavesTheRunnersInProgressRow(@TempDir Path dir) throws Exception {
        Revisions r = new Revisions(dir.resolve("migrations"));
        r.write("1.sql", "pd1", null, "CREATE TABLE pd_item (id int, name text);", "DROP TABLE pd_item;");
        r.write("2.sql", "pd2", "pd1", "CREATE INDEX CONCURRENTLY pd_item_name_idx ON pd_item (name);",
                "DROP INDEX CONCURRENTLY pd_item_name_idx;\n" + TERMINATE);
        PostgresServer server = PostgresServer.get();
        TestDatabase migrated = server.createDatabase("plan_cut_down_migrated");
        TestDatabase planned = server.createDatabase("plan_cut_down_planned");
        try {
            r.migrator(migrated).load().migrate();
            r.migrator(planned).load().migrate();
            assertThrows(ConnectionLostException.class, () -> r.migrator(migrated).load().downgrade("base"));
            Plan plan = r.migrator(planned).set("downgrade", "base").load().plan(null);
            interruptedRun(plan, planned, dir);

            // the applied row, marked: its execution_ms stays the upgrade's
            assertEquals(List.of("pd2|f|downgrade"), PlanAppliedByPsqlTest.rows(migrated, IN_PROGRESS_ROW));
            PlanAppliedByPsqlTest.assertSameDatabase(migrated, planned, dir);
            assertRefusedAsInterrupted(r, migrated, planned, m -> m.downgrade("base"), "pd2");
        } finally {
            server.dropDatabase(migrated);
            server.dropDatabase(planned);
        }
    }

    /** Writes the plan, runs it with psql, which must stop on the lost connection; returns the plan's text. */
    private static String interruptedRun(Plan plan, TestDatabase db, Path dir) throws Exception {
        Path file = dir.resolve("plan.sql");
        plan.writeTo(file);
        PgClient.Result run = PgClient.psqlFile(db, file, List.of("-v", "ON_ERROR_STOP=1"), Duration.ofMinutes(2));
        assertEquals(2, run.exitCode(), () -> "psql stops on the lost connection: " + run.output());
        assertTrue(run.output().contains("terminating connection due to administrator command"), run::output);
        return Files.readString(file);
    }

    private static void assertRefusedAsInterrupted(Revisions r, TestDatabase migrated, TestDatabase planned,
                                                   Function<Migrator, Object> command, String revision) {
        for (TestDatabase db : List.of(migrated, planned)) {
            InterruptedRevisionException e = assertThrows(InterruptedRevisionException.class,
                    () -> command.apply(r.migrator(db).load()), db::name);
            assertEquals(List.of(revision), e.revisions(), db.name());
            assertEquals(List.of(), e.invalidIndexes(), db.name()); // the CONCURRENTLY statement had completed
        }
    }
}
