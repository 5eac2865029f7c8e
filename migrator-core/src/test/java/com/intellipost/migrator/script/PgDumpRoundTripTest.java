package com.intellipost.migrator.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.command.MigrateResult;
import com.intellipost.migrator.testing.PostgresExtension;
import com.intellipost.migrator.testing.PostgresServer;
import com.intellipost.migrator.testing.Revisions;
import com.intellipost.migrator.testing.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 8 (pg_dump): the plain-format dump of a rich schema, run as one revision, rebuilds a database whose
 * dump is identical to the original's.
 *
 * <p>pg_dump 15.14 and later writes "&#92;restrict &lt;random key&gt;" and "&#92;unrestrict &lt;key&gt;" lines. The
 * dump is migrated as written (the splitter skips those two psql meta-commands); they are removed from both dumps
 * only before comparing (the key differs between runs), as are the {@code -- Dumped from/by} version comments.
 */
@ExtendWith(PostgresExtension.class)
class PgDumpRoundTripTest {

    private static final List<String> SCHEMA = List.of(
            "CREATE SCHEMA shop",
            "COMMENT ON SCHEMA shop IS 'The shop; its tables'",
            "CREATE TYPE shop.order_status AS ENUM ('new', 'paid', 'shipped', 'it''s done')",
            "CREATE DOMAIN shop.email AS text CHECK (VALUE ~ '^[^@]+@[^@]+$')",
            "CREATE TABLE shop.customer ("
                    + " id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                    + " email shop.email NOT NULL UNIQUE,"
                    + " name text,"
                    + " created_at timestamptz NOT NULL DEFAULT '2024-01-01 00:00:00+00')",
            "CREATE TABLE shop.orders ("
                    + " id serial PRIMARY KEY,"
                    + " customer_id bigint NOT NULL REFERENCES shop.customer (id) ON DELETE CASCADE,"
                    + " status shop.order_status NOT NULL DEFAULT 'new',"
                    + " note text,"
                    + " amount numeric(10, 2) CONSTRAINT amount_not_negative CHECK (amount >= 0),"
                    + " tags text[],"
                    + " payload jsonb,"
                    + " CONSTRAINT orders_note_unique UNIQUE (customer_id, note))",
            "CREATE INDEX orders_open_idx ON shop.orders (status) WHERE status <> 'shipped'",
            "CREATE TABLE shop.audit_log (id bigserial PRIMARY KEY, order_id int, changed text NOT NULL)",
            "CREATE TABLE public.settings (key text PRIMARY KEY, value text)",
            "CREATE VIEW shop.open_orders AS SELECT o.id, c.email, o.status FROM shop.orders o"
                    + " JOIN shop.customer c ON c.id = o.customer_id WHERE o.status <> 'shipped'",
            "CREATE MATERIALIZED VIEW shop.customer_totals AS SELECT customer_id, sum(amount) AS total"
                    + " FROM shop.orders GROUP BY customer_id",
            "CREATE FUNCTION shop.log_change() RETURNS trigger LANGUAGE plpgsql AS $$\n"
                    + "BEGIN\n"
                    + "  -- a comment; with a semicolon and a 'quote'\n"
                    + "  INSERT INTO shop.audit_log (order_id, changed)\n"
                    + "  VALUES (NEW.id, 'status: ' || NEW.status || '; it''s \"logged\"');\n"
                    + "  RETURN NEW;\n"
                    + "END;\n"
                    + "$$",
            "CREATE FUNCTION shop.describe(o shop.orders) RETURNS text LANGUAGE plpgsql STABLE AS $fn$\n"
                    + "DECLARE\n"
                    + "  s text := $q$it's; \"quoted\" $$ inside$q$;\n"
                    + "BEGIN\n"
                    + "  RETURN format('%s: %s; %s', o.id, o.status, s); /* block; comment */\n"
                    + "END\n"
                    + "$fn$",
            "CREATE FUNCTION shop.total(cust bigint) RETURNS numeric LANGUAGE sql STABLE\n"
                    + "BEGIN ATOMIC\n"
                    + "  SELECT coalesce(sum(amount), 0) FROM shop.orders WHERE customer_id = cust;\n"
                    + "END",
            "CREATE TRIGGER orders_log AFTER UPDATE OF status ON shop.orders"
                    + " FOR EACH ROW EXECUTE FUNCTION shop.log_change()",
            "COMMENT ON TABLE shop.orders IS 'Orders; with a ''quote'' and a semicolon;'",
            "COMMENT ON COLUMN shop.orders.note IS E'multi\\nline; note'",
            "COMMENT ON FUNCTION shop.total(bigint) IS 'BEGIN ATOMIC; END;'");

    /** Texts that exercise COPY's escaping: tab, newline, carriage return, backslash, "\." alone, quotes. */
    private static final List<String> AWKWARD_TEXTS = java.util.Arrays.asList(
            "tab\there", "new\nline", "carriage\r\nreturn", "back\\slash", "\\.", "\\N", "it's \"quoted\"; done",
            "ünïcödé – ✓", "", null, "-- not a comment", "/* not a comment */", "$$ not a dollar quote $$",
            "line1\n\\.\nline3");

    @Test
    void dumpRunAsOneRevisionRebuildsAnIdenticalDatabase(TestDatabase a, @TempDir Path dir) throws Exception {
        createRichSchema(a);
        Path dumpA = dir.resolve("a.sql");
        pgDump(a, dumpA, List.of());
        String dumpText = Files.readString(dumpA, StandardCharsets.UTF_8);
        assertTrue(dumpText.contains("COPY shop.orders"), "the dump has COPY data");
        assertTrue(dumpText.contains("BEGIN ATOMIC"), "the dump has a BEGIN ATOMIC body");
        boolean hadRestrict = dumpText.lines().anyMatch(PgDumpRoundTripTest::isRestrictLine);
        System.out.println("PgDumpRoundTripTest: pg_dump wrote \\restrict/\\unrestrict lines: " + hadRestrict
                + " (migrated as written)");

        Revisions revisions = new Revisions(dir.resolve("scripts"));
        StringBuilder script = new StringBuilder("-- revision: dump1\n-- down_revision: none\n-- message: pg_dump of A\n");
        script.append(dumpText);
        revisions.writeRaw("dump1.sql", script.toString());

        TestDatabase b = PostgresServer.get().createDatabase("pgdump_b");
        try {
            MigrateResult result = revisions.migrator(b).load().migrate();
            assertEquals(List.of("dump1"), result.applied().stream().map(MigrateResult.AppliedMigration::revision).toList());
            assertTrue(result.applied().get(0).transactional(), "the dump ran as one transaction");
            assertNotNull(b.queryValue("SELECT to_regclass('public.intellipost_schema_history')"));
            assertNotNull(b.queryValue("SELECT to_regclass('public.intellipost_schema_audit')"));
            assertEquals(1L, b.count("SELECT 1 FROM public.intellipost_schema_history WHERE revision = 'dump1' AND success"));

            Path dumpB = dir.resolve("b.sql");
            pgDump(b, dumpB, List.of("--exclude-table=intellipost_schema_*"));
            List<String> expected = comparable(dumpA);
            List<String> actual = comparable(dumpB);
            assertEquals(expected.size(), actual.size(), () -> "dump lengths differ; " + firstDifference(expected, actual));
            assertTrue(expected.equals(actual), () -> "dumps differ; " + firstDifference(expected, actual));
            assertEquals(a.count("SELECT 1 FROM shop.orders"), b.count("SELECT 1 FROM shop.orders"));
            assertEquals(a.queryValue("SELECT string_agg(coalesce(note, '<null>'), '|' ORDER BY id) FROM shop.orders"),
                    b.queryValue("SELECT string_agg(coalesce(note, '<null>'), '|' ORDER BY id) FROM shop.orders"));
        } finally {
            PostgresServer.get().dropDatabase(b);
        }
    }

    private static void createRichSchema(TestDatabase db) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            for (String sql : SCHEMA) {
                s.execute(sql);
            }
            try (PreparedStatement customer = c.prepareStatement("INSERT INTO shop.customer (email, name) VALUES (?, ?)");
                 PreparedStatement order = c.prepareStatement("INSERT INTO shop.orders (customer_id, status, note,"
                         + " amount, tags, payload) VALUES (?, ?::shop.order_status, ?, ?, ?, ?::jsonb)")) {
                for (int i = 0; i < AWKWARD_TEXTS.size(); i++) {
                    customer.setString(1, "c" + i + "@example.com");
                    customer.setString(2, AWKWARD_TEXTS.get(i));
                    customer.executeUpdate();
                }
                String[] statuses = {"new", "paid", "shipped", "it's done"};
                for (int i = 0; i < AWKWARD_TEXTS.size() * 3; i++) {
                    order.setLong(1, i % AWKWARD_TEXTS.size() + 1);
                    order.setString(2, statuses[i % statuses.length]);
                    String text = AWKWARD_TEXTS.get(i % AWKWARD_TEXTS.size());
                    order.setString(3, text == null ? null : text + " #" + i);
                    order.setBigDecimal(4, i % 5 == 0 ? null : new java.math.BigDecimal(i + ".25"));
                    order.setArray(5, c.createArrayOf("text", new String[] {"a b", "c\"d", "e\\f", i % 2 == 0 ? null : "{x}"}));
                    order.setString(6, "{\"k\": \"v\\t" + i + "\", \"q\": \"it's\", \"n\": null}");
                    order.executeUpdate();
                }
            }
            s.execute("UPDATE shop.orders SET status = 'shipped' WHERE id % 4 = 1");
            s.execute("INSERT INTO public.settings VALUES ('motd', E'Welcome;\\n\\tto the \\\\ shop'), ('empty', NULL)");
            s.execute("REFRESH MATERIALIZED VIEW shop.customer_totals");
            s.execute("DELETE FROM shop.customer WHERE email = 'c3@example.com'"); // gaps in the identity
        }
        assertTrue(db.count("SELECT 1 FROM shop.audit_log") > 0, "the trigger wrote audit rows");
    }

    private static void pgDump(TestDatabase db, Path file, List<String> extra) throws IOException, InterruptedException {
        URI uri = URI.create(db.jdbcUrl().substring("jdbc:".length()));
        List<String> command = new ArrayList<>(List.of("pg_dump", "--no-owner", "--no-privileges", "--format=plain",
                "--host=" + uri.getHost(), "--port=" + (uri.getPort() < 0 ? 5432 : uri.getPort()),
                "--username=" + db.user(), "--dbname=" + db.name(), "--file=" + file));
        command.addAll(extra);
        Path log = file.resolveSibling(file.getFileName() + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        if (db.password() != null) {
            builder.environment().put("PGPASSWORD", db.password());
        }
        Process p = builder.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "pg_dump finished");
        assertEquals(0, p.exitValue(), () -> "pg_dump " + command + " failed: " + readQuietly(log));
    }

    private static boolean isRestrictLine(String line) {
        return line.startsWith("\\restrict ") || line.startsWith("\\unrestrict ");
    }

    /** The dump without the lines that differ between any two dumps. */
    private static List<String> comparable(Path dump) throws IOException {
        return Files.readAllLines(dump, StandardCharsets.UTF_8).stream()
                .filter(l -> !isRestrictLine(l) && !l.startsWith("-- Dumped from ") && !l.startsWith("-- Dumped by "))
                .toList();
    }

    private static String firstDifference(List<String> expected, List<String> actual) {
        int i = 0;
        while (i < expected.size() && i < actual.size() && expected.get(i).equals(actual.get(i))) {
            i++;
        }
        int from = Math.max(0, i - 3);
        return "first difference at line " + (i + 1) + "\n--- A:\n"
                + String.join("\n", expected.subList(from, Math.min(expected.size(), i + 4)))
                + "\n--- B:\n" + String.join("\n", actual.subList(from, Math.min(actual.size(), i + 4)));
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<cannot read " + file + ">";
        }
    }
}
