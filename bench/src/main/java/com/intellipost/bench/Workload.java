package com.intellipost.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * N revisions with the same SQL in three forms: IntelliPost revision files, Flyway {@code V<n>__*.sql} files, and
 * one psql script with a transaction per migration. Each revision: a table with a bigserial key, an index and three
 * inserted rows.
 */
record Workload(int n, Path intellipostDir, Path flywayDir, Path psqlScript) {

    static Workload generate(Path root, int n) throws IOException {
        Path ip = Files.createDirectories(root.resolve("intellipost-" + n));
        Path fw = Files.createDirectories(root.resolve("flyway-" + n));
        Path psql = root.resolve("psql-" + n + ".sql");
        try (BufferedWriter all = Files.newBufferedWriter(psql, StandardCharsets.UTF_8)) {
            all.write("\\set ON_ERROR_STOP on\n");
            for (int i = 1; i <= n; i++) {
                String sql = sql(i);
                String parent = i == 1 ? "none" : revision(i - 1);
                Files.writeString(ip.resolve(String.format("%06d_%s.sql", i, revision(i))),
                        "-- revision: " + revision(i) + "\n-- down_revision: " + parent + "\n-- message: Table " + i
                                + "\n\n-- migrate:up\n" + sql + "\n-- migrate:down\nDROP TABLE bench_" + i + ";\n",
                        StandardCharsets.UTF_8);
                Files.writeString(fw.resolve("V" + i + "__table_" + i + ".sql"), sql, StandardCharsets.UTF_8);
                all.write("BEGIN;\n" + sql + "COMMIT;\n");
            }
        }
        return new Workload(n, ip, fw, psql);
    }

    static String revision(int i) {
        return String.format("r%06d", i);
    }

    private static String sql(int i) {
        String t = "bench_" + i;
        return "CREATE TABLE " + t + " (id bigserial PRIMARY KEY, name text NOT NULL, created_at timestamptz DEFAULT now());\n"
                + "CREATE INDEX " + t + "_name ON " + t + " (name);\n"
                + "INSERT INTO " + t + " (name) VALUES ('alpha');\n"
                + "INSERT INTO " + t + " (name) VALUES ('beta');\n"
                + "INSERT INTO " + t + " (name) VALUES ('gamma');\n";
    }

    /** One script of about {@code bytes} bytes: a table and single-row inserts (a million for 200 MB). */
    static Path largeScript(Path root, long bytes) throws IOException {
        Path dir = Files.createDirectories(root.resolve("large"));
        Path file = dir.resolve("000001_large.sql");
        String payload = "x".repeat(150);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("-- revision: large1\n-- down_revision: none\n-- message: Large script\n\n-- migrate:up\n");
            w.write("CREATE TABLE big (id bigint PRIMARY KEY, payload text NOT NULL);\n");
            long written = 0;
            for (long i = 1; written < bytes; i++) {
                String line = "INSERT INTO big VALUES (" + i + ", '" + payload + "');\n";
                w.write(line);
                written += line.length();
            }
        }
        return file;
    }
}
