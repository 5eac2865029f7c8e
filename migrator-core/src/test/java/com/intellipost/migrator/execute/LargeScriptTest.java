package com.intellipost.migrator.execute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.testing.CliProcess;
import com.intellipost.migrator.testing.PostgresExtension;
import com.intellipost.migrator.testing.TestDatabase;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 8 (size): a script of about 200 MB runs in a JVM limited to a 64 MB heap, in one transaction. The
 * migrator streams the file (once to check it, once to run it) and never holds it in memory.
 */
@ExtendWith(PostgresExtension.class)
class LargeScriptTest {

    private static final long TARGET_BYTES = 200L * 1000 * 1000;
    private static final String HEAP_LIMIT = "64m";
    private static final Pattern GC_HEAP = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    /**
     * Statements in the script; the payload size makes up the rest of the ~200 MB. One million single-row INSERTs
     * (200 bytes each) take about 65 s here, round-trip bound (psql -1 -f takes about 80 s for the same file), too
     * slow for the suite; so by default 100,000 statements of about 2 KB. {@code -DlargeScript.statements=1000000}
     * runs the million.
     */
    static final int STATEMENTS = Integer.getInteger("largeScript.statements", 100_000);

    @Test
    void twoHundredMegabyteScriptRunsWithSixtyFourMegabyteHeap(TestDatabase db, @TempDir Path dir) throws Exception {
        Path scripts = Files.createDirectories(dir.resolve("scripts"));
        Path script = scripts.resolve("big.sql");
        long written = writeScript(script);
        assertTrue(written >= TARGET_BYTES, "script size " + written);

        Path gcLog = dir.resolve("gc.log");
        List<String> args = new ArrayList<>(List.of("migrate"));
        args.addAll(CliProcess.connectionArgs(db));
        args.add("--locations=filesystem:" + scripts);
        long start = System.nanoTime();
        CliProcess migrator = CliProcess.start(dir.resolve("logs"), "large-script", List.of("-Xmx" + HEAP_LIMIT,
                "-Xlog:gc:file=" + gcLog), args);
        long peakRssKb = 0;
        try {
            while (!migrator.process().waitFor(500, TimeUnit.MILLISECONDS)) {
                peakRssKb = Math.max(peakRssKb, peakRssKb(migrator.process().pid()));
                assertTrue(migrator.elapsedMs() < Duration.ofMinutes(10).toMillis(), () -> "still running after 10"
                        + " minutes; " + migrator.describe());
            }
        } finally {
            migrator.killIfAlive();
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(0, migrator.process().exitValue(), migrator::describe);
        assertEquals((long) STATEMENTS, ((Number) db.queryValue("SELECT count(*) FROM big")).longValue());
        assertEquals((long) STATEMENTS, ((Number) db.queryValue("SELECT max(id) FROM big")).longValue());
        assertEquals(1L, db.count("SELECT 1 FROM intellipost_schema_history WHERE revision = 'big1' AND success"
                + " AND transactional"));

        long peakHeapMb = 0;
        long peakLiveMb = 0;
        for (String line : Files.readAllLines(gcLog)) {
            Matcher m = GC_HEAP.matcher(line);
            if (m.find()) {
                peakHeapMb = Math.max(peakHeapMb, Long.parseLong(m.group(1)));
                peakLiveMb = Math.max(peakLiveMb, Long.parseLong(m.group(2)));
            }
        }
        System.out.printf("LargeScriptTest: %d statements, %.1f MB script, -Xmx%s: migrate took %.1f s (JVM start"
                        + " included); heap peak %d MB before a GC, %d MB after one; peak RSS %d MB%n", STATEMENTS,
                written / 1e6, HEAP_LIMIT, elapsedMs / 1000.0, peakHeapMb, peakLiveMb, peakRssKb / 1024);
        System.out.println("LargeScriptTest: migrator output:\n" + migrator.output());
    }

    /** Writes the script streamingly; returns its size in bytes. */
    private static long writeScript(Path file) throws IOException {
        int payloadLength = (int) Math.max(16, TARGET_BYTES / STATEMENTS - 30);
        StringBuilder payload = new StringBuilder(payloadLength);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("-- revision: big1\n-- down_revision: none\n-- message: about 200 MB of inserts\n\n"
                    + "-- migrate:up\nCREATE TABLE big (id bigint PRIMARY KEY, payload text NOT NULL);\n");
            long seed = 42;
            for (int n = 1; n <= STATEMENTS; n++) {
                payload.setLength(0);
                // Quotes and semicolons inside the literal make the splitter work for its living.
                payload.append("row ").append(n).append("; it''s ");
                while (payload.length() < payloadLength) {
                    seed = seed * 6364136223846793005L + 1442695040888963407L;
                    payload.append((char) ('a' + (int) ((seed >>> 33) % 26)));
                }
                out.write("INSERT INTO big VALUES (");
                out.write(Integer.toString(n));
                out.write(", '");
                out.append(payload);
                out.write("');\n");
            }
            out.write("\n-- migrate:down\nDROP TABLE big;\n");
        }
        return Files.size(file);
    }

    /** VmHWM (the process's peak resident set) in kB, or 0 when it cannot be read. */
    private static long peakRssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process just ended, or this is not Linux
        }
        return 0;
    }
}
