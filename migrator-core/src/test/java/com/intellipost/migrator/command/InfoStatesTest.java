package com.intellipost.migrator.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.Migrator;
import com.intellipost.migrator.execute.MigrationFailedException;
import com.intellipost.migrator.testing.PostgresExtension;
import com.intellipost.migrator.testing.Revisions;
import com.intellipost.migrator.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * One {@code info} shows every state at once: applied, checksum mismatch, failed (a non-transactional script),
 * pending and missing file; and the text table prints each of them.
 */
@ExtendWith(PostgresExtension.class)
class InfoStatesTest {

    private static final String SCHEMA = "info_states";

    @Test
    void infoReportsEveryStateInOneResult(TestDatabase db, @TempDir Path dir) throws Exception {
        Revisions r = new Revisions(dir);
        r.write("001_i1.sql", "is1", null, "CREATE TABLE is_emails (email text);\n"
                + "INSERT INTO is_emails VALUES ('dup'), ('dup');", "DROP TABLE is_emails;");
        r.write("002_i2.sql", "is2", "is1", "CREATE TABLE is_edited (id int);", "DROP TABLE is_edited;");
        Path gone = r.write("003_i3.sql", "is3", "is2", "CREATE TABLE is_gone (id int);", "DROP TABLE is_gone;");
        assertEquals(3, migrator(r, db).migrate().applied().size());

        // A second branch off is2 whose non-transactional script fails on the duplicate emails.
        r.write("004_i4.sql", "is4", "is2", "CREATE UNIQUE INDEX CONCURRENTLY is_emails_email ON is_emails (email);",
                "DROP INDEX CONCURRENTLY is_emails_email;");
        MigrationFailedException failed = assertThrows(MigrationFailedException.class,
                () -> migrator(r, db).migrate("is4"));
        assertEquals("is4", failed.revision());
        r.write("005_i5.sql", "is5", "is4", "CREATE TABLE is_pending (id int);", "DROP TABLE is_pending;");
        Files.delete(gone);
        r.write("002_i2.sql", "is2", "is1", "CREATE TABLE is_edited (id bigint);", "DROP TABLE is_edited;");

        InfoResult info = migrator(r, db).info();

        Map<String, RevisionState> states = info.revisions().stream()
                .collect(Collectors.toMap(RevisionInfo::revision, RevisionInfo::state, (a, b) -> a, LinkedHashMap::new));
        Map<String, RevisionState> expected = new LinkedHashMap<>();
        expected.put("is1", RevisionState.APPLIED);
        expected.put("is2", RevisionState.CHECKSUM_MISMATCH);
        expected.put("is4", RevisionState.FAILED);
        expected.put("is5", RevisionState.PENDING);
        expected.put("is3", RevisionState.MISSING_FILE);
        assertEquals(expected, states, "graph order, then the applied revision whose file is gone");
        assertEquals(List.of("is5"), info.heads());
        assertEquals(List.of("is5"), info.pending().stream().map(RevisionInfo::revision).toList());
        assertTrue(!info.currentRevisions().contains("is4") && info.currentRevisions().contains("is3"),
                "a failed revision is not current: " + info.currentRevisions());

        RevisionInfo missing = find(info, "is3");
        assertTrue(missing.script().endsWith("003_i3.sql"), () -> "the history's script name: " + missing.script());
        assertEquals("is3 message", missing.message(), "message from the history row");
        for (RevisionInfo i : info.revisions()) {
            assertEquals(i.state() != RevisionState.PENDING, i.appliedAt().isPresent(), () -> "applied at of " + i);
            assertEquals(i.state() != RevisionState.PENDING, i.executionMs().isPresent(), () -> "duration of " + i);
        }

        List<String> lines = InfoTable.lines(info);
        String table = String.join("\n", lines);
        int stateColumn = lines.get(0).indexOf("State");
        assertTrue(stateColumn > 0, table);
        for (Map.Entry<String, RevisionState> e : expected.entrySet()) {
            List<String> row = lines.stream().filter(l -> l.startsWith(e.getKey() + " ")).toList();
            assertEquals(1, row.size(), () -> "one row for " + e.getKey() + "\n" + table);
            assertTrue(row.get(0).substring(stateColumn).startsWith(e.getValue().label()),
                    () -> e.getKey() + " shows '" + e.getValue().label() + "' in the State column\n" + table);
        }
        assertTrue(lines.contains("Heads:   is5"), table);
        assertTrue(lines.contains("Pending: 1"), table);

        // validate names every problem at once, and migrate refuses.
        ValidationException validate = assertThrows(ValidationException.class, () -> migrator(r, db).validate());
        for (String revision : List.of("is2", "is3", "is4")) {
            assertTrue(validate.getMessage().contains(revision), () -> revision + " in " + validate.getMessage());
        }
        assertThrows(ValidationException.class, () -> migrator(r, db).migrate());
        assertEquals(0L, db.count("SELECT 1 FROM pg_tables WHERE tablename = 'is_pending'"));
    }

    @Test
    void infoOnAFreshDatabaseShowsEverythingPendingAndCreatesNothing(TestDatabase db, @TempDir Path dir)
            throws Exception {
        Revisions r = new Revisions(dir);
        r.write("001_f1.sql", "fr1", null, "CREATE TABLE is_fresh (id int);", "DROP TABLE is_fresh;");
        r.write("002_f2.sql", "fr2", "fr1", "INSERT INTO is_fresh VALUES (1);", "DELETE FROM is_fresh;");
        InfoResult info = r.migrator(db).set("schema", "info_fresh").load().info();
        assertEquals(List.of(RevisionState.PENDING, RevisionState.PENDING),
                info.revisions().stream().map(RevisionInfo::state).toList());
        assertEquals(List.of(), info.currentRevisions());
        List<String> lines = InfoTable.lines(info);
        assertTrue(lines.contains("Current: base") && lines.contains("Pending: 2"), String.join("\n", lines));
        assertEquals(0L, db.count("SELECT 1 FROM pg_namespace WHERE nspname = 'info_fresh'"),
                "info created no schema");
    }

    private static Migrator migrator(Revisions r, TestDatabase db) {
        return r.migrator(db).set("schema", SCHEMA).load();
    }

    private static RevisionInfo find(InfoResult info, String revision) {
        return info.revisions().stream().filter(i -> i.revision().equals(revision)).findFirst().orElseThrow();
    }
}
