package com.intellipost.migrator.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.Migrator;
import com.intellipost.migrator.testing.PostgresExtension;
import com.intellipost.migrator.testing.Revisions;
import com.intellipost.migrator.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code repair} realigns the checksum of an edited script, audited, and changes nothing on a clean database. */
@ExtendWith(PostgresExtension.class)
class RepairTest {

    @Test
    void repairRealignsTheChecksumOfAnEditedScript(TestDatabase db, @TempDir Path dir) throws Exception {
        Revisions r = new Revisions(dir);
        r.write("001_r1.sql", "rp1", null, "CREATE TABLE rp_t (id int);", "DROP TABLE rp_t;");
        Path edited = r.write("002_r2.sql", "rp2", "rp1", "INSERT INTO rp_t VALUES (1);", "DELETE FROM rp_t;");
        migrator(r, db, "realign").migrate();
        String before = checksum(db, "realign", "rp2");
        String untouched = checksum(db, "realign", "rp1");
        assertEquals(expectedChecksum(edited), before, "history holds the checksum of header plus up section");

        // The edit is deliberate and the database is brought in line with it by hand.
        edited = r.write("002_r2.sql", "rp2", "rp1", "INSERT INTO rp_t VALUES (1), (2);", "DELETE FROM rp_t;");
        db.execute("INSERT INTO rp_t VALUES (2)");
        String after = expectedChecksum(edited);
        assertNotEquals(before, after, "the edit changes the checksum");

        ValidationException validate = assertThrows(ValidationException.class,
                () -> migrator(r, db, "realign").validate());
        assertTrue(validate.getMessage().contains("rp2") && validate.getMessage().contains("002_r2.sql"),
                validate.getMessage());
        assertTrue(!validate.getMessage().contains("rp1"), () -> "only the edited revision is named: "
                + validate.getMessage());
        ValidationException migrate = assertThrows(ValidationException.class,
                () -> migrator(r, db, "realign").migrate());
        assertTrue(migrate.getMessage().contains("rp2"), migrate.getMessage());
        long auditBefore = db.count("SELECT 1 FROM realign.intellipost_schema_audit");

        RepairResult repair = migrator(r, db, "realign").repair();
        assertEquals(new RepairResult(List.of(), List.of("rp2"), List.of(), List.of()), repair);

        assertEquals(after, checksum(db, "realign", "rp2"), "the history now holds the new checksum");
        assertEquals(untouched, checksum(db, "realign", "rp1"), "the other revision's checksum is unchanged");
        assertEquals(auditBefore + 1, db.count("SELECT 1 FROM realign.intellipost_schema_audit"),
                "repair appended exactly one audit row");
        List<List<String>> repairRows = rows(db, "SELECT revision, outcome, detail, error FROM"
                + " realign.intellipost_schema_audit WHERE action = 'repair'");
        assertEquals(1, repairRows.size(), () -> "repair audit rows: " + repairRows);
        assertEquals("rp2", repairRows.get(0).get(0));
        assertEquals("success", repairRows.get(0).get(1));
        assertTrue(repairRows.get(0).get(2) != null && repairRows.get(0).get(2).contains("002_r2.sql"),
                () -> "the audit row's detail says which script the checksum now matches: " + repairRows);
        assertNull(repairRows.get(0).get(3), () -> "a repair that worked has no error: " + repairRows);
        assertEquals(2L, db.count("SELECT 1 FROM realign.intellipost_schema_history WHERE success"),
                "repair removed no history row");

        InfoResult info = migrator(r, db, "realign").validate();
        assertTrue(info.revisions().stream().allMatch(i -> i.state() == RevisionState.APPLIED), info::toString);
        assertTrue(migrator(r, db, "realign").migrate().applied().isEmpty(), "nothing to run after repair");
        assertEquals(2L, db.count("SELECT 1 FROM rp_t"), "the edited script was not run again");
    }

    @Test
    void repairOnACleanDatabaseChangesNothing(TestDatabase db, @TempDir Path dir) throws Exception {
        Revisions r = new Revisions(dir);
        r.write("001_c1.sql", "cl1", null, "CREATE TABLE rp_clean (id int);", "DROP TABLE rp_clean;");
        r.write("002_c2.sql", "cl2", "cl1", "INSERT INTO rp_clean VALUES (1);", "DELETE FROM rp_clean;");
        migrator(r, db, "clean_repair").migrate();
        String historySql = "SELECT revision, checksum, success::text, applied_at::text, execution_ms::text"
                + " FROM clean_repair.intellipost_schema_history ORDER BY revision";
        String auditSql = "SELECT id::text, action, revision, outcome FROM clean_repair.intellipost_schema_audit"
                + " ORDER BY id";
        List<List<String>> historyBefore = rows(db, historySql);
        List<List<String>> auditBefore = rows(db, auditSql);

        RepairResult repair = migrator(r, db, "clean_repair").repair();

        assertEquals(new RepairResult(List.of(), List.of(), List.of(), List.of()), repair);
        assertEquals(historyBefore, rows(db, historySql), "history unchanged");
        assertEquals(auditBefore, rows(db, auditSql), "no audit row for a repair that found nothing to do");
        assertEquals(0L, db.count("SELECT 1 FROM clean_repair.intellipost_schema_audit WHERE action = 'repair'"));
        migrator(r, db, "clean_repair").validate();
    }

    private static Migrator migrator(Revisions r, TestDatabase db, String schema) {
        return r.migrator(db).set("schema", schema).load();
    }

    /** SHA-256 of the header and up section as written (LF endings): the documented checksum. */
    private static String expectedChecksum(Path file) throws Exception {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        String upPart = text.substring(0, text.indexOf("-- migrate:down"));
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(upPart.getBytes(StandardCharsets.UTF_8)));
    }

    private static String checksum(TestDatabase db, String schema, String revision) throws Exception {
        return (String) db.queryValue("SELECT checksum FROM " + schema + ".intellipost_schema_history"
                + " WHERE revision = '" + revision + "'");
    }

    private static List<List<String>> rows(TestDatabase db, String sql) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
