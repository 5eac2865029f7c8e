package com.intellipost.migrator.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.Migrator;
import com.intellipost.migrator.execute.Direction;
import com.intellipost.migrator.testing.PgClient;
import com.intellipost.migrator.testing.PostgresServer;
import com.intellipost.migrator.testing.Revisions;
import com.intellipost.migrator.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN 2.13's promise, checked end to end: a plan run by {@code psql -v ON_ERROR_STOP=1 -f} on an empty database
 * leaves the same schema ({@code pg_dump --schema-only}), the same data ({@code pg_dump --data-only} of every table
 * but the migrator's two) and the same history rows as {@code migrate} on another empty database; {@code validate}
 * then passes and {@code migrate} has nothing to do. The same for the offline plan ({@code from=base}) and for a
 * downgrade plan to {@code base} against {@code downgrade base}.
 *
 * <p>The dumps are compared line by line, without pg_dump 15.14+'s "&#92;restrict" lines (their key is random).
 * psql runs with {@code -v n=2}: a plan that let psql substitute {@code :n} in {@code tags[1:n]} would change the
 * view's definition, and the schema dumps would differ.
 */
class PlanAppliedByPsqlTest {

    private static final Path SAMPLE = Path.of("..", "backend-sample", "src", "main", "resources", "db", "migrations");
    private static final Duration PSQL_TIMEOUT = Duration.ofMinutes(2);

    /** The sample's revisions: two branches from one revision, their merge, and a CONCURRENTLY index. */
    @Test
    void sampleRevisions(@TempDir Path dir) throws Exception {
        Revisions revisions = new Revisions(dir.resolve("migrations"));
        try (Stream<Path> files = Files.list(SAMPLE)) {
            for (Path f : files.toList()) {
                revisions.writeRaw(f.getFileName().toString(), Files.readString(f, StandardCharsets.UTF_8));
            }
        }
        assertEquals(7, compare(revisions, dir, b -> b));
    }

    /** COPY data, dollar-quoted and BEGIN ATOMIC bodies, E'' strings, colons psql could take for variables. */
    @Test
    void copyDataDollarQuotesAndEscapeStrings(@TempDir Path dir) throws Exception {
        Revisions revisions = new Revisions(dir.resolve("migrations"));
        revisions.writeRaw("c1.sql", KINDS_OF_TEXT);
        revisions.writeRaw("c2.sql", OUTSIDE_A_TRANSACTION);
        revisions.writeRaw("c3.sql", DATA_CHANGE.replace("@parent@", "c2"));
        assertEquals(3, compare(revisions, dir, b -> b));
    }

    /** A batched data change: the plan's DO block visits the same key ranges as the runner, up and down. */
    @Test
    void batchedDataChange(@TempDir Path dir) throws Exception {
        Revisions revisions = new Revisions(dir.resolve("migrations"));
        revisions.write("b1.sql", "b1", null, "CREATE TABLE counted (id bigint PRIMARY KEY, seen int NOT NULL DEFAULT 0);"
                + "\nINSERT INTO counted (id) SELECT generate_series(1, 25);", "DROP TABLE counted;");
        revisions.write("b2.sql", "b2", "b1",
                "-- batch: table=counted key=id size=10 pause=1ms\n"
                        + "UPDATE counted SET seen = seen + 1 WHERE id >= ${batch_start} AND id < ${batch_end};",
                "-- batch: table=counted key=id size=7\n"
                        + "UPDATE counted SET seen = seen - 1 WHERE id >= ${batch_start} AND id < ${batch_end};");
        assertEquals(2, compare(revisions, dir, b -> b));
        String plan = Files.readString(dir.resolve("up.sql"));
        assertTrue(plan.contains("DO $intellipost_batch$") && plan.contains("        COMMIT;\n"), plan);
    }

    /** transactionMode=all: one BEGIN ... COMMIT, a script's lock_timeout with SET LOCAL and set back after it. */
    @Test
    void transactionModeAll(@TempDir Path dir) throws Exception {
        Revisions revisions = new Revisions(dir.resolve("migrations"));
        revisions.writeRaw("c1.sql", KINDS_OF_TEXT);
        revisions.writeRaw("c3.sql", DATA_CHANGE.replace("@parent@", "c1"));
        revisions.write("c4.sql", "c4", "c3", "CREATE TABLE after_all (id int);", "DROP TABLE after_all;");
        assertEquals(3, compare(revisions, dir, b -> b.set("transactionMode", "all")));
        String plan = Files.readString(dir.resolve("up.sql"));
        assertEquals(1, count(plan, "\nBEGIN;\n"), plan);
        assertEquals(1, count(plan, "\nCOMMIT;\n"), plan);
        assertTrue(plan.contains("SET LOCAL lock_timeout = '4000ms';\n") && plan.contains(
                "SET LOCAL lock_timeout = '2000ms';\n"), "c3's own timeout, then the run's again: " + plan);
    }

    /**
     * Migrates one database, applies the plans to others with psql, compares them after the upgrade and after a
     * downgrade to base; returns how many revisions the plan applied.
     */
    private static int compare(Revisions revisions, Path dir, UnaryOperator<Migrator.Builder> settings)
            throws Exception {
        PostgresServer server = PostgresServer.get();
        List<TestDatabase> created = new ArrayList<>();
        try {
            TestDatabase migrated = create(server, created, "plan_migrated");
            TestDatabase planned = create(server, created, "plan_planned");
            TestDatabase offline = create(server, created, "plan_offline");

            Plan up = settings.apply(revisions.migrator(planned)).load().plan(null);
            assertEquals(Direction.UP, up.direction());
            Path upFile = dir.resolve("up.sql");
            up.writeTo(upFile);
            PlanChangesNothingTest.assertEmpty(planned); // making the plan wrote nothing
            settings.apply(revisions.migrator(migrated)).load().migrate();
            apply(planned, upFile);
            assertSameDatabase(migrated, planned, dir);
            assertEquals(up.revisions().size(), planned.count("SELECT 1 FROM intellipost_schema_audit"
                    + " WHERE outcome = 'applied-by-plan' AND action = 'upgrade'"));
            settings.apply(revisions.migrator(planned)).load().validate();
            assertEquals(List.of(), settings.apply(revisions.migrator(planned)).load().migrate().applied());

            Plan fromBase = settings.apply(Migrator.configure().isolated().locations("filesystem:" + revisions.dir())
                    .set("from", "base")).load().plan(null); // no url: no database is read
            Path offlineFile = dir.resolve("offline.sql");
            fromBase.writeTo(offlineFile);
            apply(offline, offlineFile);
            assertSameDatabase(migrated, offline, dir);

            Plan down = settings.apply(revisions.migrator(planned)).set("downgrade", "base").load().plan(null);
            assertEquals(Direction.DOWN, down.direction());
            Path downFile = dir.resolve("down.sql");
            down.writeTo(downFile);
            settings.apply(revisions.migrator(migrated)).load().downgrade("base");
            apply(planned, downFile);
            assertSameDatabase(migrated, planned, dir);
            assertEquals(0L, planned.count("SELECT 1 FROM intellipost_schema_history"));
            assertEquals(down.revisions().size(), planned.count("SELECT 1 FROM intellipost_schema_audit"
                    + " WHERE outcome = 'applied-by-plan' AND action = 'downgrade'"));
            return up.revisions().size();
        } finally {
            created.forEach(server::dropDatabase);
        }
    }

    private static TestDatabase create(PostgresServer server, List<TestDatabase> created, String label) {
        TestDatabase db = server.createDatabase(label);
        created.add(db);
        return db;
    }

    static void apply(TestDatabase db, Path plan) throws Exception {
        PgClient.Result r = PgClient.psqlFile(db, plan, List.of("-v", "ON_ERROR_STOP=1", "-v", "n=2"), PSQL_TIMEOUT);
        assertEquals(0, r.exitCode(), () -> "psql failed on " + plan + ":\n" + r.output());
    }

    /** Same schema, data, history rows (in progress or not) and audit rows (less outcome, time and duration). */
    static void assertSameDatabase(TestDatabase expected, TestDatabase actual, Path dir) throws Exception {
        assertDumpsEqual("schema", PgClient.pgDump(expected, dir, List.of("--schema-only")),
                PgClient.pgDump(actual, dir, List.of("--schema-only")));
        List<String> data = List.of("--data-only", "--exclude-table=*intellipost_schema_*");
        assertDumpsEqual("data", PgClient.pgDump(expected, dir, data), PgClient.pgDump(actual, dir, data));
        String history = "SELECT revision, down_revisions, message, script, checksum, transactional, success,"
                + " in_progress FROM intellipost_schema_history ORDER BY revision";
        assertEquals(rows(expected, history), rows(actual, history), "history rows");
        String audit = "SELECT action, revision, environment, error, detail, backup FROM intellipost_schema_audit"
                + " ORDER BY id";
        assertEquals(rows(expected, audit), rows(actual, audit), "audit rows: the same actions in the same order");
    }

    private static void assertDumpsEqual(String what, String expected, String actual) {
        List<String> e = PgClient.comparable(expected);
        List<String> a = PgClient.comparable(actual);
        assertTrue(e.equals(a), () -> what + " dumps differ; migrate:\n" + String.join("\n", e) + "\nplan:\n"
                + String.join("\n", a));
    }

    static List<String> rows(TestDatabase db, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (var c = db.connect(); var s = c.createStatement(); var rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    /** Every kind of text the splitter knows, and colons and backslashes psql would read differently. */
    static final String KINDS_OF_TEXT = """
            -- revision: c1
            -- down_revision: none
            -- message: Kinds of text: COPY data, E'' strings, dollar quotes

            -- migrate:up
            CREATE TYPE mood AS ENUM ('sad', 'happy');
            CREATE TABLE note (id int PRIMARY KEY, body text, tags text[], amount numeric);
            COPY note (id, body, tags, amount) FROM STDIN;
            1	plain	{a,b}	1.5
            2	tab\\there and a back\\\\slash	{"c d"}	\\N
            3	semicolon; and -- not a comment	{}	-2
            4	ünïcødé 日本 :n :'n' \\\\. is not the end	{x}	0
            \\.
            INSERT INTO note VALUES (5, E'it\\'s a \\\\ "quote"\\nand a new line; :n', ARRAY['e:f'], 3);
            INSERT INTO note VALUES (6, 'standard '' quote \\ backslash :n', NULL, 4);
            INSERT INTO note VALUES (7, $$dollar 'quoted' ; :n$$, NULL, 7) -- the semicolon is on the next line
            ;
            CREATE FUNCTION note_len(n note) RETURNS int LANGUAGE plpgsql AS $body$
            BEGIN
              -- a ; inside, and :n
              RETURN length(n.body)::int;
            END;
            $body$;
            CREATE FUNCTION note_tag(t text) RETURNS text LANGUAGE sql AS $$ SELECT 'tag:' || t $$;
            CREATE FUNCTION note_twice(i int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT i * 2; END;
            CREATE VIEW note_slice AS SELECT id, tags[1:n] AS first_tags, "n" AS "n:n" FROM note, (SELECT 1 AS n) AS k;
            COMMENT ON TABLE note IS 'Notes: with a colon, and :n';

            -- migrate:down
            DROP VIEW note_slice;
            DROP FUNCTION note_twice(int);
            DROP FUNCTION note_tag(text);
            DROP FUNCTION note_len(note);
            DROP TABLE note;
            DROP TYPE mood;
            """;

    /** A CONCURRENTLY index and an enum value: outside a transaction, with the header's lock_timeout. */
    static final String OUTSIDE_A_TRANSACTION = """
            -- revision: c2
            -- down_revision: c1
            -- message: Outside a transaction
            -- lock_timeout: 3s

            -- migrate:up
            ALTER TYPE mood ADD VALUE 'calm' AFTER 'sad';
            CREATE INDEX CONCURRENTLY note_body_idx ON note (body);

            -- migrate:down
            DROP INDEX CONCURRENTLY note_body_idx;
            ALTER TYPE mood RENAME TO mood_old;
            CREATE TYPE mood AS ENUM ('sad', 'happy');
            DROP TYPE mood_old;
            """;

    /** Data changed with a function of an earlier revision, in a transaction with the header's lock_timeout. */
    static final String DATA_CHANGE = """
            -- revision: c3
            -- down_revision: @parent@
            -- message: Data: doubled amounts, tagged copies
            -- lock_timeout: 4s

            -- migrate:up
            UPDATE note SET amount = amount * 2 WHERE id < 3;
            INSERT INTO note SELECT 100 + id, note_tag(body), tags[1:1], note_twice(id) FROM note WHERE id <= 2;

            -- migrate:down
            DELETE FROM note WHERE id > 100;
            UPDATE note SET amount = amount / 2 WHERE id < 3;
            """;
}
