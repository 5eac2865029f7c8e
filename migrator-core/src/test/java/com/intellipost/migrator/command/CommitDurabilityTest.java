package com.intellipost.migrator.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.intellipost.migrator.testing.PostgresExtension;
import com.intellipost.migrator.testing.Revisions;
import com.intellipost.migrator.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transactional revisions commit without waiting for the WAL flush (the run ends with one that does); a
 * non-transactional revision waits for every commit, so a CONCURRENTLY build is never separated from its history row.
 */
@ExtendWith(PostgresExtension.class)
class CommitDurabilityTest {

    @Test
    void onlyNonTransactionalRevisionsCommitSynchronously(TestDatabase db, @TempDir Path dir) throws Exception {
        Revisions r = new Revisions(dir);
        String log = "INSERT INTO sync_log VALUES ('%s', current_setting('synchronous_commit'));";
        r.write("001.sql", "s1", null, "CREATE TABLE sync_log (step text, setting text);\n" + log.formatted("first"),
                "DROP TABLE sync_log;");
        r.write("002.sql", "s2", "s1", "CREATE INDEX CONCURRENTLY sync_log_step ON sync_log (step);\n"
                + log.formatted("concurrently"), "DROP INDEX CONCURRENTLY sync_log_step;");
        r.write("003.sql", "s3", "s2", log.formatted("after"), "DELETE FROM sync_log WHERE step = 'after';");

        assertEquals(3, r.migrator(db).load().migrate().applied().size());

        assertEquals("off", db.queryValue("SELECT setting FROM sync_log WHERE step = 'first'"));
        assertEquals("on", db.queryValue("SELECT setting FROM sync_log WHERE step = 'concurrently'"));
        assertEquals("off", db.queryValue("SELECT setting FROM sync_log WHERE step = 'after'"));
        assertEquals(3L, db.count("SELECT 1 FROM intellipost_schema_history WHERE success"));
    }
}
