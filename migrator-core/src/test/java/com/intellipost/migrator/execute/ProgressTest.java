package com.intellipost.migrator.execute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN 2.14: a statement still running after 5 s gets a log line every 5 s, from a second connection: the phase
 * and blocks of {@code pg_stat_progress_create_index}; while it waits for a lock, the sessions that block it.
 */
@ExtendWith(PostgresExtension.class)
class ProgressTest {

    /**
     * A real index build of more than 5 s, with the real interval. Its length does not depend on the machine: the
     * indexed expression sleeps 0.1 s per row (declared IMMUTABLE, as an index expression must be), 70 rows.
     */
    @Test
    void anIndexBuildOfMoreThanFiveSecondsIsReportedWithItsPhase(TestDatabase db, @TempDir Path dir) throws Exception {
        db.execute("CREATE TABLE pg_slow (id int)");
        db.execute("INSERT INTO pg_slow SELECT generate_series(1, 70)");
        db.execute("CREATE FUNCTION slow_key(int) RETURNS int LANGUAGE plpgsql IMMUTABLE AS"
                + " 'BEGIN PERFORM pg_sleep(0.1); RETURN $1; END'");
        Revisions r = new Revisions(dir.resolve("scripts"));
        r.write("1.sql", "pr1", null, "CREATE INDEX CONCURRENTLY pg_slow_key ON pg_slow (slow_key(id));",
                "DROP INDEX CONCURRENTLY pg_slow_key;");
        CliProcess cli = CliProcess.start(dir.resolve("logs"), "slow-index", List.of(), migrate(db, r, "slow_index"));
        assertEquals(0, cli.waitFor(Duration.ofSeconds(120)), cli::describe);
        Matcher line = Pattern.compile("INFO \\S*ProgressMonitor - pr1 \\(\\S+1\\.sql\\) still running after (\\d+) s:"
                + " statement running (\\d+) s: CREATE INDEX CONCURRENTLY pg_slow_key ON pg_slow \\(slow_key\\(id\\)\\);"
                + " CREATE INDEX CONCURRENTLY: building index: scanning table, blocks \\d+ of 1 \\(\\d+%\\)")
                .matcher(cli.output());
        assertTrue(line.find(), cli::describe);
        assertTrue(Integer.parseInt(line.group(1)) >= 5, cli::describe);
        assertTrue(cli.output().contains("Applied pr1"), cli::describe);
    }

    /** A revision that waits for a lock names who holds it (a short interval, for a quick test). */
    @Test
    void aStatementWaitingForALockNamesTheSessionsThatBlockIt(TestDatabase db, @TempDir Path dir) throws Exception {
        db.execute("CREATE TABLE pg_locked (id int)");
        Revisions r = new Revisions(dir.resolve("scripts"));
        r.write("1.sql", "lw1", null, "ALTER TABLE pg_locked ADD COLUMN note text;", "SELECT 1;");
        List<String> args = migrate(db, r, "lock_wait");
        args.add("--lockTimeout=60s");
        try (Connection holder = db.connect(); Statement s = holder.createStatement()) {
            s.execute("SET application_name = 'report-job'");
            holder.setAutoCommit(false);
            s.execute("LOCK TABLE pg_locked IN ACCESS SHARE MODE");
            long holderPid = ((Number) db.queryValue("SELECT pid FROM pg_stat_activity WHERE application_name ="
                    + " 'report-job'")).longValue();
            CliProcess cli = CliProcess.start(dir.resolve("logs"), "lock-wait",
                    List.of("-Dintellipost.progressIntervalMs=300"), args);
            try {
                String expected = "lw1 (" + r.dir().resolve("1.sql") + ") still running after";
                Pattern waiting = Pattern.compile("statement running \\d+ s: ALTER TABLE pg_locked ADD COLUMN note text;"
                        + " waiting for a lock \\(Lock relation\\) held by pid " + holderPid + " \\(report-job, idle in"
                        + " transaction, query started \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC\\)");
                assertTrue(Await.until(Duration.ofSeconds(60), () -> !cli.process().isAlive()
                        || cli.output().contains(expected) && waiting.matcher(cli.output()).find()), cli::describe);
                assertTrue(cli.process().isAlive(), cli::describe);
            } finally {
                holder.rollback();
            }
            assertEquals(0, cli.waitFor(Duration.ofSeconds(60)), cli::describe);
        }
    }

    private static List<String> migrate(TestDatabase db, Revisions r, String schema) {
        List<String> args = new ArrayList<>(List.of("migrate", "--schema=" + schema, "--locations=filesystem:" + r.dir()));
        args.addAll(CliProcess.connectionArgs(db));
        return args;
    }
}
