package com.intellipost.migrator.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.config.Configuration;
import com.intellipost.migrator.lock.MigrationLock;
import com.intellipost.migrator.testing.CliProcess;
import com.intellipost.migrator.testing.PgClient;
import com.intellipost.migrator.testing.PostgresExtension;
import com.intellipost.migrator.testing.TestDatabase;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN 2.13 "Streaming": the plan of a revision holding about 200 MB of COPY data is written by a JVM limited to a
 * 64 MB heap (the command line in a JVM of its own, {@code -Xmx64m}, offline), and psql loads every row from it. The
 * script and the plan live in a temporary directory, deleted afterwards.
 */
@ExtendWith(PostgresExtension.class)
class LargePlanTest {

    private static final long TARGET_BYTES = 200L * 1000 * 1000;
    private static final int ROW_BYTES = 200;
    private static final long ROWS = TARGET_BYTES / ROW_BYTES;

    @Test
    void twoHundredMegabytesOfCopyDataPlanInASixtyFourMegabyteHeap(TestDatabase db, @TempDir Path dir)
            throws Exception {
        Path scripts = Files.createDirectories(dir.resolve("scripts"));
        long scriptBytes = writeScript(scripts.resolve("big.sql"));
        assertTrue(scriptBytes >= TARGET_BYTES, "script size " + scriptBytes);

        Path plan = dir.resolve("plan.sql");
        CliProcess planner = CliProcess.start(dir.resolve("logs"), "large-plan", List.of("-Xmx64m"),
                List.of("plan", "--from=base", "--locations=filesystem:" + scripts, "--output=" + plan));
        try {
            assertEquals(0, planner.waitFor(Duration.ofMinutes(5)), planner::describe);
        } finally {
            planner.killIfAlive();
        }
        long planBytes = Files.size(plan);
        assertTrue(planBytes > scriptBytes, "the plan holds all the data: " + planBytes + " bytes");
        assertTrue(tail(plan).endsWith("SELECT pg_advisory_unlock(" + MigrationLock.keyFor("public",
                Configuration.HISTORY_TABLE) + ");\n"), "the plan is complete");

        long start = System.nanoTime();
        PgClient.Result psql = PgClient.psqlFile(db, plan, List.of("-q"), Duration.ofMinutes(10));
        long psqlMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(0, psql.exitCode(), psql.output());
        assertEquals(ROWS, db.count("SELECT 1 FROM big"));
        assertEquals(ROWS * (ROWS + 1) / 2, ((Number) db.queryValue("SELECT sum(id) FROM big")).longValue());
        assertEquals(1L, db.count("SELECT 1 FROM intellipost_schema_history WHERE revision = 'big1' AND success"));
        System.out.printf("LargePlanTest: %.1f MB script, plan %.1f MB written with -Xmx64m in %.1f s (JVM start"
                + " included); psql applied it in %.1f s%n", scriptBytes / 1e6, planBytes / 1e6,
                planner.elapsedMs() / 1000.0, psqlMs / 1000.0);
    }

    /** A CREATE TABLE and a COPY of {@link #ROWS} rows of about {@link #ROW_BYTES} bytes, written streamingly. */
    private static long writeScript(Path file) throws IOException {
        StringBuilder payload = new StringBuilder(ROW_BYTES);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("-- revision: big1\n-- down_revision: none\n-- message: about 200 MB of COPY data\n\n"
                    + "-- migrate:up\nCREATE TABLE big (id bigint PRIMARY KEY, payload text NOT NULL);\n"
                    + "COPY big (id, payload) FROM STDIN;\n");
            long seed = 7;
            for (long n = 1; n <= ROWS; n++) {
                payload.setLength(0);
                payload.append(n).append('\t').append("row; it's -- \\\\ :n ");
                while (payload.length() < ROW_BYTES - 1) {
                    seed = seed * 6364136223846793005L + 1442695040888963407L;
                    payload.append((char) ('a' + (int) ((seed >>> 33) % 26)));
                }
                out.append(payload).append('\n');
            }
            out.write("\\.\n\n-- migrate:down\nDROP TABLE big;\n");
        }
        return Files.size(file);
    }

    private static String tail(Path file) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            byte[] last = new byte[(int) Math.min(200, f.length())];
            f.seek(f.length() - last.length);
            f.readFully(last);
            return new String(last, StandardCharsets.UTF_8);
        }
    }
}
