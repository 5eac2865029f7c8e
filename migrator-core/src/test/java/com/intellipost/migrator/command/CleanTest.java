package com.intellipost.migrator.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.Migrator;
import com.intellipost.migrator.testing.PostgresExtension;
import com.intellipost.migrator.testing.Revisions;
import com.intellipost.migrator.testing.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN 2.9: {@code clean} drops every object of the schema, the migrator's tables included, keeps the schema with
 * its owner, grants and default privileges, and audits itself; it is refused in production whatever
 * {@code cleanEnabled} says, elsewhere without {@code cleanEnabled=true}, and when a CASCADE would reach another
 * schema.
 */
@ExtendWith(PostgresExtension.class)
class CleanTest {

    /** Every kind of object clean drops, in one revision. */
    private static final String EVERYTHING = String.join("\n",
            "CREATE TABLE cl_item (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, n serial, label text);",
            "CREATE INDEX cl_item_label ON cl_item (label);",
            "CREATE TABLE cl_part (id int) PARTITION BY RANGE (id);",
            "CREATE TABLE cl_part_1 PARTITION OF cl_part FOR VALUES FROM (1) TO (10);",
            "CREATE VIEW cl_view AS SELECT id FROM cl_item;",
            "CREATE MATERIALIZED VIEW cl_matview AS SELECT 1 AS one;",
            "CREATE SEQUENCE cl_seq;",
            "CREATE TYPE cl_mood AS ENUM ('ok', 'sad');",
            "CREATE TYPE cl_pair AS (a int, b int);",
            "CREATE TYPE cl_range AS RANGE (subtype = int4);",
            "CREATE DOMAIN cl_positive AS int CHECK (VALUE > 0);",
            "CREATE FUNCTION cl_fn(int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT $1 + 1';",
            "CREATE PROCEDURE cl_proc() LANGUAGE sql AS 'SELECT 1';",
            "CREATE AGGREGATE cl_sum(int) (sfunc = int4pl, stype = int);",
            "CREATE COLLATION cl_collation (locale = 'C');",
            "CREATE OPERATOR === (leftarg = int, rightarg = int, function = int4eq);",
            "CREATE TEXT SEARCH CONFIGURATION cl_search (COPY = english);",
            "CREATE FUNCTION cl_trigger_fn() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';",
            "CREATE TRIGGER cl_trigger BEFORE INSERT ON cl_item FOR EACH ROW EXECUTE FUNCTION cl_trigger_fn();",
            "INSERT INTO cl_item (label) VALUES ('a'), ('b');");

    @Test
    void cleanIsRefusedInProductionAndWithoutCleanEnabled(TestDatabase db, @TempDir Path dir) throws Exception {
        Revisions r = new Revisions(dir);
        r.write("1.sql", "cr1", null, "CREATE TABLE cr_kept (id int);", "DROP TABLE cr_kept;");
        r.migrator(db).load().migrate();

        CleanRefusedException production = assertThrows(CleanRefusedException.class, () -> r.migrator(db)
                .environment("production").set("cleanEnabled", "true").set("backup", "none").load().clean());
        assertTrue(production.getMessage().contains("refused in production, whatever cleanEnabled says"),
                production.getMessage());
        CleanRefusedException disabled = assertThrows(CleanRefusedException.class,
                () -> r.migrator(db).load().clean());
        assertTrue(disabled.getMessage().contains("cleanEnabled=true"), disabled.getMessage());
        CleanRefusedException staging = assertThrows(CleanRefusedException.class,
                () -> r.migrator(db).environment("staging").load().clean());
        assertTrue(staging.getMessage().contains("cleanEnabled=true"), staging.getMessage());

        assertNotNull(db.queryValue("SELECT to_regclass('public.cr_kept')"), "nothing was dropped");
        assertEquals(1L, db.count("SELECT 1 FROM intellipost_schema_history"));
        assertEquals(0L, db.count("SELECT 1 FROM intellipost_schema_audit WHERE action = 'clean'"));
    }

    @Test
    void cleanDropsEveryObjectKeepsTheSchemasPrivilegesAndAuditsItself(TestDatabase db, @TempDir Path dir)
            throws Exception {
        String reader = "cl_reader_" + db.name().substring(db.name().length() - 8);
        db.execute("CREATE SCHEMA cl_app");
        db.execute("CREATE ROLE " + reader);
        try {
            db.execute("GRANT USAGE ON SCHEMA cl_app TO " + reader);
            db.execute("ALTER DEFAULT PRIVILEGES IN SCHEMA cl_app GRANT SELECT ON TABLES TO " + reader);
            db.execute("COMMENT ON SCHEMA cl_app IS 'the application schema'");
            Revisions r = new Revisions(dir);
            r.write("1.sql", "ce1", null, "SET search_path = cl_app;\n" + EVERYTHING, null);
            Migrator migrator = r.migrator(db).set("schema", "cl_app").set("cleanEnabled", "true").load();
            migrator.migrate();
            long auditRows = db.count("SELECT 1 FROM cl_app.intellipost_schema_audit");
            assertTrue(auditRows > 0);

            CleanResult result = migrator.clean();

            assertEquals("cl_app", result.schema());
            assertEquals(Map.of("table", 4), Map.of("table", result.droppedByKind().get("table")),
                    () -> "cl_item, cl_part and the migrator's two tables: " + result);
            for (String kind : List.of("view", "materialized view", "sequence", "type", "domain", "function",
                    "procedure", "aggregate", "collation", "operator", "text search configuration")) {
                assertTrue(result.droppedByKind().containsKey(kind), () -> kind + " dropped: " + result);
            }
            assertEquals(auditRows, result.earlierAuditRows());
            assertEquals(List.of("intellipost_schema_audit", "intellipost_schema_history"), db.column(
                    "SELECT relname FROM pg_class WHERE relnamespace = 'cl_app'::regnamespace AND relkind = 'r'"
                            + " ORDER BY relname"), "only the migrator's tables, created again");
            assertEquals(List.of("intellipost_schema_audit_id_seq"), db.column("SELECT relname FROM pg_class"
                    + " WHERE relnamespace = 'cl_app'::regnamespace AND relkind IN ('v', 'm', 'S', 'p', 'f')"),
                    "no view, sequence or partitioned table but the audit table's identity");
            assertEquals(0L, db.count("SELECT 1 FROM pg_proc WHERE pronamespace = 'cl_app'::regnamespace"));
            assertEquals(0L, db.count("SELECT 1 FROM pg_type WHERE typnamespace = 'cl_app'::regnamespace"
                    + " AND typrelid = 0 AND typcategory <> 'A'"), "no type but the tables' own row types and their arrays");
            assertEquals(0L, db.count("SELECT 1 FROM pg_operator WHERE oprnamespace = 'cl_app'::regnamespace"));
            assertEquals(0L, db.count("SELECT 1 FROM pg_collation WHERE collnamespace = 'cl_app'::regnamespace"));
            assertEquals(0L, db.count("SELECT 1 FROM pg_ts_config WHERE cfgnamespace = 'cl_app'::regnamespace"));

            // the schema itself stays, with what was granted on it
            assertEquals(Boolean.TRUE, db.queryValue("SELECT has_schema_privilege('" + reader + "', 'cl_app', 'USAGE')"));
            assertEquals(1L, db.count("SELECT 1 FROM pg_default_acl WHERE defaclnamespace = 'cl_app'::regnamespace"));
            assertEquals("the application schema", db.queryValue("SELECT obj_description('cl_app'::regnamespace)"));

            assertEquals(0L, db.count("SELECT 1 FROM cl_app.intellipost_schema_history"), "the history is empty");
            List<String> audit = db.column("SELECT action || '|' || outcome || '|' || coalesce(revision, '-') || '|'"
                    + " || coalesce(error, '-') || '|' || detail FROM cl_app.intellipost_schema_audit");
            assertEquals(1, audit.size(), audit::toString);
            assertTrue(audit.get(0).startsWith("clean|success|-|-|dropped 4 table(s)"), audit::toString);
            assertTrue(audit.get(0).contains("the " + auditRows + " audit row(s) before this one went with the old"
                    + " audit table"), audit::toString);

            // the revisions apply again from scratch; the new table gets the default privileges
            assertEquals(1, migrator.migrate().applied().size());
            assertEquals(2L, db.count("SELECT 1 FROM cl_app.cl_item"));
            assertEquals(Boolean.TRUE, db.queryValue("SELECT has_table_privilege('" + reader + "', 'cl_app.cl_item',"
                    + " 'SELECT')"));
        } finally {
            db.execute("DROP SCHEMA IF EXISTS cl_app CASCADE");
            db.execute("DROP OWNED BY " + reader);
            db.execute("DROP ROLE " + reader);
        }
    }

    @Test
    void cleanRefusesToReachIntoAnotherSchema(TestDatabase db, @TempDir Path dir) throws Exception {
        Revisions r = new Revisions(dir);
        r.write("1.sql", "cx1", null, "CREATE TABLE cl_mine.source (id int);\nCREATE TYPE cl_mine.colour AS ENUM"
                + " ('red');\nCREATE VIEW cl_theirs.reader AS SELECT id FROM cl_mine.source;\n"
                + "CREATE TABLE cl_theirs.palette (c cl_mine.colour);", null);
        db.execute("CREATE SCHEMA cl_mine");
        db.execute("CREATE SCHEMA cl_theirs");
        Migrator migrator = r.migrator(db).set("schema", "cl_mine").set("cleanEnabled", "true").load();
        migrator.migrate();

        CleanRefusedException e = assertThrows(CleanRefusedException.class, migrator::clean);
        assertTrue(e.getMessage().contains("view cl_theirs.reader") && e.getMessage().contains("column c of table"
                + " cl_theirs.palette") && e.getMessage().contains("Nothing was changed"), e.getMessage());
        assertNotNull(db.queryValue("SELECT to_regclass('cl_mine.source')"));
        assertNotNull(db.queryValue("SELECT to_regclass('cl_theirs.reader')"));
        assertEquals(1L, db.count("SELECT 1 FROM cl_mine.intellipost_schema_history"));

        db.execute("DROP SCHEMA cl_theirs CASCADE");
        assertEquals(Map.of("table", 3, "type", 1), migrator.clean().droppedByKind());
    }

    @Test
    void cleanOfASchemaThatDoesNotExistDoesNothing(TestDatabase db) throws Exception {
        CleanResult result = Migrator.configure().isolated().url(db.jdbcUrl()).user(db.user())
                .password(db.password()).schema("cl_never").set("cleanEnabled", "true")
                .locations("classpath:no/such/location").load().clean();
        assertEquals(0, result.dropped());
        assertEquals(null, db.queryValue("SELECT to_regnamespace('cl_never')"), "nothing was created");
    }
}
