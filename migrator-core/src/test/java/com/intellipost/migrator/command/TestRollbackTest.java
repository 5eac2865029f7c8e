package com.intellipost.migrator.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.command.MigrateResult.AppliedMigration;
import com.intellipost.migrator.command.TestRollbackResult.RevisionCheck;
import com.intellipost.migrator.command.TestRollbackResult.Status;
import com.intellipost.migrator.schema.SchemaDiff;
import com.intellipost.migrator.testing.PostgresExtension;
import com.intellipost.migrator.testing.Revisions;
import com.intellipost.migrator.testing.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** DESIGN 2.12: every down section must give back the schema its up section found, revision by revision. */
@ExtendWith(PostgresExtension.class)
class TestRollbackTest {

    private TestDatabase database;

    /** A chain whose downs forget a function, an enum type, a sequence's ownership, an index and a trigger. */
    static Revisions forgetfulChain(Path dir) {
        Revisions r = new Revisions(dir);
        r.write("001_acct.sql", "r1", null, """
                CREATE TABLE acct (id bigint PRIMARY KEY, email text NOT NULL);
                CREATE SEQUENCE counter;
                CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;""",
                "DROP FUNCTION touch();\nDROP SEQUENCE counter;\nDROP TABLE acct;");
        r.write("002_count.sql", "r2", "r1", "CREATE FUNCTION acct_count() RETURNS bigint LANGUAGE sql"
                + " AS 'SELECT count(*) FROM acct';", "");
        r.write("003_mood.sql", "r3", "r2", "CREATE TYPE mood AS ENUM ('sad', 'happy');\n"
                + "ALTER TABLE acct ADD COLUMN m mood;", "ALTER TABLE acct DROP COLUMN m;");
        r.write("004_owned.sql", "r4", "r3", "ALTER SEQUENCE counter OWNED BY acct.id;", "SELECT 1;");
        r.write("005_index.sql", "r5", "r4", "CREATE INDEX manual_idx ON acct (email);", "");
        r.write("006_trigger.sql", "r6", "r5", "CREATE TRIGGER acct_touch BEFORE UPDATE ON acct FOR EACH ROW"
                + " EXECUTE FUNCTION touch();", "SELECT 1;");
        r.write("007_note.sql", "r7", "r6", "ALTER TABLE acct ADD COLUMN note text;", "ALTER TABLE acct DROP COLUMN note;");
        return r;
    }

    @AfterEach
    void noScratchDatabaseIsLeft() throws Exception {
        if (database != null) {
            assertEquals(0L, database.count("SELECT 1 FROM pg_database WHERE datname LIKE '" + database.name()
                    + "\\_scratch\\_%'"), "every scratch database is dropped");
        }
    }

    @Test
    void everyForgottenObjectIsReportedRevisionByRevision(TestDatabase db, @TempDir Path dir) throws Exception {
        database = db;
        TestRollbackResult result = forgetfulChain(dir).migrator(db).load().testRollback();
        assertEquals(List.of(Status.OK, Status.DIFFERS, Status.DIFFERS, Status.DIFFERS, Status.DIFFERS, Status.DIFFERS,
                Status.OK), result.revisions().stream().map(RevisionCheck::status).toList(), SchemaReports.text(result)
                .toString());
        assertTrue(result.failed());
        assertEquals(List.of("function public.acct_count()"), check(result, "r2").diff().extra());
        assertEquals(List.of("type public.mood"), check(result, "r3").diff().extra());
        SchemaDiff owned = check(result, "r4").diff();
        assertEquals(List.of("sequence public.counter"), owned.changedObjects());
        assertTrue(owned.changed().get(0).after().endsWith("OWNED BY public.acct.id")
                && !owned.changed().get(0).before().contains("OWNED BY"), owned.changed().toString());
        assertEquals(List.of("index public.manual_idx"), check(result, "r5").diff().extra());
        assertEquals(List.of("trigger public.acct.acct_touch"), check(result, "r6").diff().extra());
        for (String revision : List.of("r2", "r3", "r5", "r6")) {
            assertEquals(List.of(), check(result, revision).diff().missing(), revision);
            assertEquals(List.of(), check(result, revision).diff().changed(), revision);
        }
        assertEquals(dir.resolve("003_mood.sql").toString(), check(result, "r3").file());

        List<String> text = SchemaReports.text(result);
        assertTrue(text.contains("differs        r3 r3 message (" + dir.resolve("003_mood.sql") + ")"),
                String.join("\n", text));
        assertTrue(text.contains("      extra:   type public.mood"), String.join("\n", text));
        assertTrue(text.get(text.size() - 1).startsWith("Test-rollback: 7 revision(s) walked (up, down, up again):"
                + " 2 ok, 5 differs; failed"), text.get(text.size() - 1));
        String json = SchemaReports.json(result);
        assertTrue(json.contains("{\"revision\": \"r2\", \"file\": \"" + dir.resolve("002_count.sql") + "\", \"status\": \"differs\","
                + " \"extra\": [\"function public.acct_count()\"], \"missing\": [], \"changed\": [], \"error\": "), json);
        assertTrue(json.contains("{\"revision\": \"r7\", \"file\": \"" + dir.resolve("007_note.sql")
                + "\", \"status\": \"ok\", \"extra\": [],"
                + " \"missing\": [], \"changed\": [], \"error\": null}"), json);
        assertEquals(0L, db.count("SELECT 1 FROM pg_tables WHERE schemaname = 'public'"),
                "the configured database is never written");
    }

    /** Without superuser rights there are no event triggers: every snapshot reads everything, with the same result. */
    @Test
    void aUserWhoMayOnlyCreateDatabasesGetsTheSameReport(TestDatabase db, @TempDir Path dir) throws Exception {
        database = db;
        String role = db.name() + "_createdb";
        db.execute("CREATE ROLE " + role + " LOGIN CREATEDB PASSWORD 'pw-createdb'");
        try {
            Revisions r = forgetfulChain(dir);
            TestRollbackResult asSuperuser = r.migrator(db).load().testRollback();
            TestRollbackResult asCreatedb = r.migrator(db).user(role).password("pw-createdb").load().testRollback();
            assertEquals(SchemaReports.json(asSuperuser), SchemaReports.json(asCreatedb));
        } finally {
            db.execute("DROP ROLE " + role);
        }
    }

    @Test
    void aSoundChainPassesWithAColumnDroppedAndAddedBackAndAConcurrentIndex(TestDatabase db, @TempDir Path dir)
            throws Exception {
        database = db;
        Revisions r = new Revisions(dir);
        r.write("001.sql", "s1", null, "CREATE TABLE t (a int, b text DEFAULT 'x', c int);", "DROP TABLE t;");
        r.write("002.sql", "s2", "s1", "ALTER TABLE t DROP COLUMN a;", "ALTER TABLE t ADD COLUMN a int;");
        r.write("003.sql", "s3", "s2", "CREATE INDEX CONCURRENTLY t_b ON t (b);", "DROP INDEX CONCURRENTLY t_b;");
        r.write("004.sql", "s4", "s3", "COMMENT ON TABLE t IS 'kept';", "COMMENT ON TABLE t IS NULL;");
        r.write("005.sql", "s5", "s4", "ALTER TABLE t ALTER COLUMN b DROP DEFAULT;",
                "ALTER TABLE t ALTER COLUMN b SET DEFAULT 'x';");
        TestRollbackResult result = r.migrator(db).set("schema", "app").load().testRollback();
        assertFalse(result.failed(), String.join("\n", SchemaReports.text(result)));
        assertEquals(5, result.count(Status.OK));
    }

    @Test
    void aRevisionWithoutDownIsAWarningUnlessRequireDown(TestDatabase db, @TempDir Path dir) throws Exception {
        database = db;
        Revisions r = new Revisions(dir);
        r.write("001.sql", "n1", null, "CREATE TABLE t (id int);", "DROP TABLE t;");
        r.write("002.sql", "n2", "n1", "CREATE INDEX t_id ON t (id);", null);
        r.write("003.sql", "n3", "n2", "CREATE TABLE u (id int);", "DROP TABLE u;");
        TestRollbackResult warned = r.migrator(db).load().testRollback();
        assertEquals(List.of(Status.OK, Status.NOT_REVERSIBLE, Status.OK),
                warned.revisions().stream().map(RevisionCheck::status).toList());
        assertFalse(warned.failed(), "the stairway goes on past it");
        assertTrue(SchemaReports.text(warned).contains("      it has no '-- migrate:down' section, so it cannot be"
                + " reverted (a warning; requireDown=true makes it an error)"), SchemaReports.text(warned).toString());

        TestRollbackResult required = r.migrator(db).set("requireDown", "true").load().testRollback();
        assertTrue(required.failed());
        assertTrue(SchemaReports.summary(required).contains("1 not-reversible; failed"), SchemaReports.summary(required));
    }

    @Test
    void failingSectionsAreReportedAndTheWalkGoesOnOrStops(TestDatabase db, @TempDir Path dir) throws Exception {
        database = db;
        Revisions r = new Revisions(dir);
        r.write("001.sql", "f1", null, "CREATE TABLE kept (id int PRIMARY KEY);\nCREATE TABLE marker (id int);",
                "DROP TABLE marker;\nDROP TABLE kept;");
        r.write("002.sql", "f2", "f1", "CREATE TABLE gone (id int);", "DROP TABLE no_such_table;");
        // data is not schema: the down "restores" the schema, and the up then fails on the row it left
        r.write("003.sql", "f3", "f2", "INSERT INTO kept VALUES (1);", "SELECT 1;");
        // the second up sees the row the first one left, and builds something else
        r.write("004.sql", "f4", "f3", "INSERT INTO marker VALUES (1);\nDO $$ BEGIN IF (SELECT count(*) FROM marker) > 1"
                + " THEN CREATE INDEX marker_id ON marker (id); END IF; END $$;", "SELECT 1;");
        r.write("005.sql", "f5", "f4", "CREATE TABLE fine (id int);", "DROP TABLE fine;");
        r.write("006.sql", "f6", "f5", "CREATE TABLE broken (id int REFERENCES nowhere (id));", "DROP TABLE broken;");
        r.write("007.sql", "f7", "f6", "CREATE TABLE never (id int);", "DROP TABLE never;");
        TestRollbackResult result = r.migrator(db).load().testRollback();
        assertEquals(List.of(Status.OK, Status.DOWN_FAILED, Status.REAPPLY_FAILED, Status.DIFFERS, Status.OK,
                Status.UP_FAILED), result.revisions().stream().map(RevisionCheck::status).toList(),
                String.join("\n", SchemaReports.text(result)));
        assertTrue(check(result, "f2").error().orElseThrow().contains("no_such_table"), check(result, "f2").error().get());
        assertTrue(check(result, "f3").error().orElseThrow().contains("duplicate key"), check(result, "f3").error().get());
        assertEquals(List.of("index public.marker_id"), check(result, "f4").diff().extra());
        assertTrue(check(result, "f4").error().orElseThrow().contains("applied again"));
        assertTrue(check(result, "f6").error().orElseThrow().contains("nowhere"), check(result, "f6").error().get());
        assertTrue(SchemaReports.summary(result).contains("stopped at f6, whose up section failed"),
                SchemaReports.summary(result));
    }

    @Test
    void twoBranchesAndTheirMergeAreWalkedInTheOrderMigrateApplies(TestDatabase db, @TempDir Path dir) throws Exception {
        database = db;
        Revisions r = new Revisions(dir);
        r.write("001_base.sql", "base1", null, "CREATE TABLE base (id int);", "DROP TABLE base;");
        r.write("002_alice.sql", "zalice", "base1", "ALTER TABLE base ADD COLUMN alice text;",
                "ALTER TABLE base DROP COLUMN alice;");
        r.write("002_bob.sql", "abob", "base1", "CREATE TABLE bob (id int);", "DROP TABLE bob;");
        r.write("003_merge.sql", "merge1", "abob, zalice", "", "");
        r.write("004_after.sql", "after1", "merge1", "CREATE INDEX bob_id ON bob (id);", "DROP INDEX bob_id;");
        TestRollbackResult result = r.migrator(db).load().testRollback();
        assertFalse(result.failed(), String.join("\n", SchemaReports.text(result)));
        List<String> walked = result.revisions().stream().map(RevisionCheck::revision).toList();
        List<String> migrated = r.migrator(db).set("schema", "order_check").load().migrate().applied().stream()
                .map(AppliedMigration::revision).toList();
        assertEquals(List.of("base1", "abob", "zalice", "merge1", "after1"), walked);
        assertEquals(migrated, walked);
        r.migrator(db).set("schema", "order_check").load().downgrade("base");
        db.execute("DROP SCHEMA order_check CASCADE");
    }

    private static RevisionCheck check(TestRollbackResult result, String revision) {
        return result.revisions().stream().filter(c -> c.revision().equals(revision)).findFirst().orElseThrow();
    }
}
