package com.intellipost.migrator.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.config.Configuration;
import com.intellipost.migrator.lock.LockTimeoutException;
import com.intellipost.migrator.lock.MigrationLock;
import com.intellipost.migrator.testing.PostgresExtension;
import com.intellipost.migrator.testing.Revisions;
import com.intellipost.migrator.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica that starts on an up-to-date database decides from the history's fingerprint alone, without the lock:
 * it returns at once even while another migrator holds the lock. Anything to do (here, a new revision) needs the lock.
 */
@ExtendWith(PostgresExtension.class)
class UpToDateStartTest {

    @Test
    void upToDateDatabaseNeedsNoLockButAPendingRevisionDoes(TestDatabase db, @TempDir Path dir) throws Exception {
        Revisions r = new Revisions(dir);
        r.write("001.sql", "f1", null, "CREATE TABLE f_t (id int);", "DROP TABLE f_t;");
        r.write("002.sql", "f2", "f1", "ALTER TABLE f_t ADD COLUMN name text;", "ALTER TABLE f_t DROP COLUMN name;");
        assertEquals(2, r.migrator(db).load().migrate().applied().size());

        try (Connection holder = db.connect();
             PreparedStatement lock = holder.prepareStatement("SELECT pg_advisory_lock(?)")) {
            lock.setLong(1, MigrationLock.keyFor("public", Configuration.HISTORY_TABLE));
            lock.execute();

            long start = System.nanoTime();
            MigrateResult again = r.migrator(db).set("lockWaitTimeout", "3s").load().migrate();
            assertTrue(again.applied().isEmpty());
            assertEquals(java.util.List.of("f2"), again.currentRevisions());
            assertTrue(System.nanoTime() - start < 2_000_000_000L, "an up-to-date start must not wait for the lock");

            r.write("003.sql", "f3", "f2", "CREATE INDEX f_t_name ON f_t (name);", "DROP INDEX f_t_name;");
            LockTimeoutException waited = assertThrows(LockTimeoutException.class,
                    () -> r.migrator(db).set("lockWaitTimeout", "1s").load().migrate());
            assertTrue(waited.getMessage().contains("pid"), waited.getMessage());
        }
        assertEquals(1, r.migrator(db).load().migrate().applied().size());
    }
}
