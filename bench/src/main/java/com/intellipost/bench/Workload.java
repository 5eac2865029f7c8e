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

    /**
     * N IntelliPost revisions with the statements lint reads in real projects, in groups of five on one table per group
     * (every statement runs on PostgreSQL, so the same revisions can be applied and validated):
     * <ol>
     *   <li>CREATE TABLE (varchar(n), timestamp, a plain index on the new table) and three INSERTs;</li>
     *   <li>ADD COLUMN without and with a constant default, CREATE INDEX without CONCURRENTLY, an INSERT;</li>
     *   <li>ADD COLUMN ... DEFAULT gen_random_uuid(), ADD CONSTRAINT CHECK without NOT VALID, an UPDATE;</li>
     *   <li>CREATE TABLE of a child (serial) with a FOREIGN KEY added NOT VALID, then validated in the same revision;</li>
     *   <li>ADD COLUMN NOT NULL DEFAULT, ADD CONSTRAINT CHECK NOT VALID, COMMENT ON; no down section.</li>
     * </ol>
     * Most revisions get findings (errors and warnings), as a project that adopts lint would.
     */
    static Path mixed(Path root, int n) throws IOException {
        Path dir = Files.createDirectories(root.resolve("lint-" + n));
        for (int i = 1; i <= n; i++) {
            String parent = i == 1 ? "none" : revision(i - 1);
            int group = (i - 1) / 5 + 1;
            String t = "lint_" + group;
            String up;
            String down;
            switch (i % 5) {
                case 1 -> {
                    up = "CREATE TABLE " + t + " (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name varchar(100) NOT NULL,"
                            + " created_at timestamp DEFAULT now());\n"
                            + "CREATE INDEX " + t + "_name ON " + t + " (name);\n"
                            + "INSERT INTO " + t + " (name) VALUES ('alpha');\n"
                            + "INSERT INTO " + t + " (name) VALUES ('beta');\n"
                            + "INSERT INTO " + t + " (name) VALUES ('gamma');\n";
                    down = "DROP TABLE " + t + ";\n";
                }
                case 2 -> {
                    up = "ALTER TABLE " + t + " ADD COLUMN note text;\n"
                            + "ALTER TABLE " + t + " ADD COLUMN score integer DEFAULT 0;\n"
                            + "CREATE INDEX " + t + "_created ON " + t + " (created_at);\n"
                            + "INSERT INTO " + t + " (name, note) VALUES ('delta', 'it''s; not -- a comment');\n";
                    down = "DROP INDEX " + t + "_created;\nALTER TABLE " + t + " DROP COLUMN score;\nALTER TABLE " + t
                            + " DROP COLUMN note;\n";
                }
                case 3 -> {
                    up = "ALTER TABLE " + t + " ADD COLUMN token uuid DEFAULT gen_random_uuid();\n"
                            + "ALTER TABLE " + t + " ADD CONSTRAINT " + t + "_score_pos CHECK (score >= 0);\n"
                            + "UPDATE " + t + " SET note = 'seen' WHERE id = 1;\n";
                    down = "ALTER TABLE " + t + " DROP CONSTRAINT " + t + "_score_pos;\nALTER TABLE " + t
                            + " DROP COLUMN token;\n";
                }
                case 4 -> {
                    up = "CREATE TABLE " + t + "_item (id serial PRIMARY KEY, parent_id bigint NOT NULL, qty int NOT NULL);\n"
                            + "ALTER TABLE " + t + "_item ADD CONSTRAINT " + t + "_item_parent_fk FOREIGN KEY (parent_id)"
                            + " REFERENCES " + t + " (id) NOT VALID;\n"
                            + "ALTER TABLE " + t + "_item VALIDATE CONSTRAINT " + t + "_item_parent_fk;\n"
                            + "INSERT INTO " + t + "_item (parent_id, qty) VALUES (1, 2);\n";
                    down = "DROP TABLE " + t + "_item;\n";
                }
                default -> {
                    up = "ALTER TABLE " + t + " ADD COLUMN active boolean NOT NULL DEFAULT true;\n"
                            + "ALTER TABLE " + t + " ADD CONSTRAINT " + t + "_name_set CHECK (name IS NOT NULL) NOT VALID;\n"
                            + "COMMENT ON TABLE " + t + " IS 'group " + group + "; five revisions';\n";
                    down = null;
                }
            }
            Files.writeString(dir.resolve(String.format("%06d_%s.sql", i, revision(i))),
                    "-- revision: " + revision(i) + "\n-- down_revision: " + parent + "\n-- message: Lint mix " + i
                            + "\n\n-- migrate:up\n" + up + (down == null ? "" : "\n-- migrate:down\n" + down),
                    StandardCharsets.UTF_8);
        }
        return dir;
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
