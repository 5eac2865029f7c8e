package com.intellipost.migrator.history;

import com.intellipost.migrator.MigratorException;
import com.intellipost.migrator.config.Configuration;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The history and audit tables. Reading the history is one query; recording an applied revision together with its
 * audit row is one round trip, in the caller's transaction.
 */
public final class SchemaHistory {

    /** The history columns {@link #record} writes, in the order of {@link #recordSql}'s values. */
    public static final List<String> RECORD_COLUMNS = List.of("revision", "down_revisions", "message", "script",
            "checksum", "transactional", "execution_ms", "success");
    /** The audit columns every audit row gets, in the order of the audit values. */
    public static final List<String> AUDIT_COLUMNS = List.of("action", "revision", "outcome", "environment",
            "started_at", "duration_ms", "error");

    private final Configuration configuration;
    private final String history;
    private final String audit;

    public SchemaHistory(Configuration configuration) {
        this.configuration = configuration;
        this.history = configuration.qualifiedHistoryTable();
        this.audit = configuration.qualifiedAuditTable();
    }

    /**
     * Creates the schema and whichever of the two tables is missing (a history table may have outlived its audit
     * table). Call while holding the migration lock.
     */
    public void createIfMissing(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL AND to_regclass(?) IS NOT NULL")) {
            ps.setString(1, history);
            ps.setString(2, audit);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return;
                }
            }
        }
        try (Statement s = c.createStatement()) {
            // CREATE SCHEMA IF NOT EXISTS checks the database's CREATE privilege even when the schema exists, which
            // a migration role that only owns its schema lacks: create it only when it is really missing.
            try (PreparedStatement ps = c.prepareStatement("SELECT to_regnamespace(?) IS NULL")) {
                ps.setString(1, Configuration.quote(configuration.schema()));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        s.execute(createSchemaSql());
                    }
                }
            }
            for (String ddl : createTablesSql()) {
                s.execute(ddl);
            }
        }
    }

    /** The schema's name quoted, as {@code to_regnamespace} takes it. */
    public String quotedSchema() {
        return Configuration.quote(configuration.schema());
    }

    /** {@code CREATE SCHEMA IF NOT EXISTS ...}: run only when the schema is missing (see {@link #createIfMissing}). */
    public String createSchemaSql() {
        return "CREATE SCHEMA IF NOT EXISTS " + quotedSchema();
    }

    /** The history table's name, qualified and quoted. */
    public String historyTable() {
        return history;
    }

    /** The audit table's name, qualified and quoted. */
    public String auditTable() {
        return audit;
    }

    /** The two {@code CREATE TABLE IF NOT EXISTS} statements, history then audit: the one definition of both. */
    public List<String> createTablesSql() {
        return List.of("CREATE TABLE IF NOT EXISTS " + history + " ("
                        + "revision varchar(64) PRIMARY KEY, "
                        + "down_revisions text NOT NULL DEFAULT '', "
                        + "message text NOT NULL DEFAULT '', "
                        + "script text NOT NULL, "
                        + "checksum char(64), "
                        + "transactional boolean NOT NULL, "
                        + "applied_by text NOT NULL DEFAULT current_user, "
                        + "applied_at timestamptz NOT NULL DEFAULT clock_timestamp(), "
                        + "execution_ms bigint NOT NULL, "
                        + "success boolean NOT NULL)",
                "CREATE TABLE IF NOT EXISTS " + audit + " ("
                        + "id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
                        + "action text NOT NULL, "
                        + "revision varchar(64), "
                        + "outcome text NOT NULL, "
                        + "database_user text NOT NULL DEFAULT current_user, "
                        + "client_host text DEFAULT coalesce(host(inet_client_addr()), 'local'), "
                        + "environment text NOT NULL, "
                        + "started_at timestamptz NOT NULL, "
                        + "duration_ms bigint NOT NULL, "
                        + "error text)");
    }

    /** Whether the history table exists (read-only commands do not create it). */
    public boolean exists(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, history);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Every row, or none when the table does not exist yet (read-only commands do not create it). */
    public Map<String, AppliedRevision> readIfExists(Connection c) throws SQLException {
        return exists(c) ? read(c) : new LinkedHashMap<>();
    }

    /** The {@link HistoryFingerprint} of the table, computed by the server; that of an empty one when it is missing. */
    public String fingerprintIfExists(Connection c) throws SQLException {
        return exists(c) ? fingerprint(c) : HistoryFingerprint.EMPTY;
    }

    /** The {@link HistoryFingerprint} of the table, computed by the server: one row. */
    public String fingerprint(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(fingerprintSql())) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** The query whose one value is the table's {@link HistoryFingerprint}. */
    public String fingerprintSql() {
        return HistoryFingerprint.SQL + history;
    }

    /** Every row, keyed by revision, in the order applied: one query. */
    public Map<String, AppliedRevision> read(Connection c) throws SQLException {
        Map<String, AppliedRevision> rows = new LinkedHashMap<>();
        String sql = "SELECT revision, down_revisions, message, script, checksum, transactional, applied_by,"
                + " applied_at, execution_ms, success FROM " + history + " ORDER BY applied_at, revision";
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    String parents = rs.getString(2);
                    rows.put(rs.getString(1), new AppliedRevision(rs.getString(1),
                            parents.isEmpty() ? List.of() : Arrays.asList(parents.split(",")), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getBoolean(6), rs.getString(7),
                            rs.getTimestamp(8).toInstant(), rs.getLong(9), rs.getBoolean(10)));
                }
            }
        }
        return rows;
    }

    /** Inserts (or, for a failed row being retried, replaces) a history row and appends its audit row. */
    public void record(Connection c, RevisionRecord row, AuditEntry entry) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(recordSql(parameters(RECORD_COLUMNS), parameters(AUDIT_COLUMNS)))) {
            ps.setString(1, row.revision());
            ps.setString(2, String.join(",", row.downRevisions()));
            ps.setString(3, row.message());
            ps.setString(4, row.script());
            ps.setString(5, row.checksum());
            ps.setBoolean(6, row.transactional());
            ps.setLong(7, row.executionMs());
            ps.setBoolean(8, row.success());
            bindAudit(ps, 9, entry);
            ps.executeUpdate();
        }
    }

    /** Deletes a history row (downgrade, repair of a failed row) and appends the audit row, in one round trip. */
    public void delete(Connection c, String revision, AuditEntry entry) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(deleteSql("?", parameters(AUDIT_COLUMNS)))) {
            ps.setString(1, revision);
            bindAudit(ps, 2, entry);
            ps.executeUpdate();
        }
    }

    /** Realigns the stored checksum with the script's current one (repair). */
    public void updateChecksum(Connection c, String revision, String checksum, AuditEntry entry) throws SQLException {
        String sql = "WITH h AS (UPDATE " + history + " SET checksum = ? WHERE revision = ?) "
                + auditInsertSql(parameters(AUDIT_COLUMNS));
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, checksum);
            ps.setString(2, revision);
            bindAudit(ps, 3, entry);
            ps.executeUpdate();
        }
    }

    /** Appends an audit row on its own. */
    public void audit(Connection c, AuditEntry entry) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(auditInsertSql(parameters(AUDIT_COLUMNS)))) {
            bindAudit(ps, 1, entry);
            ps.executeUpdate();
        }
    }

    /**
     * The statement {@link #record} runs: the history row, inserted or replacing a failed one, and its audit row.
     * Values are SQL expressions in the order of {@link #RECORD_COLUMNS} and {@link #AUDIT_COLUMNS}: {@code ?} here,
     * literals in a plan.
     */
    public String recordSql(List<String> row, List<String> auditValues) {
        // Line breaks for the reader of a plan; the server does not mind them.
        return "WITH h AS (INSERT INTO " + history + " (" + String.join(", ", RECORD_COLUMNS) + ")\n"
                + "    VALUES (" + values(RECORD_COLUMNS, row) + ")\n"
                + "    ON CONFLICT (revision) DO UPDATE SET down_revisions = EXCLUDED.down_revisions,"
                + " message = EXCLUDED.message, script = EXCLUDED.script, checksum = EXCLUDED.checksum,"
                + " transactional = EXCLUDED.transactional, execution_ms = EXCLUDED.execution_ms,"
                + " success = EXCLUDED.success, applied_by = current_user, applied_at = clock_timestamp())\n"
                + auditInsertSql(auditValues);
    }

    /** The statement {@link #delete} runs; {@code revision} and the audit values are SQL expressions. */
    public String deleteSql(String revision, List<String> auditValues) {
        return "WITH h AS (DELETE FROM " + history + " WHERE revision = " + revision + ")\n" + auditInsertSql(auditValues);
    }

    private String auditInsertSql(List<String> auditValues) {
        return "INSERT INTO " + audit + " (" + String.join(", ", AUDIT_COLUMNS) + ")\n"
                + "    VALUES (" + values(AUDIT_COLUMNS, auditValues) + ")";
    }

    private static String values(List<String> columns, List<String> values) {
        if (values.size() != columns.size()) {
            throw new IllegalArgumentException(columns.size() + " values expected for " + columns + ": " + values);
        }
        return String.join(", ", values);
    }

    private static List<String> parameters(List<String> columns) {
        return Collections.nCopies(columns.size(), "?");
    }

    private void bindAudit(PreparedStatement ps, int first, AuditEntry e) throws SQLException {
        ps.setString(first, e.action());
        ps.setString(first + 1, e.revision());
        ps.setString(first + 2, e.outcome());
        ps.setString(first + 3, configuration.environment().id());
        ps.setTimestamp(first + 4, Timestamp.from(e.startedAt()));
        ps.setLong(first + 5, e.durationMs());
        ps.setString(first + 6, configuration.redact(e.error()));
    }

    /** Wraps a failure to reach the history tables in a message that names them. */
    public MigratorException failure(String action, SQLException e) {
        return new MigratorException("Cannot " + action + " " + history + ": " + configuration.redact(e.getMessage())
                + " [SQLSTATE " + e.getSQLState() + "]", e);
    }

    /** What {@link #record} writes. */
    public record RevisionRecord(String revision, List<String> downRevisions, String message, String script,
                                 String checksum, boolean transactional, long executionMs, boolean success) {
    }
}
