package com.intellipost.migrator.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.script.ScriptLoadException;
import com.intellipost.migrator.testing.PostgresExtension;
import com.intellipost.migrator.testing.Revisions;
import com.intellipost.migrator.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Acceptance 9: every load error stops migrate before the database is touched, naming file and line. */
@ExtendWith(PostgresExtension.class)
class LoadErrorsTest {

    private static void assertRefusedUntouched(TestDatabase db, Revisions r, String... expected) throws Exception {
        ScriptLoadException e = assertThrows(ScriptLoadException.class,
                () -> r.migrator(db).set("schema", "never_created").load().migrate());
        for (String text : expected) {
            assertTrue(e.getMessage().contains(text), "expected '" + text + "' in: " + e.getMessage());
        }
        assertEquals(0L, db.count("SELECT 1 FROM pg_namespace WHERE nspname = 'never_created'"),
                "the database was touched");
    }

    @Test
    void duplicateRevisionIds(TestDatabase db, @TempDir Path dir) throws Exception {
        Revisions r = new Revisions(dir);
        r.write("a.sql", "dup", null, "SELECT 1;", null);
        r.write("b.sql", "dup", null, "SELECT 2;", null);
        assertRefusedUntouched(db, r, "b.sql:1", "a.sql:1", "revision dup");
    }

    @Test
    void unknownParent(TestDatabase db, @TempDir Path dir) throws Exception {
        Revisions r = new Revisions(dir);
        r.write("a.sql", "p1", null, "SELECT 1;", null);
        r.write("b.sql", "p2", "ghost", "SELECT 2;", null);
        assertRefusedUntouched(db, r, "b.sql:2", "ghost");
    }

    @Test
    void cycle(TestDatabase db, @TempDir Path dir) throws Exception {
        Revisions r = new Revisions(dir);
        r.write("root.sql", "c0", null, "SELECT 0;", null);
        r.write("a.sql", "c1", "c2", "SELECT 1;", null);
        r.write("b.sql", "c2", "c1", "SELECT 2;", null);
        assertRefusedUntouched(db, r, "cycle", "a.sql:2", "b.sql:2");
    }

    @Test
    void malformedHeader(TestDatabase db, @TempDir Path dir) throws Exception {
        Revisions r = new Revisions(dir);
        r.writeRaw("no_revision.sql", "-- message: forgot the id\nCREATE TABLE t (id int);\n");
        r.writeRaw("bad_id.sql", "-- revision: not-valid!\n-- down_revision: none\nSELECT 1;\n");
        r.writeRaw("bad_flag.sql", "-- revision: ok1\n-- down_revision: none\n-- transactional: maybe\nSELECT 1;\n");
        assertRefusedUntouched(db, r, "no_revision.sql:1", "bad_id.sql:1", "bad_flag.sql:3", "true or false");
    }

    @Test
    void missingDownRevision(TestDatabase db, @TempDir Path dir) throws Exception {
        Revisions r = new Revisions(dir);
        r.write("a.sql", "root1", null, "SELECT 1;", null);
        r.writeRaw("b.sql", "-- revision: child1\n-- message: forgot the parent\n\n-- migrate:up\nSELECT 2;\n");
        assertRefusedUntouched(db, r, "b.sql:1: no '-- down_revision:' line", "'-- down_revision: none'");
    }

    /** The reported case: "-- migrate: down" was a comment, so migrate created typo_t and dropped it again. */
    @Test
    void mistypedDownMarker(TestDatabase db, @TempDir Path dir) throws Exception {
        Revisions r = new Revisions(dir);
        r.writeRaw("typo.sql", "-- revision: typo1\n-- down_revision: none\n\n-- migrate:up\nCREATE TABLE typo_t (id int);"
                + "\n\n-- migrate: down\nDROP TABLE typo_t;\n");
        assertRefusedUntouched(db, r, "typo.sql:7: '-- migrate: down' looks like a section marker",
                "write exactly '-- migrate:down'");
    }

    @Test
    void unterminatedQuoteInADownSection(TestDatabase db, @TempDir Path dir) throws Exception {
        Revisions r = new Revisions(dir);
        r.write("a.sql", "d1", null, "SELECT 1;", "SELECT 'oops;");
        r.write("b.sql", "d2", "d1", "SELECT 2;", "/* never closed");
        assertRefusedUntouched(db, r, "a.sql:8: unterminated quoted string", "b.sql:8: unterminated block comment");
    }

    @Test
    void unterminatedQuote(TestDatabase db, @TempDir Path dir) throws Exception {
        Revisions r = new Revisions(dir);
        r.writeRaw("quote.sql", "-- revision: q1\n-- down_revision: none\n\nSELECT 1;\nINSERT INTO t VALUES ('oops);\nSELECT 2;\n");
        r.writeRaw("dollar.sql", "-- revision: q2\n-- down_revision: q1\n\nCREATE FUNCTION f() RETURNS int AS $body$\nSELECT 1;\n");
        r.writeRaw("comment.sql", "-- revision: q3\n-- down_revision: q2\n/* open\n/* nested */\nSELECT 1;\n");
        assertRefusedUntouched(db, r, "quote.sql:5", "dollar.sql:4", "comment.sql:3");
    }

    @Test
    void malformedBatchDirectives(TestDatabase db, @TempDir Path dir) throws Exception {
        Revisions r = new Revisions(dir);
        r.write("a.sql", "ba", null, "-- batch: table=t key=id size=lots\n"
                + "UPDATE t SET v = 1 WHERE id >= ${batch_start} AND id < ${batch_end};", null);
        r.write("b.sql", "bb", "ba", "-- batch: table=t key=id size=10\nCREATE TABLE x (id int);", null);
        r.write("c.sql", "bc", "bb", "-- batch: table=t key=id size=10\nUPDATE t SET v = 1 WHERE id >= ${batch_start};",
                null);
        r.write("d.sql", "bd", "bc", "SELECT 1;\nDELETE FROM t WHERE id < ${batch_end};", null);
        r.write("e.sql", "be", "bd", "SELECT 1;", "-- batch: table=t size=10 colour=red\n"
                + "UPDATE t SET v = NULL WHERE id >= ${batch_start} AND id < ${batch_end};");
        assertRefusedUntouched(db, r,
                "a.sql:7: the batch directive's size 'lots' is not a positive whole number of keys per batch",
                "b.sql:7: a batch directive goes before an UPDATE, DELETE or INSERT ... SELECT",
                "c.sql:7: a batched statement must use both ${batch_start} and ${batch_end} for its key range, e.g."
                        + " WHERE id >= ${batch_start} AND id < ${batch_end} (${batch_end} missing)",
                "d.sql:7: this statement uses ${batch_end} without a batch directive",
                "e.sql:9: the batch directive has 'colour=red', which is not table=, key=, size= or pause=");
    }
}
