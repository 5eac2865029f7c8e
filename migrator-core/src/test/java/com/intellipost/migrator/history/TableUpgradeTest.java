package com.intellipost.migrator.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.Migrator;
import com.intellipost.migrator.command.InfoResult;
import com.intellipost.migrator.command.RevisionState;
import com.intellipost.migrator.testing.PostgresExtension;
import com.intellipost.migrator.testing.Revisions;
import com.intellipost.migrator.testing.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables created by the previous version (no {@code in_progress}, {@code detail} or {@code backup} column) are read
 * as they are by the commands that only read, and brought up to date by the first command that writes, their rows
 * kept.
 */
@ExtendWith(PostgresExtension.class)
class TableUpgradeTest {

    /** The DDL of the previous version, verbatim. */
    private static final String OLD_HISTORY = "CREATE TABLE old_tables.intellipost_schema_history ("
            + "revision varchar(64) PRIMARY KEY, down_revisions text NOT NULL DEFAULT '', message text NOT NULL"
            + " DEFAULT '', script text NOT NULL, checksum char(64), transactional boolean NOT NULL, applied_by text"
            + " NOT NULL DEFAULT current_user, applied_at timestamptz NOT NULL DEFAULT clock_timestamp(), execution_ms"
            + " bigint NOT NULL, success boolean NOT NULL)";
    private static final String OLD_AUDIT = "CREATE TABLE old_tables.intellipost_schema_audit ("
            + "id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, action text NOT NULL, revision varchar(64), outcome"
            + " text NOT NULL, database_user text NOT NULL DEFAULT current_user, client_host text DEFAULT"
            + " coalesce(host(inet_client_addr()), 'local'), environment text NOT NULL, started_at timestamptz NOT NULL,"
            + " duration_ms bigint NOT NULL, error text)";

    @Test
    void tablesOfThePreviousVersionAreReadAsTheyAreAndUpgradedByTheFirstWrite(TestDatabase db, @TempDir Path dir)
            throws Exception {
        Revisions r = new Revisions(dir);
        r.write("1.sql", "up1", null, "CREATE TABLE upgraded_one (id int);", "DROP TABLE upgraded_one;");
        r.write("2.sql", "up2", "up1", "CREATE TABLE upgraded_two (id int);", "DROP TABLE upgraded_two;");
        Migrator migrator = r.migrator(db).set("schema", "old_tables").load();
        // up1 applied by the previous version: its history row, its audit row, its table
        migrator.migrate("up1");
        String checksum = (String) db.queryValue("SELECT checksum FROM old_tables.intellipost_schema_history");
        db.execute("DROP SCHEMA old_tables CASCADE");
        db.execute("CREATE SCHEMA old_tables");
        db.execute(OLD_HISTORY);
        db.execute(OLD_AUDIT);
        db.execute("INSERT INTO old_tables.intellipost_schema_history (revision, message, script, checksum,"
                + " transactional, execution_ms, success) VALUES ('up1', 'up1 message', '1.sql', '" + checksum
                + "', true, 3, true)");
        db.execute("INSERT INTO old_tables.intellipost_schema_audit (action, revision, outcome, environment,"
                + " started_at, duration_ms, error) VALUES ('repair', 'up1', 'success', 'development', now(), 0,"
                + " 'checksum realigned to 1.sql')");

        InfoResult info = migrator.info(); // reads only: the table stays as it is
        assertEquals(List.of(RevisionState.APPLIED, RevisionState.PENDING),
                info.revisions().stream().map(i -> i.state()).toList());
        assertEquals(0L, db.count("SELECT 1 FROM information_schema.columns WHERE table_schema = 'old_tables'"
                + " AND column_name IN ('in_progress', 'detail', 'backup')"));

        assertEquals(1, migrator.migrate().applied().size());
        assertEquals(List.of("intellipost_schema_audit.backup", "intellipost_schema_audit.detail",
                "intellipost_schema_history.in_progress"), columns(db));
        assertEquals(2L, db.count("SELECT 1 FROM old_tables.intellipost_schema_history WHERE success"
                + " AND in_progress IS NULL"));
        assertEquals("checksum realigned to 1.sql", db.queryValue("SELECT error FROM"
                + " old_tables.intellipost_schema_audit WHERE action = 'repair'"), "old rows are kept as they were");
        assertEquals(1L, db.count("SELECT 1 FROM old_tables.intellipost_schema_audit WHERE action = 'upgrade'"
                + " AND revision = 'up2' AND detail IS NULL AND backup IS NULL"));
        assertTrue(migrator.migrate().applied().isEmpty());
        migrator.validate();
    }

    private static List<String> columns(TestDatabase db) throws Exception {
        Object agg = db.queryValue("SELECT string_agg(table_name || '.' || column_name, ',' ORDER BY table_name, column_name)"
                + " FROM information_schema.columns WHERE table_schema = 'old_tables'"
                + " AND column_name IN ('in_progress', 'detail', 'backup')");
        return List.of(((String) agg).split(","));
    }
}
