package com.intellipost.migrator.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.Migrator;
import com.intellipost.migrator.MigratorException;
import com.intellipost.migrator.execute.ConnectionLostException;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batched statements whose run was interrupted: a killed batched downgrade resumes after its last committed batch
 * (and its parent revision is never reverted in its place); repair keeps an interrupted downgrade's revision applied;
 * stamp refuses a revision whose row is unfinished; validate and a lost connection say that the next run resumes.
 */
@ExtendWith(PostgresExtension.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class InterruptedBatchesTest {

    /** Up adds one to every row, down takes one away: a batch run twice shows as 2 or -1. */
    private static void writeCounterRevisions(Revisions r, String table, String pause) {
        r.write("1.sql", table + "1", null, "CREATE TABLE " + table + "_parent (id int);",
                "DROP TABLE " + table + "_parent;");
        r.write("2.sql", table + "2", table + "1", "-- batch: table=" + table + " key=id size=2000 pause=" + pause
                + "\nUPDATE " + table + " SET v = v + 1 WHERE id >= ${batch_start} AND id < ${batch_end};",
                "-- batch: table=" + table + " key=id size=2000 pause=" + pause
                + "\nUPDATE " + table + " SET v = v - 1 WHERE id >= ${batch_start} AND id < ${batch_end};");
    }

    @BeforeEach
    void freshHistory(TestDatabase db) throws Exception {
        db.execute("DROP TABLE IF EXISTS intellipost_schema_history, intellipost_schema_audit");
    }

    @Test
    void aKilledBatchedDowngradeResumesAfterItsLastBatchAndNeverRevertsTheParent(TestDatabase db, @TempDir Path dir)
            throws Exception {
        db.execute("DROP TABLE IF EXISTS kd_rows, kd_rows_parent");
        db.execute("CREATE TABLE kd_rows (id int PRIMARY KEY, v int NOT NULL DEFAULT 0)");
        db.execute("INSERT INTO kd_rows (id) SELECT g FROM generate_series(1, 100000) g");
        Revisions r = new Revisions(dir.resolve("scripts"));
        writeCounterRevisions(r, "kd_rows", "100ms");
        r.migrator(db).load().migrate();
        assertEquals(100000L, db.count("SELECT 1 FROM kd_rows WHERE v = 1"));

        List<String> args = new ArrayList<>(List.of("downgrade", "-1", "--locations=filesystem:" + r.dir()));
        args.addAll(CliProcess.connectionArgs(db));
        // a progress interval far below the batches' run time: the monitor must still keep quiet about them
        CliProcess cli = CliProcess.start(dir.resolve("logs"), "killed-downgrade",
                List.of("-Dintellipost.progressIntervalMs=300"), args);
        try {
            assertTrue(Await.until(Duration.ofSeconds(60), () -> !cli.process().isAlive()
                    || db.count("SELECT 1 FROM kd_rows WHERE v = 0") >= 20000), cli::describe);
            assertTrue(cli.process().isAlive(), () -> "killed in the middle of the batches: " + cli.describe());
            cli.process().destroyForcibly(); // SIGKILL
            assertTrue(cli.process().waitFor(10, TimeUnit.SECONDS));
            assertFalse(cli.output().contains("still running after"), () -> "batches are reported by their runner"
                    + " only: " + cli.describe());
        } finally {
            cli.killIfAlive();
        }
        long reverted = db.count("SELECT 1 FROM kd_rows WHERE v = 0");
        assertTrue(reverted > 0 && reverted < 100000 && reverted % 2000 == 0, "whole batches committed: " + reverted);
        String point = (String) db.queryValue("SELECT in_progress || '|' || success || '|' || batch_resume FROM"
                + " intellipost_schema_history WHERE revision = 'kd_rows2'");
        assertEquals("downgrade|false|line=10 next=" + (reverted + 1) + " last=100000", point,
                "the resume point is committed with its batch");

        Migrator migrator = r.migrator(db).load();
        ValidationException invalid = assertThrows(ValidationException.class, migrator::validate);
        assertTrue(invalid.getMessage().contains("its downgrade was interrupted between batches")
                && invalid.getMessage().contains("it resumes at key " + (reverted + 1))
                && !invalid.getMessage().contains("INVALID"), invalid.getMessage());
        InterruptedRevisionException refused = assertThrows(InterruptedRevisionException.class, migrator::migrate);
        assertTrue(refused.getMessage().contains("Run the same downgrade"), refused.getMessage());

        DowngradeResult resumed = migrator.downgrade("-1");
        assertEquals(List.of("kd_rows2"), resumed.reverted());
        assertEquals(100000L, db.count("SELECT 1 FROM kd_rows WHERE v = 0"), "every batch ran exactly once");
        assertNotNull(db.queryValue("SELECT to_regclass('kd_rows_parent')"), "the parent revision is untouched");
        assertEquals(List.of("kd_rows1|true|"), db.column("SELECT revision || '|' || success || '|'"
                + " || coalesce(in_progress, '') FROM intellipost_schema_history"));
        migrator.validate();
    }

    @Test
    void repairKeepsAnInterruptedDowngradeAppliedAndStampRefusesUnfinishedRows(TestDatabase db, @TempDir Path dir)
            throws Exception {
        db.execute("DROP TABLE IF EXISTS rk_rows, rk_rows_parent");
        db.execute("CREATE TABLE rk_rows (id int PRIMARY KEY, v int NOT NULL DEFAULT 0)");
        db.execute("INSERT INTO rk_rows (id) SELECT g FROM generate_series(1, 10000) g");
        Revisions r = new Revisions(dir);
        writeCounterRevisions(r, "rk_rows", "0ms");
        Migrator migrator = r.migrator(db).load();
        migrator.migrate();
        // what a downgrade killed after its first two batches leaves
        db.execute("UPDATE rk_rows SET v = 0 WHERE id < 4001");
        db.execute("UPDATE intellipost_schema_history SET success = false, in_progress = 'downgrade',"
                + " batch_resume = 'line=10 next=4001 last=10000' WHERE revision = 'rk_rows2'");

        ValidationException stamp = assertThrows(ValidationException.class, () -> migrator.stamp("rk_rows2"));
        assertTrue(stamp.getMessage().contains("stamp cannot record rk_rows2 as applied")
                && stamp.getMessage().contains("Nothing was stamped"), stamp.getMessage());

        RepairResult repair = migrator.repair();
        assertEquals(List.of("rk_rows2"), repair.keptApplied());
        assertEquals(List.of(), repair.removedInProgress());
        assertEquals("true||", db.queryValue("SELECT success || '|' || coalesce(in_progress, '') || '|'"
                + " || coalesce(batch_resume, '') FROM intellipost_schema_history WHERE revision = 'rk_rows2'"));
        assertEquals(1L, db.count("SELECT 1 FROM intellipost_schema_audit WHERE action = 'repair'"
                + " AND revision = 'rk_rows2' AND detail LIKE '%kept applied%below key 4001%'"));
        migrator.validate();

        // the next downgrade reverts rk_rows2 (from its first batch: the resume point is gone), never its parent
        assertEquals(List.of("rk_rows2"), migrator.downgrade("-1").reverted());
        assertNotNull(db.queryValue("SELECT to_regclass('rk_rows_parent')"));
        assertEquals(4000L, db.count("SELECT 1 FROM rk_rows WHERE v = -1"), "the restarted batches ran again");
    }

    @Test
    void anInterruptedDowngradeWithoutResumePointIsNotDatedByItsUpgradeAndRepairKeepsItApplied(TestDatabase db,
            @TempDir Path dir) throws Exception {
        Revisions r = new Revisions(dir);
        r.write("1.sql", "ud1", null, "CREATE TABLE ud_parent (id int);", "DROP TABLE ud_parent;");
        r.write("2.sql", "ud2", "ud1", "CREATE TABLE ud_t (id int);\nCREATE INDEX CONCURRENTLY ud_i ON ud_t (id);",
                "DROP INDEX CONCURRENTLY IF EXISTS ud_i;\nDROP TABLE IF EXISTS ud_t;");
        Migrator migrator = r.migrator(db).load();
        migrator.migrate();
        // a downgrade killed inside DROP INDEX CONCURRENTLY, long after the upgrade
        db.execute("UPDATE intellipost_schema_history SET success = false, in_progress = 'downgrade',"
                + " applied_at = '2020-01-01 00:00:00+00' WHERE revision = 'ud2'");

        InterruptedRevisionException e = assertThrows(InterruptedRevisionException.class,
                () -> migrator.downgrade("-1"));
        assertTrue(e.getMessage().contains("its downgrade ran outside a transaction")
                && !e.getMessage().contains("2020-01-01") && !e.getMessage().contains("started")
                && e.getMessage().contains("for an interrupted downgrade it keeps the revision applied"),
                e.getMessage());
        assertEquals(List.of("ud2"), migrator.repair().keptApplied());
        assertEquals(List.of("ud2"), migrator.downgrade("-1").reverted(), "the down section runs again, not ud1's");
        assertNotNull(db.queryValue("SELECT to_regclass('ud_parent')"));
    }

    @Test
    void aFailedBatchedDowngradeSaysHowToKeepOrDropTheRevisionNotToRunItAgainAfterRepair(TestDatabase db,
            @TempDir Path dir) throws Exception {
        db.execute("DROP TABLE IF EXISTS fd_rows, fd_rows_parent");
        db.execute("CREATE TABLE fd_rows (id int PRIMARY KEY, v int NOT NULL DEFAULT 0)");
        db.execute("INSERT INTO fd_rows (id) SELECT g FROM generate_series(1, 5000) g");
        Revisions r = new Revisions(dir);
        r.write("1.sql", "fd_rows1", null, "CREATE TABLE fd_rows_parent (id int);", "DROP TABLE fd_rows_parent;");
        r.write("2.sql", "fd_rows2", "fd_rows1", "-- batch: table=fd_rows key=id size=1000\n"
                + "UPDATE fd_rows SET v = v + 1 WHERE id >= ${batch_start} AND id < ${batch_end};",
                "-- batch: table=fd_rows key=id size=1000\n"
                + "UPDATE fd_rows SET v = v - 1 / (id - 2500) WHERE id >= ${batch_start} AND id < ${batch_end};");
        Migrator migrator = r.migrator(db).load();
        migrator.migrate();
        MigratorException e = assertThrows(MigratorException.class, () -> migrator.downgrade("-1"));
        assertTrue(e.getMessage().contains("either finishing what the down section started")
                && e.getMessage().contains("then stamp fd_rows2 to record it as applied again")
                && !e.getMessage().contains("then run repair, then run the command again"), e.getMessage());
        assertNotNull(db.queryValue("SELECT to_regclass('fd_rows_parent')"));
    }

    @Test
    void aDowngradeThatRanEveryStatementOnlyRemovesItsRowWhenRunAgain(TestDatabase db, @TempDir Path dir)
            throws Exception {
        db.execute("DROP TABLE IF EXISTS cd_rows, cd_rows_parent");
        db.execute("CREATE TABLE cd_rows (id int PRIMARY KEY, v int NOT NULL DEFAULT 0)");
        db.execute("INSERT INTO cd_rows (id) SELECT g FROM generate_series(1, 3000) g");
        Revisions r = new Revisions(dir);
        writeCounterRevisions(r, "cd_rows", "0ms");
        Migrator migrator = r.migrator(db).load();
        migrator.migrate();
        // a downgrade whose connection went while it removed its row, after every batch ran
        db.execute("UPDATE cd_rows SET v = 0");
        db.execute("UPDATE intellipost_schema_history SET success = false, in_progress = 'downgrade',"
                + " batch_resume = 'completed' WHERE revision = 'cd_rows2'");
        assertTrue(assertThrows(ValidationException.class, migrator::validate).getMessage()
                .contains("its downgrade ran every statement"));

        assertEquals(List.of("cd_rows2"), migrator.downgrade("-1").reverted());
        assertEquals(3000L, db.count("SELECT 1 FROM cd_rows WHERE v = 0"), "no batch ran again");
        assertEquals(List.of("cd_rows1"), db.column("SELECT revision FROM intellipost_schema_history"));
        assertNotNull(db.queryValue("SELECT to_regclass('cd_rows_parent')"));
    }

    @Test
    void aConnectionLostBetweenBatchesSaysTheNextMigrateResumes(TestDatabase db, @TempDir Path dir)
            throws Exception {
        db.execute("DROP TABLE IF EXISTS kc_rows, kc_rows_parent");
        db.execute("CREATE TABLE kc_rows (id int PRIMARY KEY, v int NOT NULL DEFAULT 0)");
        db.execute("INSERT INTO kc_rows (id) SELECT g FROM generate_series(1, 100000) g");
        Revisions r = new Revisions(dir);
        writeCounterRevisions(r, "kc_rows", "200ms");
        CompletableFuture<Boolean> terminator = CompletableFuture.supplyAsync(() -> {
            try {
                Await.until(Duration.ofSeconds(60), () -> db.count("SELECT 1 FROM kc_rows WHERE v = 1") >= 20000);
                return Boolean.TRUE.equals(db.queryValue("SELECT bool_or(pg_terminate_backend(pid)) FROM"
                        + " pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
                        + " AND application_name = 'intellipost-migrator'" // the work session: not the lock's
                        + " AND pid NOT IN (SELECT pid FROM pg_locks WHERE locktype = 'advisory')"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        ConnectionLostException lost = assertThrows(ConnectionLostException.class,
                () -> r.migrator(db).load().migrate());
        assertTrue(terminator.get(60, TimeUnit.SECONDS));
        assertTrue(lost.getMessage().contains("interrupted between the batches of the statement at line 7")
                && lost.getMessage().contains("Run migrate again: it resumes at key")
                && lost.getMessage().contains("repair would discard the resume point")
                && !lost.getMessage().contains("INVALID"), lost.getMessage());

        Migrator migrator = r.migrator(db).load();
        ValidationException invalid = assertThrows(ValidationException.class, migrator::validate);
        assertTrue(invalid.getMessage().contains("its upgrade was interrupted between batches")
                && invalid.getMessage().contains("Run migrate again: it resumes at key")
                && invalid.getMessage().contains("the next migrate would restart it from the first batch")
                && !invalid.getMessage().contains("INVALID"), invalid.getMessage());
        assertEquals(List.of("kc_rows2"), migrator.migrate().applied().stream().map(m -> m.revision()).toList());
        assertEquals(100000L, db.count("SELECT 1 FROM kc_rows WHERE v = 1"), "every batch ran exactly once");
    }

    @Test
    void aKeyCheckThatFailsBeforeAnythingRanLeavesTheHistoryAsItWas(TestDatabase db, @TempDir Path dir)
            throws Exception {
        db.execute("DROP TABLE IF EXISTS nk_rows");
        Revisions r = new Revisions(dir);
        r.write("1.sql", "nk1", null, "-- batch: table=nk_rows key=id size=10\n"
                + "UPDATE nk_rows SET v = 1 WHERE id >= ${batch_start} AND id < ${batch_end};", null);
        MigratorException e = assertThrows(MigratorException.class, r.migrator(db).load()::migrate);
        assertTrue(e.getMessage().contains("1.sql:7: the batch directive names nk_rows.id, which does not exist")
                && e.getMessage().contains("Nothing of it ran")
                && !e.getMessage().contains("stayed applied") && !e.getMessage().contains("repair"), e.getMessage());
        assertEquals(0L, db.count("SELECT 1 FROM intellipost_schema_history WHERE revision = 'nk1'"),
                "no failed or in-progress row: nothing to repair");

        db.execute("CREATE TABLE nk_rows (id int PRIMARY KEY, v int)");
        db.execute("INSERT INTO nk_rows (id) SELECT g FROM generate_series(1, 25) g");
        assertEquals(1, r.migrator(db).load().migrate().applied().size(), "runs once fixed, without repair");
        assertEquals(25L, db.count("SELECT 1 FROM nk_rows WHERE v = 1"));
    }

    @Test
    void keysUpToTheLargestBigintAndSparseKeysEnd(TestDatabase db, @TempDir Path dir) throws Exception {
        db.execute("DROP TABLE IF EXISTS mx_rows, sp_rows");
        db.execute("CREATE TABLE mx_rows (id bigint PRIMARY KEY, v int)");
        db.execute("INSERT INTO mx_rows (id) SELECT 9223372036854775807 - g FROM generate_series(1, 25) g");
        db.execute("CREATE TABLE sp_rows (id bigint PRIMARY KEY, v int)");
        // snowflake-like keys: without skipping the gaps, size=1000 would be billions of empty batches
        db.execute("INSERT INTO sp_rows (id) VALUES (1), (2), (1000000000000), (1000000000999), (4000000000000000)");
        Revisions r = new Revisions(dir);
        r.write("1.sql", "mx1", null, "-- batch: table=mx_rows key=id size=10\n"
                + "UPDATE mx_rows SET v = 1 WHERE id >= ${batch_start} AND id < ${batch_end};\n"
                + "-- batch: table=sp_rows key=id size=1000\n"
                + "UPDATE sp_rows SET v = 1 WHERE id >= ${batch_start} AND id < ${batch_end};", null);
        Migrator migrator = r.migrator(db).load();
        assertEquals(1, migrator.migrate().applied().size());
        assertEquals(25L, db.count("SELECT 1 FROM mx_rows WHERE v = 1"), "the last range ends at the largest bigint");
        assertEquals(5L, db.count("SELECT 1 FROM sp_rows WHERE v = 1"));

        // the largest bigint itself cannot be in a range [start, end): refused before any batch
        db.execute("INSERT INTO mx_rows (id) VALUES (9223372036854775807)");
        Revisions r2 = new Revisions(dir.resolve("2"));
        r2.write("1.sql", "mx2", null, "-- batch: table=mx_rows key=id size=10\n"
                + "UPDATE mx_rows SET v = 2 WHERE id >= ${batch_start} AND id < ${batch_end};", null);
        db.execute("DELETE FROM intellipost_schema_history");
        MigratorException e = assertThrows(MigratorException.class, r2.migrator(db).load()::migrate);
        assertTrue(e.getMessage().contains("mx_rows.id reaches 9223372036854775807")
                && e.getMessage().contains("no batch ran") && e.getMessage().contains("Nothing of it ran"),
                e.getMessage());
        assertEquals(0L, db.count("SELECT 1 FROM mx_rows WHERE v = 2"));
    }
}
