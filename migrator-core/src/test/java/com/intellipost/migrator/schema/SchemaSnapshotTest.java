package com.intellipost.migrator.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.testing.PostgresExtension;
import com.intellipost.migrator.testing.PostgresServer;
import com.intellipost.migrator.testing.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** DESIGN 2.12: what a snapshot reads, what it leaves out, and how two snapshots compare. */
@ExtendWith(PostgresExtension.class)
class SchemaSnapshotTest {

    @Test
    void everyKindOfObjectIsReadWithPostgresqlsOwnDefinition(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            run(c, "CREATE SCHEMA kinds",
                    "CREATE TYPE kinds.mood AS ENUM ('sad', 'ok', 'happy')",
                    "CREATE TYPE kinds.pair AS (a integer, b text)",
                    "CREATE DOMAIN kinds.positive AS integer NOT NULL CONSTRAINT positive_check CHECK (VALUE > 0)",
                    "CREATE TABLE kinds.acct (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                            + " email text COLLATE \"C\" NOT NULL DEFAULT 'x', m kinds.mood,"
                            + " doubled bigint GENERATED ALWAYS AS (id * 2) STORED, CONSTRAINT acct_email_key UNIQUE (email))",
                    "CREATE INDEX acct_m_idx ON kinds.acct (m) WHERE m IS NOT NULL",
                    "CREATE SEQUENCE kinds.counter START 5 OWNED BY kinds.acct.id",
                    "CREATE VIEW kinds.happy AS SELECT id FROM kinds.acct WHERE m = 'happy'",
                    "CREATE MATERIALIZED VIEW kinds.counts AS SELECT count(*) AS n FROM kinds.acct",
                    "CREATE FUNCTION kinds.acct_count() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM kinds.acct'",
                    "CREATE PROCEDURE kinds.touch(n integer) LANGUAGE sql AS 'SELECT 1'",
                    "CREATE AGGREGATE kinds.total(integer) (SFUNC = int4pl, STYPE = integer, INITCOND = '0')",
                    "CREATE FUNCTION kinds.stamp() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$",
                    "CREATE TRIGGER acct_stamp BEFORE UPDATE ON kinds.acct FOR EACH ROW EXECUTE FUNCTION kinds.stamp()",
                    "ALTER TABLE kinds.acct ENABLE ROW LEVEL SECURITY",
                    "CREATE POLICY own_rows ON kinds.acct FOR SELECT USING (email = current_user)",
                    "CREATE EXTENSION IF NOT EXISTS pgcrypto SCHEMA kinds",
                    "COMMENT ON TABLE kinds.acct IS 'accounts'",
                    "COMMENT ON COLUMN kinds.acct.email IS 'where we write'");
            SchemaSnapshot s = read(c, List.of("kinds"));
            assertTrue(s.find("schema kinds").isPresent(), s.objects().keySet().toString());
            assertEquals("ENUM ('sad', 'ok', 'happy')", definition(s, "type kinds.mood"));
            assertEquals("AS (a integer, b text)", definition(s, "type kinds.pair"));
            assertEquals("integer NOT NULL", definition(s, "domain kinds.positive"));
            assertEquals("CHECK ((VALUE > 0))", definition(s, "constraint kinds.positive.positive_check"));
            assertEquals("bigint NOT NULL GENERATED ALWAYS AS IDENTITY", definition(s, "column kinds.acct.id"));
            assertEquals("text COLLATE \"C\" NOT NULL DEFAULT 'x'::text", definition(s, "column kinds.acct.email"));
            assertEquals("kinds.mood", definition(s, "column kinds.acct.m"));
            assertEquals("bigint GENERATED ALWAYS AS ((id * 2)) STORED", definition(s, "column kinds.acct.doubled"));
            assertEquals("PRIMARY KEY (id)", definition(s, "constraint kinds.acct.acct_pkey"));
            assertEquals("UNIQUE (email)", definition(s, "constraint kinds.acct.acct_email_key"));
            assertEquals("CREATE INDEX acct_m_idx ON kinds.acct USING btree (m) WHERE (m IS NOT NULL)",
                    definition(s, "index kinds.acct_m_idx"));
            assertTrue(definition(s, "sequence kinds.counter").endsWith("START 5 INCREMENT 1 MINVALUE 1"
                    + " MAXVALUE 9223372036854775807 CACHE 1 OWNED BY kinds.acct.id"), definition(s, "sequence kinds.counter"));
            assertTrue(definition(s, "sequence kinds.acct_id_seq").endsWith("OWNED BY kinds.acct.id (identity)"));
            assertTrue(definition(s, "view kinds.happy").contains("WHERE (acct.m = 'happy'::kinds.mood)"),
                    definition(s, "view kinds.happy"));
            assertTrue(s.find("materialized view kinds.counts").isPresent());
            assertTrue(definition(s, "function kinds.acct_count()").startsWith(
                    "CREATE OR REPLACE FUNCTION kinds.acct_count()"), definition(s, "function kinds.acct_count()"));
            assertTrue(s.find("procedure kinds.touch(IN n integer)").isPresent(), s.objects().keySet().toString());
            assertEquals("SFUNC int4pl STYPE integer INITCOND 0", definition(s, "aggregate kinds.total(integer)"));
            assertEquals("CREATE TRIGGER acct_stamp BEFORE UPDATE ON kinds.acct FOR EACH ROW EXECUTE FUNCTION"
                    + " kinds.stamp()", definition(s, "trigger kinds.acct.acct_stamp"));
            assertEquals("PERMISSIVE FOR SELECT TO PUBLIC USING ((email = CURRENT_USER))",
                    definition(s, "policy kinds.acct.own_rows"));
            assertEquals("ROW LEVEL SECURITY", definition(s, "table kinds.acct"));
            assertTrue(s.find("extension pgcrypto").isPresent());
            assertEquals("accounts", definition(s, "comment on table kinds.acct"));
            assertEquals("where we write", definition(s, "comment on column kinds.acct.email"));
            assertFalse(s.objects().keySet().stream().anyMatch(l -> l.contains("digest")),
                    "pgcrypto's own functions belong to the extension: " + s.objects().keySet());
        }
    }

    @Test
    void theMigratorsTablesAreLeftOutAndAColumnComparesByName(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            run(c, "CREATE SCHEMA own",
                    "CREATE TABLE own.intellipost_schema_history (revision text PRIMARY KEY)",
                    "CREATE TABLE own.intellipost_schema_audit (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY)",
                    "CREATE TABLE own.kept (id int, note text)");
            SchemaSnapshot before = read(c, List.of("own"));
            assertFalse(before.objects().keySet().stream().anyMatch(l -> l.contains("intellipost")),
                    before.objects().keySet().toString());
            run(c, "ALTER TABLE own.kept DROP COLUMN id", "ALTER TABLE own.kept ADD COLUMN id int");
            SchemaSnapshot after = read(c, List.of("own"));
            assertTrue(SchemaDiff.between(before, after).isEmpty(), SchemaDiff.between(before, after).lines("").toString());

            run(c, "ALTER TABLE own.kept ALTER COLUMN id SET NOT NULL", "CREATE INDEX manual_idx ON own.kept (note)");
            SchemaDiff diff = SchemaDiff.between(before, read(c, List.of("own")));
            assertEquals(List.of("index own.manual_idx"), diff.extra());
            assertEquals(List.of(new SchemaDiff.Change("column own.kept.id", "integer", "integer NOT NULL")), diff.changed());
            assertEquals(List.of(), diff.missing());
        }
    }

    /**
     * The incremental reader must see exactly what a full read sees after each statement, including the changes the
     * change log does not name directly (renames, partitions attached elsewhere, a default dropped by CASCADE).
     */
    @Test
    void readingOnlyWhatChangedGivesWhatAFullReadGives(TestDatabase db) throws Exception {
        followEveryStatement(db, true);
    }

    /** The same when creations are logged too, as on a cluster whose OID counter wrapped around. */
    @Test
    void readingOnlyWhatChangedWithCreationsLoggedGivesWhatAFullReadGives(TestDatabase db) throws Exception {
        TestDatabase other = PostgresServer.get().createDatabase("SchemaSnapshotTest_logged");
        try {
            followEveryStatement(other, false);
        } finally {
            PostgresServer.get().dropDatabase(other);
        }
    }

    private static void followEveryStatement(TestDatabase db, boolean newObjectsByOid) throws Exception {
        List<String> statements = List.of(
                "CREATE SCHEMA inc",
                "CREATE TABLE inc.t (id bigserial PRIMARY KEY, name text DEFAULT 'x')",
                "CREATE TABLE inc.kept (id int, note text)",
                "ALTER TABLE inc.kept ADD CONSTRAINT kept_u UNIQUE (id)",
                "CREATE INDEX kept_note ON inc.kept (note)",
                "COMMENT ON INDEX inc.kept_note IS 'for search'",
                "ALTER TABLE inc.kept RENAME COLUMN note TO remark",
                "ALTER TABLE inc.kept ALTER COLUMN id SET NOT NULL",
                "COMMENT ON COLUMN inc.kept.id IS 'the key'",
                "COMMENT ON COLUMN inc.kept.id IS NULL",
                "DROP INDEX inc.kept_note",
                "CREATE FUNCTION inc.f() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$",
                "CREATE TRIGGER tr BEFORE INSERT ON inc.kept FOR EACH ROW EXECUTE FUNCTION inc.f()",
                "ALTER TABLE inc.kept DISABLE TRIGGER tr",
                "DROP TRIGGER tr ON inc.kept",
                "ALTER TABLE inc.t ALTER COLUMN name DROP DEFAULT",
                "CREATE SEQUENCE inc.s",
                "CREATE TABLE inc.u (id int DEFAULT nextval('inc.s'), c int)",
                "ALTER SEQUENCE inc.s OWNED BY inc.kept.id",
                "ALTER SEQUENCE inc.s OWNED BY NONE",
                "DROP SEQUENCE inc.s CASCADE",
                "CREATE TYPE inc.mood AS ENUM ('a', 'b')",
                "ALTER TABLE inc.u ADD COLUMN m inc.mood DEFAULT 'a'",
                "ALTER TYPE inc.mood ADD VALUE 'c'",
                "ALTER TYPE inc.mood RENAME VALUE 'a' TO 'z'",
                "CREATE TYPE inc.comp AS (a int, m inc.mood)",
                "DROP TYPE inc.mood CASCADE",
                "CREATE DOMAIN inc.pos AS int",
                "ALTER DOMAIN inc.pos ADD CONSTRAINT pos_check CHECK (VALUE > 0)",
                "ALTER DOMAIN inc.pos DROP CONSTRAINT pos_check",
                "CREATE TABLE inc.p (id int) PARTITION BY RANGE (id)",
                "CREATE TABLE inc.p1 (id int)",
                "ALTER TABLE inc.p ATTACH PARTITION inc.p1 FOR VALUES FROM (1) TO (10)",
                "ALTER TABLE inc.p DETACH PARTITION inc.p1",
                "ALTER TABLE inc.p1 RENAME TO p2",
                "CREATE VIEW inc.v AS SELECT id FROM inc.kept",
                "CREATE OR REPLACE VIEW inc.v AS SELECT id, remark FROM inc.kept",
                "ALTER TABLE inc.kept RENAME TO kept2",
                "DO $$ BEGIN EXECUTE 'CREATE TABLE inc.dyn (x int)'; END $$",
                "ALTER TABLE inc.kept2 ENABLE ROW LEVEL SECURITY",
                "CREATE POLICY pol ON inc.kept2 USING (id > 0)",
                "ALTER POLICY pol ON inc.kept2 USING (id > 1)",
                "DROP POLICY pol ON inc.kept2",
                "CREATE FUNCTION inc.g(a int) RETURNS int LANGUAGE sql AS 'SELECT a'",
                "CREATE OR REPLACE FUNCTION inc.g(a int) RETURNS int LANGUAGE sql AS 'SELECT a + 1'",
                "ALTER FUNCTION inc.g(int) RENAME TO h",
                "DROP FUNCTION inc.h(int)",
                "ALTER TABLE inc.kept2 ADD COLUMN z int",
                "ALTER TABLE inc.kept2 DROP COLUMN z",
                "CREATE SCHEMA other",
                "CREATE TABLE other.o (id int)",
                "ALTER TABLE other.o SET SCHEMA inc",
                "DROP SCHEMA other",
                "CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA inc",
                "DROP EXTENSION pg_trgm",
                "CREATE SEQUENCE inc.owned OWNED BY inc.kept2.id",
                "CREATE UNIQUE INDEX kept2_remark ON inc.kept2 (remark)",
                "ALTER TABLE inc.kept2 ADD CONSTRAINT kept2_fk FOREIGN KEY (id) REFERENCES inc.kept2 (id)",
                "COMMENT ON CONSTRAINT kept2_fk ON inc.kept2 IS 'self'",
                "CREATE TRIGGER tr2 BEFORE INSERT ON inc.kept2 FOR EACH ROW EXECUTE FUNCTION inc.f()",
                "CREATE OR REPLACE TRIGGER tr2 AFTER INSERT ON inc.kept2 FOR EACH ROW EXECUTE FUNCTION inc.f()",
                "CREATE TABLE inc.q (id int) PARTITION BY RANGE (id)",
                "CREATE TABLE inc.q1 PARTITION OF inc.q FOR VALUES FROM (1) TO (5)",
                "CREATE DOMAIN inc.small AS int CONSTRAINT small_check CHECK (VALUE < 10)",
                "CREATE MATERIALIZED VIEW inc.mv AS SELECT id FROM inc.kept2",
                "CREATE INDEX mv_id ON inc.mv (id)",
                "ALTER TABLE inc.u ALTER COLUMN c TYPE bigint",
                "DROP TABLE inc.t");
        try (Connection c = db.connect(); Connection other = db.connect()) {
            SnapshotScope scope = SnapshotScope.everySchema("inc");
            try (SnapshotReader changesOnly = SnapshotReader.incremental(c, scope, newObjectsByOid);
                 SnapshotReader everything = SnapshotReader.of(other, scope)) {
                assertTrue(changesOnly.readsChangesOnly(), "the test server's user is a superuser");
                changesOnly.read();
                for (String sql : statements) {
                    run(other, sql);
                    SchemaSnapshot expected = everything.read();
                    SchemaSnapshot actual = changesOnly.read();
                    SchemaDiff diff = SchemaDiff.between(expected, actual);
                    assertTrue(diff.isEmpty(), "after " + sql + ":\n" + String.join("\n", diff.lines("  ")));
                }
                // renames, partitions, type changes and the first read: the rest read only what changed
                assertTrue(changesOnly.fullReads() <= 14, changesOnly.fullReads() + " full reads");
            }
        }
    }

    private static SchemaSnapshot read(Connection c, List<String> schemas) throws Exception {
        try (SnapshotReader reader = SnapshotReader.of(c, new SnapshotScope(Optional.of(schemas), schemas.get(0)))) {
            return reader.read();
        }
    }

    private static String definition(SchemaSnapshot s, String label) {
        return s.find(label).orElseThrow(() -> new AssertionError(label + " not in " + s.objects().keySet()))
                .definition();
    }

    private static void run(Connection c, String... statements) throws Exception {
        try (Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }
}
