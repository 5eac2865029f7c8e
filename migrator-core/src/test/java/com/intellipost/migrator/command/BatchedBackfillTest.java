package com.intellipost.migrator.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.Migrator;
import com.intellipost.migrator.MigratorException;
import com.intellipost.migrator.execute.MigrationFailedException;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batched data changes ({@code -- batch:}): a backfill of millions of rows in committed key ranges; a run killed
 * between batches resumes after the last committed one and applies none twice; a failing batch keeps the earlier
 * ones and names its key range and line; the key's type and index are checked before the first batch; a down
 * section may be batched too.
 */
@ExtendWith(PostgresExtension.class)
class BatchedBackfillTest {

    private static final String BACKFILL = "-- batch: table=bf_posts key=id size=100000\n"
            + "UPDATE bf_posts SET summary = left(body, 5), applied = applied + 1\n"
            + "WHERE id >= ${batch_start} AND id < ${batch_end} AND summary IS NULL;";

    @BeforeEach
    void freshHistory(TestDatabase db) throws Exception {
        db.execute("DROP TABLE IF EXISTS intellipost_schema_history, intellipost_schema_audit");
    }

    @Test
    void backfillsMillionsOfRowsInBatches(TestDatabase db, @TempDir Path dir) throws Exception {
        db.execute("CREATE TABLE bf_posts (id bigint PRIMARY KEY, body text NOT NULL, summary text,"
                + " applied int NOT NULL DEFAULT 0)");
        db.execute("INSERT INTO bf_posts (id, body) SELECT g, 'body of post ' || g FROM generate_series(1, 2000000) g");
        Revisions r = new Revisions(dir);
        r.write("1.sql", "bf1", null, BACKFILL, null);
        Migrator migrator = r.migrator(db).load();

        assertEquals(List.of("bf1"), migrator.migrate().applied().stream().map(m -> m.revision()).toList());
        assertEquals(0L, db.count("SELECT 1 FROM bf_posts WHERE summary IS NULL OR applied <> 1"));
        assertEquals("body ", db.queryValue("SELECT summary FROM bf_posts WHERE id = 1999999"));
        assertEquals("false|true|", db.queryValue("SELECT transactional || '|' || success || '|'"
                + " || coalesce(batch_resume, '') FROM intellipost_schema_history WHERE revision = 'bf1'"));
        assertTrue(migrator.migrate().applied().isEmpty());
    }

    @Test
    void aKilledRunResumesAtTheNextBatchAndAppliesNoneTwice(TestDatabase db, @TempDir Path dir) throws Exception {
        db.execute("CREATE TABLE bk_rows (id int PRIMARY KEY, applied int NOT NULL DEFAULT 0)");
        db.execute("INSERT INTO bk_rows (id) SELECT g FROM generate_series(1, 100000) g");
        Revisions r = new Revisions(dir.resolve("scripts"));
        r.write("1.sql", "bk1", null, "CREATE TABLE bk_before (id int);", null);
        // not idempotent on purpose: applied counts how many times each row's batch ran
        r.write("2.sql", "bk2", "bk1", "CREATE TABLE bk_other (id int);\n"
                + "-- batch: table=bk_rows key=id size=2000 pause=100ms\n"
                + "UPDATE bk_rows SET applied = applied + 1 WHERE id >= ${batch_start} AND id < ${batch_end};\n"
                + "CREATE TABLE bk_after (id int);", null);
        List<String> args = new ArrayList<>(List.of("migrate", "--locations=filesystem:" + r.dir()));
        args.addAll(CliProcess.connectionArgs(db));
        CliProcess cli = CliProcess.start(dir.resolve("logs"), "killed-between-batches", List.of(), args);
        try {
            assertTrue(Await.until(Duration.ofSeconds(60), () -> !cli.process().isAlive()
                    || db.count("SELECT 1 FROM bk_rows WHERE applied > 0") >= 20000), cli::describe);
            assertTrue(cli.process().isAlive(), () -> "killed in the middle of the batches: " + cli.describe());
            cli.process().destroyForcibly(); // SIGKILL
            assertTrue(cli.process().waitFor(10, TimeUnit.SECONDS));
        } finally {
            cli.killIfAlive();
        }
        long done = db.count("SELECT 1 FROM bk_rows WHERE applied = 1");
        assertTrue(done > 0 && done < 100000 && done % 2000 == 0, "whole batches committed: " + done);
        String point = (String) db.queryValue("SELECT in_progress || '|' || batch_resume FROM"
                + " intellipost_schema_history WHERE revision = 'bk2'");
        assertTrue(point.matches("upgrade\\|line=8 next=\\d+ last=100000"), point);
        long next = Long.parseLong(point.replaceAll(".*next=(\\d+).*", "$1"));
        assertEquals(done + 1, next, "the resume point is committed with its batch");

        Migrator migrator = r.migrator(db).load();
        assertEquals(List.of("bk2"), migrator.migrate().applied().stream().map(m -> m.revision()).toList());
        assertEquals(0L, db.count("SELECT 1 FROM bk_rows WHERE applied <> 1"), "every batch ran exactly once");
        assertEquals(1L, db.count("SELECT 1 FROM pg_class WHERE relname = 'bk_after'"));
        assertEquals("true|", db.queryValue("SELECT success || '|' || coalesce(in_progress, '')"
                + " || coalesce(batch_resume, '') FROM intellipost_schema_history WHERE revision = 'bk2'"));
        migrator.validate();
    }

    @Test
    void aFailingBatchStopsTheRevisionAndKeepsTheEarlierOnes(TestDatabase db, @TempDir Path dir) throws Exception {
        db.execute("CREATE TABLE bx_rows (id int PRIMARY KEY, v int)");
        db.execute("INSERT INTO bx_rows (id) SELECT g FROM generate_series(1, 1000) g");
        Revisions r = new Revisions(dir);
        r.write("1.sql", "bx1", null, "-- batch: table=bx_rows key=id size=100\n"
                + "UPDATE bx_rows SET v = 1 / (id - 250) WHERE id >= ${batch_start} AND id < ${batch_end};", null);
        Migrator migrator = r.migrator(db).load();

        MigrationFailedException e = assertThrows(MigrationFailedException.class, migrator::migrate);
        assertTrue(e.getMessage().contains(r.dir().resolve("1.sql") + ":7: the batch of id in [201, 301) failed and"
                + " was rolled back: ERROR: division by zero (the batches before it, id < 201, are committed)"
                + " [SQLSTATE 22012]"), e.getMessage());
        assertEquals(7, e.line());
        assertEquals(200L, db.count("SELECT 1 FROM bx_rows WHERE v IS NOT NULL"));
        assertEquals(0L, db.count("SELECT 1 FROM bx_rows WHERE v IS NOT NULL AND id > 200"));
        assertEquals("false|", db.queryValue("SELECT success || '|' || coalesce(in_progress, '')"
                + " || coalesce(batch_resume, '') FROM intellipost_schema_history WHERE revision = 'bx1'"));
        assertThrows(ValidationException.class, migrator::migrate, "a failed revision waits for repair");
    }

    @Test
    void theKeyMustBeAnIndexedInteger(TestDatabase db, @TempDir Path dir) throws Exception {
        db.execute("CREATE TABLE bkey_text (code text PRIMARY KEY, n int, v int)");
        Revisions r = new Revisions(dir);
        r.write("1.sql", "bkey1", null, "-- batch: table=bkey_text key=code size=10\n"
                + "UPDATE bkey_text SET v = 1 WHERE code >= ${batch_start} AND code < ${batch_end};", null);
        MigrationFailedException e = assertThrows(MigrationFailedException.class, r.migrator(db).load()::migrate);
        assertTrue(e.getMessage().contains("1.sql:7: the batch key bkey_text.code is text; it must be smallint,"
                + " integer or bigint; no batch ran"), e.getMessage());

        Revisions r2 = new Revisions(dir.resolve("2"));
        r2.write("1.sql", "bkey2", null, "-- batch: table=bkey_text key=n size=10\n"
                + "UPDATE bkey_text SET v = 1 WHERE n >= ${batch_start} AND n < ${batch_end};", null);
        db.execute("DELETE FROM intellipost_schema_history");
        e = assertThrows(MigrationFailedException.class, r2.migrator(db).load()::migrate);
        assertTrue(e.getMessage().contains("1.sql:7: the batch key bkey_text.n has no index that starts with it"),
                e.getMessage());
    }

    @Test
    void aDownSectionMayBeBatchedToo(TestDatabase db, @TempDir Path dir) throws Exception {
        db.execute("CREATE TABLE bd_rows (id int PRIMARY KEY, v int)");
        db.execute("INSERT INTO bd_rows (id) SELECT g FROM generate_series(1, 1000) g");
        Revisions r = new Revisions(dir);
        r.write("1.sql", "bd1", null, "-- batch: table=bd_rows key=id size=300\n"
                + "UPDATE bd_rows SET v = id WHERE id >= ${batch_start} AND id < ${batch_end} AND v IS NULL;",
                "-- batch: table=bd_rows key=id size=300 pause=10ms\n"
                + "UPDATE bd_rows SET v = NULL WHERE id >= ${batch_start} AND id < ${batch_end};");
        Migrator migrator = r.migrator(db).load();
        migrator.migrate();
        assertEquals(1000L, db.count("SELECT 1 FROM bd_rows WHERE v = id"));
        migrator.downgrade("base");
        assertEquals(0L, db.count("SELECT 1 FROM bd_rows WHERE v IS NOT NULL"));
        assertEquals(0L, db.count("SELECT 1 FROM intellipost_schema_history"));
    }

    @Test
    void aBatchThatHitsLockTimeoutIsRetried(TestDatabase db, @TempDir Path dir) throws Exception {
        db.execute("CREATE TABLE bl_rows (id int PRIMARY KEY, v int)");
        db.execute("INSERT INTO bl_rows (id) SELECT g FROM generate_series(1, 100) g");
        Revisions r = new Revisions(dir);
        r.write("1.sql", "bl1", null, "-- batch: table=bl_rows key=id size=10\n"
                + "UPDATE bl_rows SET v = id WHERE id >= ${batch_start} AND id < ${batch_end};", null);
        try (Connection holder = db.connect()) {
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.execute("SELECT * FROM bl_rows WHERE id = 55 FOR UPDATE"); // the sixth batch's row
            }
            Thread release = new Thread(() -> {
                try {
                    Thread.sleep(1500);
                    holder.rollback();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            release.start();
            r.migrator(db).set("lockTimeout", "200ms").set("lockRetries", "10").load().migrate();
            release.join();
        }
        assertEquals(100L, db.count("SELECT 1 FROM bl_rows WHERE v = id"));
        assertEquals("true", db.queryValue("SELECT success::text FROM intellipost_schema_history"
                + " WHERE revision = 'bl1'"));
    }

    @Test
    void aBatchThatTimesOutKeepsItsResumePointAndTheNextRunGoesOnFromIt(TestDatabase db, @TempDir Path dir)
            throws Exception {
        db.execute("CREATE TABLE bt_rows (id int PRIMARY KEY, applied int NOT NULL DEFAULT 0)");
        db.execute("INSERT INTO bt_rows (id) SELECT g FROM generate_series(1, 100) g");
        Revisions r = new Revisions(dir);
        r.write("0.sql", "bt0", null, "CREATE TABLE bt_mark (id int);", null);
        r.write("1.sql", "bt1", "bt0", "-- batch: table=bt_rows key=id size=10\n"
                + "UPDATE bt_rows SET applied = applied + 1 WHERE id >= ${batch_start} AND id < ${batch_end};", null);
        Migrator migrator = r.migrator(db).set("lockTimeout", "100ms").set("lockRetries", "0").load();
        try (Connection holder = db.connect()) {
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.execute("SELECT * FROM bt_rows WHERE id = 55 FOR UPDATE"); // the sixth batch's row
            }
            MigrationFailedException e = assertThrows(MigrationFailedException.class, migrator::migrate);
            assertTrue(e.getMessage().contains("[SQLSTATE 55P03]") && e.getMessage().contains("it resumes at key 51"
                    + " and runs no batch twice") && !e.getMessage().contains("repair"), e.getMessage());
            holder.rollback();
        }
        assertEquals(50L, db.count("SELECT 1 FROM bt_rows WHERE applied = 1"));
        assertEquals("upgrade|line=7 next=51 last=100", db.queryValue("SELECT in_progress || '|' || batch_resume"
                + " FROM intellipost_schema_history WHERE revision = 'bt1'"));

        MigratorException partial = assertThrows(MigratorException.class, () -> migrator.migrate("bt0"));
        assertTrue(partial.getMessage().contains("the upgrade of bt1 was interrupted between its batches and is not"
                + " finished, and this target leaves it out. Nothing was changed"), partial.getMessage());

        assertEquals(List.of("bt1"), migrator.migrate().applied().stream().map(m -> m.revision()).toList());
        assertEquals(100L, db.count("SELECT 1 FROM bt_rows WHERE applied = 1"), "every batch once");
        assertEquals("true", db.queryValue("SELECT success::text FROM intellipost_schema_history"
                + " WHERE revision = 'bt1' AND in_progress IS NULL AND batch_resume IS NULL"));
    }
}
