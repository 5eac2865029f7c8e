package com.intellipost.migrator.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.Migrator;
import com.intellipost.migrator.execute.MigrationFailedException;
import com.intellipost.migrator.testing.PasswordServer;
import com.intellipost.migrator.testing.Revisions;
import com.intellipost.migrator.testing.TestDatabase;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN 2.8 and 2.10: every column of {@code intellipost_schema_audit} (action, revision, outcome, database user,
 * client host, environment, start time, duration, error) for a success, a failure and a downgrade, run as a role
 * with a password on a server that checks passwords ({@link PasswordServer}), over TCP from 127.0.0.1; and the
 * password reaches neither table, although the failing statement puts it in PostgreSQL's error message.
 */
class AuditTrailTest {

    @Test
    void everyAuditColumnIsRecordedAndThePasswordIsNowhere(@TempDir Path dir) throws Exception {
        PasswordServer passwords = PasswordServer.get();
        TestDatabase db = passwords.createDatabase("AuditTrailTest");
        try {
            String password = db.password();
            assertTrue(password != null && password.length() >= 8, "the role has a password");
            URI uri = URI.create(db.jdbcUrl().substring("jdbc:".length()));
            String url = "jdbc:postgresql://127.0.0.1:" + (uri.getPort() < 0 ? 5432 : uri.getPort()) + uri.getPath();

            Revisions r = new Revisions(dir);
            r.write("1.sql", "au1", null, "CREATE TABLE audited (id int);", "DROP TABLE audited;");
            // PostgreSQL quotes the literal in its error: invalid input syntax for type integer: "<password>"
            r.write("2.sql", "au2", "au1", "SELECT '" + password + "'::int;", "SELECT 1;");
            Migrator migrator = Migrator.configure().isolated().url(url).user(db.user()).password(password)
                    .environment("staging").schema("audit_trail").locations("filesystem:" + dir)
                    .set("connectTimeout", "10s").set("lockTimeout", "5s").load();

            Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            migrator.migrate("au1");
            MigrationFailedException failure = assertThrows(MigrationFailedException.class, migrator::migrate);
            assertEquals(Optional.of("22P02"), failure.sqlState(), failure::getMessage);
            for (Throwable t = failure; t != null; t = t.getCause()) { // what the CLI and Maven print, causes too
                String text = String.valueOf(t.getMessage());
                assertFalse(text.contains(password), () -> "the password is in an exception message: " + text);
            }
            assertTrue(failure.getMessage().contains("\"***\""), failure::getMessage);
            List<String> historyAfterUpgrade = rows(db, "SELECT h::text FROM audit_trail.intellipost_schema_history h");
            List<String> au1History = rows(db, "SELECT applied_by || '|' || execution_ms FROM"
                    + " audit_trail.intellipost_schema_history WHERE revision = 'au1' AND success");
            migrator.downgrade("-1");
            Instant after = Instant.now();
            long windowMs = Duration.between(before, after).toMillis() + 1;

            List<AuditRow> audit = new ArrayList<>();
            try (Connection c = db.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT action, revision, outcome, database_user, client_host,"
                         + " environment, started_at, duration_ms, error FROM audit_trail.intellipost_schema_audit"
                         + " ORDER BY id")) {
                while (rs.next()) {
                    audit.add(new AuditRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant(), rs.getLong(8),
                            rs.getString(9)));
                }
            }
            assertEquals(List.of("upgrade au1 success", "upgrade au2 failed", "downgrade au1 success"),
                    audit.stream().map(a -> a.action + " " + a.revision + " " + a.outcome).toList());
            Instant previousStart = before;
            for (AuditRow a : audit) {
                assertEquals(db.user(), a.databaseUser, () -> "database_user of " + a);
                assertEquals("127.0.0.1", a.clientHost, () -> "client_host of " + a + " (TCP from 127.0.0.1)");
                assertEquals("staging", a.environment, () -> "environment of " + a);
                assertFalse(a.startedAt.isBefore(previousStart), () -> "started_at in order and after the test"
                        + " started (" + before + "): " + a);
                assertFalse(a.startedAt.isAfter(after), () -> "started_at before the test ended (" + after + "): " + a);
                assertTrue(a.durationMs >= 0 && a.durationMs <= windowMs, () -> "duration_ms within the test's "
                        + windowMs + " ms: " + a);
                assertFalse(a.startedAt.plusMillis(a.durationMs).isAfter(after.plusMillis(1)),
                        () -> "ended before the test did: " + a);
                previousStart = a.startedAt;
            }
            assertNull(audit.get(0).error, "a success has no error text");
            assertNull(audit.get(2).error, "a success has no error text");
            String error = audit.get(1).error;
            assertTrue(error != null && error.contains("2.sql:6: ERROR: invalid input syntax for type integer:"
                    + " \"***\"") && error.contains("[SQLSTATE 22P02]"), () -> "the failure's error text: " + error);

            // The history row of au1, read before it was reverted: the same user and duration as its audit row.
            assertEquals(1, historyAfterUpgrade.size(), historyAfterUpgrade::toString);
            assertEquals(List.of(db.user() + "|" + audit.get(0).durationMs), au1History,
                    "applied_by and execution_ms of au1's history row");

            // The password is in no column of any row of either table.
            for (String row : historyAfterUpgrade) {
                assertFalse(row.contains(password), () -> "the password is in the history: " + row);
            }
            for (String row : rows(db, "SELECT a::text FROM audit_trail.intellipost_schema_audit a")) {
                assertFalse(row.contains(password), () -> "the password is in the audit table: " + row);
            }
            assertEquals(0L, db.count("SELECT 1 FROM audit_trail.intellipost_schema_audit a WHERE strpos(a::text, '"
                    + password + "') > 0"));
        } finally {
            passwords.dropDatabase(db);
        }
    }

    private record AuditRow(String action, String revision, String outcome, String databaseUser, String clientHost,
                            String environment, Instant startedAt, long durationMs, String error) {
    }

    private static List<String> rows(TestDatabase db, String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
