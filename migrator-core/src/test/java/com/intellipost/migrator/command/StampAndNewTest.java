package com.intellipost.migrator.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.Migrator;
import com.intellipost.migrator.command.MigrateResult.AppliedMigration;
import com.intellipost.migrator.testing.PostgresExtension;
import com.intellipost.migrator.testing.Revisions;
import com.intellipost.migrator.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code stamp} and {@code new} through the library API. */
@ExtendWith(PostgresExtension.class)
class StampAndNewTest {

    @Test
    void stampMarksRevisionsAppliedWithoutRunningThemAndAuditsEach(TestDatabase db, @TempDir Path dir)
            throws Exception {
        Revisions r = new Revisions(dir);
        r.write("001.sql", "st1", null, "CREATE TABLE st_one (id int);", "DROP TABLE st_one;");
        r.write("002.sql", "st2", "st1", "CREATE TABLE st_two (id int);", "DROP TABLE st_two;");
        r.write("003.sql", "st3", "st2", "CREATE TABLE st_three (id int);", "DROP TABLE st_three;");

        StampResult stamp = migrator(r, db, "stamped").stamp("st2");

        assertEquals(List.of("st1", "st2"), stamp.stamped(), "the target and its ancestors, in order");
        assertEquals(List.of(), stamp.unstamped());
        assertEquals(List.of("st2"), stamp.currentRevisions());
        assertNull(db.queryValue("SELECT to_regclass('public.st_one')"), "st1 was not run");
        assertNull(db.queryValue("SELECT to_regclass('public.st_two')"), "st2 was not run");
        assertEquals(2L, db.count("SELECT 1 FROM stamped.intellipost_schema_history WHERE success"
                + " AND revision IN ('st1', 'st2') AND checksum ~ '^[0-9a-f]{64}$'"));
        assertEquals(2L, db.count("SELECT 1 FROM stamped.intellipost_schema_audit WHERE action = 'stamp'"
                + " AND outcome = 'success' AND revision IN ('st1', 'st2')"), "one audit row per stamped revision");
        assertEquals(2L, db.count("SELECT 1 FROM stamped.intellipost_schema_audit"), "no other audit rows");

        InfoResult info = migrator(r, db, "stamped").validate();
        assertEquals(List.of(RevisionState.APPLIED, RevisionState.APPLIED, RevisionState.PENDING),
                info.revisions().stream().map(RevisionInfo::state).toList());

        // migrate runs only what was not stamped.
        MigrateResult migrate = migrator(r, db, "stamped").migrate();
        assertEquals(List.of("st3"), migrate.applied().stream().map(AppliedMigration::revision).toList());
        assertNotNull(db.queryValue("SELECT to_regclass('public.st_three')"));
        assertNull(db.queryValue("SELECT to_regclass('public.st_one')"));

        // Stamping what is already applied records nothing.
        StampResult again = migrator(r, db, "stamped").stamp("head");
        assertEquals(List.of(), again.stamped());
        assertEquals(2L, db.count("SELECT 1 FROM stamped.intellipost_schema_audit WHERE action = 'stamp'"));

        // stamp base empties the history without running any down section, audited per revision.
        StampResult base = migrator(r, db, "stamped").stamp("base");
        assertEquals(List.of("st1", "st2", "st3"), base.unstamped().stream().sorted().toList());
        assertEquals(List.of(), base.stamped());
        assertEquals(List.of(), base.currentRevisions());
        assertEquals(0L, db.count("SELECT 1 FROM stamped.intellipost_schema_history"));
        assertEquals(5L, db.count("SELECT 1 FROM stamped.intellipost_schema_audit WHERE action = 'stamp'"));
        assertNotNull(db.queryValue("SELECT to_regclass('public.st_three')"), "st3's down section was not run");
    }

    @Test
    void stampRefusesAnUnknownRevisionAndChangesNothing(TestDatabase db, @TempDir Path dir) throws Exception {
        Revisions r = new Revisions(dir);
        r.write("001.sql", "su1", null, "CREATE TABLE st_unknown (id int);", "DROP TABLE st_unknown;");
        assertThrows(UnknownRevisionException.class, () -> migrator(r, db, "stamp_unknown").stamp("nosuch"));
        assertEquals(0L, db.count("SELECT 1 FROM pg_namespace WHERE nspname = 'stamp_unknown'"),
                "nothing was created");
    }

    @Test
    void stampWithoutATargetIsRefusedAndRecordsNothing(TestDatabase db, @TempDir Path dir) throws Exception {
        Revisions r = new Revisions(dir);
        r.write("001.sql", "sn1", null, "CREATE TABLE st_none (id int);", "DROP TABLE st_none;");
        for (String target : new String[] {null, " "}) {
            UnknownRevisionException e = assertThrows(UnknownRevisionException.class,
                    () -> migrator(r, db, "stamp_none").stamp(target));
            assertTrue(e.getMessage().startsWith("stamp needs a target"), e.getMessage());
        }
        assertEquals(0L, db.count("SELECT 1 FROM pg_namespace WHERE nspname = 'stamp_none'"), "nothing was created");
    }

    @Test
    void newRevisionFollowsTheSingleHeadAndThenMigrates(TestDatabase db, @TempDir Path dir) throws Exception {
        Revisions r = new Revisions(dir);
        r.write("001.sql", "nw1", null, "CREATE TABLE nw_base (id int);", "DROP TABLE nw_base;");
        r.write("002.sql", "nw2", "nw1", "INSERT INTO nw_base VALUES (1);", "DELETE FROM nw_base;");
        migrator(r, db, "new_rev").migrate();

        NewRevisionResult created = migrator(r, db, "new_rev").newRevision("  Add widget table  ");

        assertTrue(created.revision().matches("[0-9a-f]{12}"), created.revision());
        assertEquals(List.of("nw2"), created.downRevisions());
        assertEquals(dir, created.file().getParent(), "written to the filesystem location");
        assertTrue(created.file().getFileName().toString().matches("\\d{14}_" + created.revision()
                + "_add_widget_table\\.sql"), created.file().toString());
        String text = Files.readString(created.file(), StandardCharsets.UTF_8);
        assertTrue(text.startsWith("-- revision: " + created.revision() + "\n-- down_revision: nw2\n"
                + "-- message: Add widget table\n"), text);
        assertTrue(text.contains("\n-- migrate:up\n") && text.contains("\n-- migrate:down\n"), text);

        InfoResult info = migrator(r, db, "new_rev").info();
        assertEquals(List.of(created.revision()), info.heads());
        RevisionInfo pending = info.pending().get(0);
        assertEquals(created.revision(), pending.revision());
        assertEquals("Add widget table", pending.message());
        assertEquals(List.of("nw2"), pending.downRevisions());

        // The developer fills in the template; the file migrates and reverts.
        Files.writeString(created.file(), text
                .replace("-- migrate:up\n", "-- migrate:up\nCREATE TABLE nw_widget (id int);\n")
                .replace("-- migrate:down\n", "-- migrate:down\nDROP TABLE nw_widget;\n"), StandardCharsets.UTF_8);
        MigrateResult migrate = migrator(r, db, "new_rev").migrate();
        assertEquals(List.of(created.revision()), migrate.applied().stream().map(AppliedMigration::revision).toList());
        assertNotNull(db.queryValue("SELECT to_regclass('public.nw_widget')"));
        assertEquals(List.of(created.revision()), migrator(r, db, "new_rev").downgrade("-1").reverted());
        assertNull(db.queryValue("SELECT to_regclass('public.nw_widget')"));
    }

    @Test
    void newRevisionNeedsNoDatabaseAndStartsARootInAnEmptyLocation(@TempDir Path dir) throws Exception {
        Migrator offline = Migrator.configure().isolated().locations("filesystem:" + dir.resolve("migrations")).load();
        NewRevisionResult root = offline.newRevision("First one");
        assertEquals(List.of(), root.downRevisions());
        assertTrue(Files.readString(root.file()).contains("-- down_revision: none\n"));
        NewRevisionResult second = offline.newRevision("Second one");
        assertEquals(List.of(root.revision()), second.downRevisions());
        assertEquals(List.of(second.revision()), offline.check().heads());
    }

    @Test
    void newRevisionRefusesSeveralHeadsAndWritesNothing(@TempDir Path dir) throws Exception {
        Revisions r = new Revisions(dir);
        r.write("001.sql", "hb", null, "SELECT 1;", "");
        r.write("002_a.sql", "ha", "hb", "SELECT 2;", "");
        r.write("002_b.sql", "hc", "hb", "SELECT 3;", "");
        Migrator offline = Migrator.configure().isolated().locations("filesystem:" + dir).load();
        MultipleHeadsException e = assertThrows(MultipleHeadsException.class, () -> offline.newRevision("Third"));
        assertEquals(List.of("ha", "hc"), e.heads().stream().sorted().toList());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(3L, files.count(), "no file was written");
        }
    }

    private static Migrator migrator(Revisions r, TestDatabase db, String schema) {
        return r.migrator(db).set("schema", schema).load();
    }
}
