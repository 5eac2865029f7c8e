package com.intellipost.migrator.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.command.MigrateResult.AppliedMigration;
import com.intellipost.migrator.testing.PostgresExtension;
import com.intellipost.migrator.testing.Revisions;
import com.intellipost.migrator.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Acceptance 2: two heads are refused before anything changes; merge joins them; target=heads applies both. */
@ExtendWith(PostgresExtension.class)
class BranchAndMergeTest {

    private static Revisions twoBranches(Path dir, String schema) {
        Revisions r = new Revisions(dir);
        r.write("001_base.sql", "base1", null, "CREATE TABLE " + schema + "_base (id int);", "DROP TABLE " + schema + "_base;");
        r.write("002_alice.sql", "zalice", "base1", "CREATE TABLE " + schema + "_alice (id int);", "DROP TABLE " + schema + "_alice;");
        r.write("002_bob.sql", "abob", "base1", "CREATE TABLE " + schema + "_bob (id int);", "DROP TABLE " + schema + "_bob;");
        return r;
    }

    @Test
    void twoHeadsAreRefusedThenMergedAndAppliedInAStableOrder(TestDatabase db, @TempDir Path dir) throws Exception {
        Revisions r = twoBranches(dir, "m");
        MultipleHeadsException e = assertThrows(MultipleHeadsException.class,
                () -> r.migrator(db).set("schema", "merge_case").load().migrate());
        assertEquals(List.of("abob", "zalice"), e.heads());
        assertTrue(e.getMessage().contains("002_alice.sql") && e.getMessage().contains("002_bob.sql"), e.getMessage());
        assertTrue(e.getMessage().contains("mvn intellipost:merge") && e.getMessage().contains("target=heads"), e.getMessage());
        assertEquals(0L, db.count("SELECT 1 FROM pg_namespace WHERE nspname = 'merge_case'"),
                "refused before touching the database");

        NewRevisionResult merge = r.migrator(db).set("schema", "merge_case").load().merge("Join alice and bob");
        assertEquals(List.of("abob", "zalice"), merge.downRevisions());
        String text = Files.readString(merge.file());
        assertTrue(text.contains("-- down_revision: abob, zalice"), text);

        MigrateResult result = r.migrator(db).set("schema", "merge_case").load().migrate();
        List<String> order = result.applied().stream().map(AppliedMigration::revision).toList();
        assertEquals(List.of("base1", "abob", "zalice", merge.revision()), order, "ties broken by revision id");
        assertEquals(List.of(merge.revision()), result.currentRevisions());
        assertEquals(1L, db.count("SELECT 1 FROM pg_tables WHERE tablename = 'm_alice'"));
    }

    @Test
    void theSameOrderOnEveryRun(TestDatabase db, @TempDir Path dir) {
        Revisions r = twoBranches(dir, "o");
        for (int run = 0; run < 3; run++) {
            String schema = "order_run_" + run;
            List<String> order = r.migrator(db).set("schema", schema).set("locations", "filesystem:" + dir).load()
                    .migrate("heads").applied().stream().map(AppliedMigration::revision).toList();
            assertEquals(List.of("base1", "abob", "zalice"), order);
            r.migrator(db).set("schema", schema).load().downgrade("base");
        }
    }

    @Test
    void targetHeadsAppliesBothBranchesWithoutAMerge(TestDatabase db, @TempDir Path dir) throws Exception {
        Revisions r = twoBranches(dir, "h");
        MigrateResult result = r.migrator(db).set("schema", "heads_case").load().migrate("heads");
        assertEquals(3, result.applied().size());
        assertEquals(List.of("abob", "zalice"), result.currentRevisions());
        assertEquals(1L, db.count("SELECT 1 FROM pg_tables WHERE tablename IN ('h_alice') "));
        assertEquals(1L, db.count("SELECT 1 FROM pg_tables WHERE tablename IN ('h_bob') "));
        InfoResult info = r.migrator(db).set("schema", "heads_case").load().info();
        assertFalse(info.revisions().stream().anyMatch(i -> i.state() != RevisionState.APPLIED));
    }
}
