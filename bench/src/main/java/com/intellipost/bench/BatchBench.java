package com.intellipost.bench;

import com.intellipost.migrator.Migrator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The batched-backfill case (issue 14): on a table of {@code rows} rows, while another connection updates random
 * rows one at a time in a loop, the same backfill as one UPDATE and batched ({@code -- batch:}, size 10,000); the
 * longest time one of that connection's updates waited, and the total time of each migration.
 */
final class BatchBench {

    private final Path work;
    private final Results results;

    BatchBench(Path work, Results results) {
        this.work = work;
        this.results = results;
    }

    void run(int rows) throws Exception {
        String c = "backfill of " + String.format("%,d", rows) + " rows, a writer updating random rows";
        one(c, rows, "one UPDATE", "UPDATE bf SET summary = left(body, 20) WHERE summary IS NULL;");
        one(c, rows, "batched, size=10000", "-- batch: table=bf key=id size=10000\n"
                + "UPDATE bf SET summary = left(body, 20)\n"
                + "WHERE id >= ${batch_start} AND id < ${batch_end} AND summary IS NULL;");
    }

    private void one(String benchCase, int rows, String label, String sql) throws Exception {
        String name = "bench_batch_" + (label.startsWith("one") ? "single" : "batched");
        String url = BenchDatabase.fresh(name);
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE bf (id bigint PRIMARY KEY, body text NOT NULL, summary text, hits int NOT NULL"
                    + " DEFAULT 0)");
            s.execute("INSERT INTO bf (id, body) SELECT g, 'the body of row ' || g FROM generate_series(1, " + rows
                    + ") g");
            s.execute("VACUUM ANALYZE bf");
        }
        Path dir = Files.createDirectories(work.resolve("batch-" + name));
        Files.writeString(dir.resolve("001_backfill.sql"), "-- revision: b1\n-- down_revision: none\n-- message: backfill\n\n"
                + "-- migrate:up\n" + sql + "\n");
        BenchDatabase.checkpoint();
        Writer writer = new Writer(url, rows);
        Thread thread = new Thread(writer, "bench-writer");
        thread.start();
        Thread.sleep(500); // the writer is running before the migration starts
        long start = System.nanoTime();
        Migrator.configure().isolated().url(url).locations("filesystem:" + dir).set("lockTimeout", "30s").load()
                .migrate();
        double seconds = (System.nanoTime() - start) / 1e9;
        writer.stop.set(true);
        thread.join();
        if (writer.failure != null) {
            throw writer.failure;
        }
        results.add(benchCase, "IntelliPost, " + label, seconds, String.format("the writer's longest wait %.3f s;"
                + " %,d updates during the run", writer.longestNanos / 1e9, writer.updates));
        BenchDatabase.drop(name);
    }

    /** Updates one random row per statement (autocommit) until stopped; keeps the longest statement time. */
    private static final class Writer implements Runnable {
        final AtomicBoolean stop = new AtomicBoolean();
        final String url;
        final int rows;
        volatile long longestNanos;
        volatile long updates;
        volatile Exception failure;

        Writer(String url, int rows) {
            this.url = url;
            this.rows = rows;
        }

        @Override
        public void run() {
            try (Connection c = DriverManager.getConnection(url);
                 PreparedStatement ps = c.prepareStatement("UPDATE bf SET hits = hits + 1 WHERE id = ?")) {
                while (!stop.get()) {
                    ps.setLong(1, 1 + ThreadLocalRandom.current().nextInt(rows));
                    long t = System.nanoTime();
                    ps.executeUpdate();
                    long took = System.nanoTime() - t;
                    longestNanos = Math.max(longestNanos, took);
                    updates++;
                }
            } catch (Exception e) {
                failure = e;
            }
        }
    }
}
