package com.intellipost.migrator.lint.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.intellipost.migrator.command.CommandContext;
import com.intellipost.migrator.config.Configuration;
import com.intellipost.migrator.lint.StatementTrace;
import com.intellipost.migrator.script.Script;
import com.intellipost.migrator.testing.PostgresExtension;
import com.intellipost.migrator.testing.Revisions;
import com.intellipost.migrator.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scan counts the trace reads ({@code pg_stat_get_xact_numscans}, the {@code seq_scan} of
 * {@code pg_stat_xact_user_tables}) outlive the transaction on PostgreSQL 15 until the backend flushes them, so each
 * revision must start from zero (a flush asked for at the previous commit) or from the counts it found (servers
 * before 15, which cannot be asked): both ways are checked here.
 */
@ExtendWith(PostgresExtension.class)
class ScanCountsTest {

    @Test
    void scanCountsOutliveTheTransactionUntilTheBackendFlushesThem(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE carried (id int)");
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            for (int attempt = 0; attempt < 5; attempt++) {
                s.execute("SELECT pg_stat_force_next_flush()"); // flushed now: the next flush is a second away
                long start = System.nanoTime();
                c.setAutoCommit(false);
                s.execute("SELECT count(*) FROM carried");
                c.commit();
                long carried = value(s, "SELECT pg_stat_get_xact_numscans('carried'::regclass)");
                c.commit();
                c.setAutoCommit(true);
                if ((System.nanoTime() - start) / 1_000_000 < 800) { // else the backend may have flushed: again
                    assertEquals(1, carried, "a new transaction still sees the scan of the one before");
                    s.execute("SELECT pg_stat_force_next_flush()");
                    assertEquals(0, value(s, "SELECT pg_stat_get_xact_numscans('carried'::regclass)"),
                            "pg_stat_force_next_flush() clears them at the end of its transaction");
                    return;
                }
            }
        }
        fail("the machine was too slow to see the counts carried over in five attempts");
    }

    @Test
    void eachRevisionStartsFromZeroWithFlushesAndFromWhatItFoundWithout(TestDatabase db, @TempDir Path dir) {
        Revisions r = new Revisions(dir);
        r.write("1.sql", "s1", null, "CREATE TABLE counted (id int);", "");
        r.write("2.sql", "s2", "s1", "SELECT count(*) FROM counted;\nSELECT count(*) FROM counted;", "");
        r.write("3.sql", "s3", "s2", "ALTER TABLE counted ADD COLUMN note text;\nSELECT count(*) FROM counted;", "");
        Configuration target = r.migrator(db).load().configuration();
        List<Script> order = new CommandContext(target, getClass().getClassLoader()).loadGraph().order();
        for (boolean flushes : List.of(true, false)) {
            List<StatementTrace> traces = Tracer.trace(target, order, Set.of("s2", "s3"), flushes);
            assertEquals("s2:6:[public.counted] s2:7:[public.counted] s3:6:[] s3:7:[public.counted]",
                    traces.stream().map(t -> t.revision() + ":" + t.line() + ":" + t.scans())
                            .collect(Collectors.joining(" ")), "flushes=" + flushes);
        }
    }

    private static long value(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
