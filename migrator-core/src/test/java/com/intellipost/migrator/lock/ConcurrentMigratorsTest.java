package com.intellipost.migrator.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.intellipost.migrator.testing.Await;
import com.intellipost.migrator.testing.CliProcess;
import com.intellipost.migrator.testing.PostgresExtension;
import com.intellipost.migrator.testing.PostgresServer;
import com.intellipost.migrator.testing.Revisions;
import com.intellipost.migrator.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 6: migrators started at the same moment in separate JVMs against one database apply every revision
 * exactly once, and a migrator waiting for the lock does not block the holder's {@code CREATE INDEX CONCURRENTLY}.
 */
@ExtendWith(PostgresExtension.class)
class ConcurrentMigratorsTest {

    private static final int PROCESSES = 8;
    private static final int REVISIONS = 10;
    private static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(60);
    /** Quick start for short-lived child JVMs on a small machine; behaviour is unaffected. */
    private static final List<String> JVM = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m");
    private static final Pattern APPLIED = Pattern.compile("^Applied (\\d+) revision\\(s\\) in \\d+ ms; at (\\S+)$",
            Pattern.MULTILINE);

    @Test
    void eightProcessesAtOnceApplyEachRevisionExactlyOnce(TestDatabase db, @TempDir Path dir) throws Exception {
        Revisions revisions = new Revisions(dir.resolve("scripts"));
        List<String> ids = new ArrayList<>();
        String parent = null;
        for (int i = 1; i <= REVISIONS; i++) {
            String id = String.format("r%02d", i);
            String table = "conc_" + id;
            // Every third revision takes a while, so that the holder keeps the lock while the others arrive.
            String up = "CREATE TABLE " + table + " (id int PRIMARY KEY, note text NOT NULL);\n"
                    + "INSERT INTO " + table + " SELECT g, 'row ' || g FROM generate_series(1, 100) g;\n"
                    + (i % 3 == 0 ? "SELECT pg_sleep(0.3);\n" : "");
            revisions.write(id + ".sql", id, parent, up, "DROP TABLE " + table + ";");
            ids.add(id);
            parent = id;
        }
        List<String> args = new ArrayList<>(List.of("migrate"));
        args.addAll(CliProcess.connectionArgs(db));
        args.add("--locations=filesystem:" + revisions.dir());
        args.add("--lockWaitTimeout=2min");

        List<CliProcess> processes = new ArrayList<>();
        try {
            for (int i = 1; i <= PROCESSES; i++) {
                processes.add(CliProcess.start(dir.resolve("logs"), "migrator-" + i, JVM, args));
            }
            for (CliProcess p : processes) {
                assertEquals(0, p.waitFor(PROCESS_TIMEOUT), () -> p.describe());
            }
        } finally {
            for (CliProcess p : processes) {
                p.killIfAlive();
            }
        }
        String outputs = processes.stream().map(CliProcess::describe).collect(Collectors.joining("\n"));

        int appliedInTotal = 0;
        int waited = 0;
        for (CliProcess p : processes) {
            Matcher m = APPLIED.matcher(p.output());
            assertTrue(m.find(), () -> "no summary line from " + p.describe());
            appliedInTotal += Integer.parseInt(m.group(1));
            assertEquals("r10", m.group(2), () -> "every process ends at the head; " + p.describe());
            if (p.output().contains("Waiting for the migration lock, held by pid")) {
                waited++;
            }
        }
        assertEquals(REVISIONS, appliedInTotal, () -> "revisions applied, summed over all processes\n" + outputs);
        // Without overlap the test would prove nothing about the lock.
        assertTrue(waited > 0, () -> "no process had to wait for the lock: the processes did not overlap\n" + outputs);
        System.out.println("ConcurrentMigratorsTest: " + waited + " of " + PROCESSES + " processes waited for the lock");

        Map<String, Long> historyRows = countBy(db, "SELECT revision, count(*) FROM intellipost_schema_history"
                + " WHERE success GROUP BY revision");
        Map<String, Long> upgradeAudits = countBy(db, "SELECT revision, count(*) FROM intellipost_schema_audit"
                + " WHERE action = 'upgrade' AND outcome = 'success' GROUP BY revision");
        Map<String, Long> once = new LinkedHashMap<>();
        ids.forEach(id -> once.put(id, 1L));
        assertEquals(once, historyRows, () -> "successful history rows per revision\n" + outputs);
        assertEquals(once, upgradeAudits, () -> "successful upgrade audit rows per revision\n" + outputs);
        assertEquals(REVISIONS, db.count("SELECT 1 FROM intellipost_schema_history"), "history rows in all");
        assertEquals(REVISIONS, db.count("SELECT 1 FROM intellipost_schema_audit"),
                () -> "audit rows in all (no failures, no other actions)\n" + outputs);
        for (String id : ids) {
            assertNotNull(db.queryValue("SELECT to_regclass('public.conc_" + id + "')"), "table conc_" + id + " exists");
            assertEquals(100L, db.count("SELECT 1 FROM conc_" + id), "rows of conc_" + id);
        }
    }

    @Test
    void waiterDoesNotBlockCreateIndexConcurrentlyRunByTheHolder(@TempDir Path dir) throws Exception {
        TestDatabase db = PostgresServer.get().createDatabase("cic_waiter");
        CliProcess holder = null;
        CliProcess waiter = null;
        try {
            Revisions revisions = new Revisions(dir.resolve("scripts"));
            revisions.write("c1.sql", "c1", null, "CREATE TABLE cic_items (id int PRIMARY KEY, code text NOT NULL);\n"
                    + "INSERT INTO cic_items SELECT g, md5(g::text) FROM generate_series(1, 200000) g;",
                    "DROP TABLE cic_items;");
            // Keeps the holder busy, lock held, until the waiter is polling; then comes the CIC.
            revisions.write("c2.sql", "c2", "c1", "SELECT pg_sleep(6);", null);
            revisions.write("c3.sql", "c3", "c2", "CREATE INDEX CONCURRENTLY cic_items_code_idx ON cic_items (code);",
                    "DROP INDEX CONCURRENTLY cic_items_code_idx;");
            List<String> args = new ArrayList<>(List.of("migrate"));
            args.addAll(CliProcess.connectionArgs(db));
            args.add("--locations=filesystem:" + revisions.dir());
            args.add("--lockWaitTimeout=2min");

            holder = CliProcess.start(dir.resolve("logs"), "holder-A", JVM, args);
            CliProcess a = holder;
            boolean sleeping = Await.until(Duration.ofSeconds(40), () -> a.process().isAlive() ? holderSleeps(db)
                    : Boolean.TRUE);
            assertTrue(sleeping && holder.process().isAlive() && holderSleeps(db),
                    () -> "process A never reached its pg_sleep while holding the lock; " + a.describe());
            Long lockPid = advisoryLockHolder(db);
            assertNotNull(lockPid, () -> "process A runs c2 but no advisory lock is held; " + a.describe());

            waiter = CliProcess.start(dir.resolve("logs"), "waiter-B", JVM, args);
            CliProcess b = waiter;
            boolean waiting = Await.until(Duration.ofSeconds(30),
                    () -> b.output().contains("Waiting for the migration lock, held by pid") || !b.process().isAlive());
            assertTrue(waiting && b.output().contains("Waiting for the migration lock, held by pid " + lockPid + " "),
                    () -> "B did not log that it waits for the lock held by A's session (pid " + lockPid + "); "
                            + b.describe() + "\n" + a.describe());
            // The waiter began waiting before A reached the CIC, so it was waiting for the whole of the CIC.
            assertTrue(holderSleeps(db), () -> "A had left its pg_sleep before B was waiting: no overlap with the"
                    + " CIC was shown; " + a.describe() + "\n" + b.describe());

            assertEquals(0, holder.waitFor(PROCESS_TIMEOUT), holder::describe);
            assertEquals(0, waiter.waitFor(PROCESS_TIMEOUT), waiter::describe);
            System.out.println("ConcurrentMigratorsTest: holder finished after " + holder.elapsedMs()
                    + " ms, waiter after " + waiter.elapsedMs() + " ms");

            assertTrue(holder.output().contains("Applied 3 revision(s)"), holder::describe);
            assertTrue(holder.output().contains("outside a transaction"), () -> "c3 ran in autocommit; "
                    + a.describe());
            assertTrue(waiter.output().contains("Applied 0 revision(s)"), waiter::describe);
            assertEquals(Boolean.TRUE, db.queryValue("SELECT i.indisvalid AND i.indisready FROM pg_index i"
                    + " WHERE i.indexrelid = to_regclass('public.cic_items_code_idx')"), "index exists and is valid");
            assertEquals(3L, db.count("SELECT 1 FROM intellipost_schema_history WHERE success"));
        } finally {
            if (holder != null) {
                holder.killIfAlive();
            }
            if (waiter != null) {
                waiter.killIfAlive();
            }
            PostgresServer.get().dropDatabase(db);
        }
    }

    /** Whether a session of the migrator in this database is running the {@code pg_sleep} of revision c2. */
    private static boolean holderSleeps(TestDatabase db) throws Exception {
        return db.count("SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
                + " AND state = 'active' AND query LIKE '%pg_sleep(6)%'") == 1;
    }

    /** The pid of the session holding an advisory lock in this database, or null. */
    static Long advisoryLockHolder(TestDatabase db) throws Exception {
        Object pid = db.queryValue("SELECT l.pid FROM pg_locks l JOIN pg_database d ON d.oid = l.database"
                + " WHERE l.locktype = 'advisory' AND l.granted AND d.datname = current_database()");
        return pid == null ? null : ((Number) pid).longValue();
    }

    private static Map<String, Long> countBy(TestDatabase db, String sql) throws Exception {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql + " ORDER BY 1")) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
        }
        if (counts.isEmpty()) {
            fail("no rows for: " + sql);
        }
        return counts;
    }
}
