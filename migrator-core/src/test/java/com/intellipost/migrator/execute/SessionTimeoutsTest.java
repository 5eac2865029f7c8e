package com.intellipost.migrator.execute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.Migrator;
import com.intellipost.migrator.command.MigrateResult;
import com.intellipost.migrator.config.Configuration;
import com.intellipost.migrator.testing.Await;
import com.intellipost.migrator.testing.CliProcess;
import com.intellipost.migrator.testing.PostgresExtension;
import com.intellipost.migrator.testing.Revisions;
import com.intellipost.migrator.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN 2.7 and 2.10 at run time: the work session's {@code statement_timeout} and {@code lock_timeout}, a
 * script's {@code -- lock_timeout:} header, and the defaults of the timeouts, as Settings resolves them and as the
 * server has them while a migration runs (scripts record {@code current_setting(...)} in a table).
 */
@ExtendWith(PostgresExtension.class)
class SessionTimeoutsTest {

    @Test
    void aStatementLongerThanStatementTimeoutFailsWith57014AndNothingOfTheRevisionStays(TestDatabase db,
            @TempDir Path dir) throws Exception {
        Revisions r = new Revisions(dir);
        r.write("001.sql", "st1", null, "CREATE TABLE st_partial (id int);\n"
                + "INSERT INTO st_partial VALUES (1);\n"
                + "SELECT pg_sleep(30);", "DROP TABLE st_partial;");
        long start = System.nanoTime();
        MigrationFailedException e = assertThrows(MigrationFailedException.class, () -> r.migrator(db)
                .schema("st").set("statementTimeout", "1s").set("lockRetries", "3").load().migrate());
        long ms = (System.nanoTime() - start) / 1_000_000;

        assertEquals(Optional.of("57014"), e.sqlState(), e::getMessage);
        assertEquals("st1", e.revision());
        assertEquals(8, e.line(), "the pg_sleep's line");
        assertTrue(e.getMessage().contains("canceling statement due to statement timeout [SQLSTATE 57014]"),
                e::getMessage);
        assertTrue(ms >= 1_000, () -> "failed after " + ms + " ms, before statement_timeout");
        assertEquals(0L, db.count("SELECT 1 FROM pg_tables WHERE tablename = 'st_partial'"),
                "the statements before the cancelled one were rolled back");
        assertEquals(0L, db.count("SELECT 1 FROM st.intellipost_schema_history"), "no history row");
        assertEquals(1L, db.count("SELECT 1 FROM st.intellipost_schema_audit"), "one audit row: 57014 is not retried");
        assertEquals(1L, db.count("SELECT 1 FROM st.intellipost_schema_audit WHERE revision = 'st1'"
                + " AND outcome = 'failed' AND error LIKE '%57014%'"));
    }

    @Test
    void aScriptsLockTimeoutHeaderAppliesWhileThatScriptRunsOnly(TestDatabase db, @TempDir Path dir)
            throws Exception {
        db.execute("CREATE TABLE lt_seen (n serial, revision text, lock_timeout text)");
        Revisions r = new Revisions(dir);
        r.writeRaw("1.sql", script("h1", null, "-- lock_timeout: 300ms\n", record("h1")));
        r.writeRaw("2.sql", script("h2", "h1", "", record("h2")));
        r.writeRaw("3.sql", script("h3", "h2", "-- transactional: false\n-- lock_timeout: 400ms\n", record("h3")));
        r.writeRaw("4.sql", script("h4", "h3", "-- transactional: false\n", record("h4")));
        r.writeRaw("5.sql", script("h5", "h4", "", record("h5")));
        r.migrator(db).schema("lt_header").set("lockTimeout", "1min").load().migrate();

        assertEquals(List.of("h1=300ms", "h2=1min", "h3=400ms", "h4=1min", "h5=1min"),
                strings(db, "SELECT revision || '=' || lock_timeout FROM lt_seen ORDER BY n"),
                "each script ran under its header's lock_timeout, the others under the configured one");
    }

    @Test
    void aScriptsLockTimeoutHeaderBoundsItsWaitForALock(TestDatabase db, @TempDir Path dir) throws Exception {
        db.execute("CREATE TABLE lt_locked (id int)");
        Revisions r = new Revisions(dir);
        r.writeRaw("1.sql", script("hw1", null, "-- lock_timeout: 300ms\n", "ALTER TABLE lt_locked ADD COLUMN x int;"));
        Migrator migrator = r.migrator(db).schema("lt_wait").set("lockTimeout", "2min").set("lockRetries", "0")
                .load();

        ExecutorService background = Executors.newSingleThreadExecutor();
        try (Connection blocker = db.connect()) {
            blocker.setAutoCommit(false);
            try (Statement s = blocker.createStatement()) {
                s.execute("LOCK TABLE lt_locked IN ACCESS EXCLUSIVE MODE");
            }
            long start = System.nanoTime();
            Future<MigrateResult> migrate = background.submit(() -> migrator.migrate());
            Throwable thrown;
            try {
                migrate.get(60, TimeUnit.SECONDS);
                thrown = null;
            } catch (ExecutionException ended) {
                thrown = ended.getCause();
            } catch (TimeoutException stillWaiting) {
                blocker.rollback();
                migrate.get(30, TimeUnit.SECONDS);
                throw new AssertionError("still waiting for the lock after 60 s: the header's lock_timeout (300ms)"
                        + " did not replace the configured 2min");
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            blocker.rollback();
            MigrationFailedException e = assertInstanceOf(MigrationFailedException.class, thrown,
                    () -> "the migration should have failed on the lock: " + migrate);
            assertEquals(Optional.of("55P03"), e.sqlState(), e::getMessage);
            assertTrue(e.getMessage().contains("waited lock_timeout (300ms, lockRetries=0)"), e::getMessage);
            assertTrue(ms >= 300, () -> "failed after " + ms + " ms, before the header's lock_timeout");
        } finally {
            background.shutdownNow();
        }
        assertEquals(0L, db.count("SELECT 1 FROM information_schema.columns WHERE table_name = 'lt_locked'"
                + " AND column_name = 'x'"));
    }

    @Test
    void defaultsAsResolvedAndAsSetOnTheServer(TestDatabase db, @TempDir Path dir) throws Exception {
        Migrator.Builder unconfigured = Migrator.configure().isolated().url(db.jdbcUrl()).user(db.user())
                .password(db.password()).schema("defaults").locations("filesystem:" + dir);
        Configuration c = unconfigured.load().configuration();
        assertEquals(Duration.ofSeconds(5), c.lockTimeout(), "lockTimeout");
        assertEquals(Duration.ZERO, c.statementTimeout(), "statementTimeout");
        assertEquals(5, c.lockRetries(), "lockRetries");
        assertEquals(Duration.ofMinutes(10), c.lockWaitTimeout(), "lockWaitTimeout");
        assertEquals(Duration.ofSeconds(60), c.connectTimeout(), "connectTimeout");

        db.execute("CREATE TABLE defaults_seen (revision text, lock_timeout text, statement_timeout text)");
        Revisions r = new Revisions(dir);
        String record = "INSERT INTO defaults_seen SELECT '%s', current_setting('lock_timeout'),"
                + " current_setting('statement_timeout');";
        r.writeRaw("1.sql", script("d1", null, "", String.format(record, "d1")));
        r.writeRaw("2.sql", script("d2", "d1", "-- transactional: false\n", String.format(record, "d2")));
        unconfigured.load().migrate();
        assertEquals(List.of("d1|5s|0", "d2|5s|0"), strings(db, "SELECT revision || '|' || lock_timeout || '|'"
                + " || statement_timeout FROM defaults_seen ORDER BY revision"));
        // lockRetries' default at run time: LockTimeoutRetryTest.byDefaultALockTimeoutIsRetriedFiveTimes.
        // lockWaitTimeout's (10 minutes) cannot be waited for in a test; Settings' value is checked above.
    }

    /**
     * connectTimeout's default at run time, from the command line's log: against a port where nothing listens it
     * says it retries for up to 59 (or 60) seconds. The process is killed once it has said so.
     */
    @Test
    void connectTimeoutDefaultsToSixtySecondsAtRunTime(@TempDir Path dir) throws Exception {
        // Port 1: nothing listens and no test can bind it (a privileged port). A port that was free a moment ago is
        // not safe: another test's late proxy, or the client's own ephemeral port, may take it and answer nothing.
        int closedPort = 1;
        Path empty = Files.createDirectories(dir.resolve("empty"));
        CliProcess cli = CliProcess.start(dir.resolve("logs"), "closed-port", List.of(), List.of("info",
                "--url=jdbc:postgresql://127.0.0.1:" + closedPort + "/nothing", "--user=nobody",
                "--locations=filesystem:" + empty));
        try {
            Pattern retrying = Pattern.compile("is not reachable yet \\(.*\\); retrying for up to ([\\d.]+)s more"
                    + " \\(connectTimeout=60s\\)");
            assertTrue(Await.until(Duration.ofSeconds(60), () -> retrying.matcher(cli.output()).find()
                    || !cli.process().isAlive()), cli::describe);
            Matcher m = retrying.matcher(cli.output());
            assertTrue(m.find(), cli::describe);
            double seconds = Double.parseDouble(m.group(1));
            assertTrue(seconds >= 58 && seconds <= 60, () -> "retries for up to " + seconds + " s: " + cli.describe());
            assertTrue(cli.process().isAlive(), () -> "still retrying: " + cli.describe());
        } finally {
            cli.killIfAlive();
        }
    }

    /**
     * A short connectTimeout: what is left is said with its tenths ("1.4s"), never "0s" while it still retries,
     * and the command gives up with exit code 1 after about that long.
     */
    @Test
    void aShortConnectTimeoutNeverSaysZeroSecondsLeft(@TempDir Path dir) throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        CliProcess cli = CliProcess.start(dir.resolve("logs"), "short-timeout", List.of(), List.of("info",
                "--url=jdbc:postgresql://127.0.0.1:1/nothing", "--user=nobody", "--connectTimeout=2s",
                "--locations=filesystem:" + empty));
        try {
            assertEquals(1, cli.waitFor(Duration.ofSeconds(60)), cli::describe);
            Matcher m = Pattern.compile("retrying for up to ([\\d.]+)s more \\(connectTimeout=2s\\)")
                    .matcher(cli.output());
            int lines = 0;
            while (m.find()) {
                lines++;
                double left = Double.parseDouble(m.group(1));
                assertTrue(left > 0 && left <= 2, () -> "says " + left + "s left: " + cli.describe());
            }
            assertTrue(lines >= 2, cli::describe);
            assertTrue(cli.output().contains("did not answer within connectTimeout=2s"), cli::describe);
        } finally {
            cli.killIfAlive();
        }
    }

    private static String script(String revision, String parent, String extraHeader, String up) {
        return "-- revision: " + revision + "\n-- down_revision: " + (parent == null ? "none" : parent) + "\n"
                + "-- message: " + revision + "\n" + extraHeader + "\n-- migrate:up\n" + up + "\n";
    }

    private static String record(String revision) {
        return "INSERT INTO lt_seen (revision, lock_timeout) VALUES ('" + revision + "',"
                + " current_setting('lock_timeout'));";
    }

    private static List<String> strings(TestDatabase db, String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
