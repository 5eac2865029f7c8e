package com.intellipost.migrator.history;

import com.intellipost.migrator.MigratorException;
import com.intellipost.migrator.config.Configuration;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The history and audit tables. Reading the history is one query; recording an applied revision together with its
 * audit row is one round trip, in the caller's transaction. The SQL of what the runner writes is built here once,
 * with {@code ?} parameters for the runner and with literals for a plan.
 */
public final class SchemaHistory {

    /** The history columns {@link #record} writes, in the order of {@link #recordSql}'s values. */
    public static final List<String> RECORD_COLUMNS = List.of("revision", "down_revisions", "message", "script",
            "checksum", "transactional", "execution_ms", "success");
    /** The audit columns every audit row gets, in the order of the audit values. */
    public static final List<String> AUDIT_COLUMNS = List.of("action", "revision", "outcome", "environment",
            "started_at", "duration_ms", "error", "detail", "backup");

    /** Columns added after the first version; {@link #createIfMissing} adds them to older tables. */
    private static final List<String> ADDED_HISTORY_COLUMNS = List.of("in_progress", "batch_resume");
    private static final List<String> ADDED_AUDIT_COLUMNS = List.of("detail", "backup");

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
        // Both tables, with the columns later versions added: one query, and nothing to do on every later run.
        try (PreparedStatement ps = c.prepareStatement("SELECT " + tablesReadySql("?", "?"))) {
            ps.setString(1, history);
            ps.setString(2, audit);
            ps.setString(3, history);
            ps.setString(4, audit);
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
                ps.setString(1, quotedSchema());
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
            for (String upgrade : upgradeTablesSql()) {
                s.execute(upgrade);
            }
        }
    }

    /**
     * The boolean SQL expression {@link #createIfMissing} checks first: both tables exist, with every column later
     * versions added. {@code historyName} and {@code auditName} are SQL expressions for the tables' qualified names
     * ({@code ?} here, literals in a plan); each is used twice, history first.
     */
    public String tablesReadySql(String historyName, String auditName) {
        return "to_regclass(" + historyName + ") IS NOT NULL AND to_regclass(" + auditName + ") IS NOT NULL"
                + " AND (SELECT count(*) FROM pg_attribute WHERE NOT attisdropped AND ((attrelid = to_regclass("
                + historyName + ") AND attname IN (" + names(ADDED_HISTORY_COLUMNS) + ")) OR (attrelid = to_regclass("
                + auditName + ") AND attname IN (" + names(ADDED_AUDIT_COLUMNS) + ")))) = "
                + (ADDED_HISTORY_COLUMNS.size() + ADDED_AUDIT_COLUMNS.size());
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
                        + "success boolean NOT NULL, "
                        + "in_progress text, "
                        + "batch_resume text)",
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
                        + "error text, "
                        + "detail text, "
                        + "backup text)");
    }

    /**
     * Brings tables created by an earlier version up to date (they are created with these columns now). Each runs
     * once per database: {@link #createIfMissing} checks the columns first. Old rows read as not in progress,
     * without detail or backup.
     */
    public List<String> upgradeTablesSql() {
        return List.of("ALTER TABLE " + history + " ADD COLUMN IF NOT EXISTS in_progress text,"
                        + " ADD COLUMN IF NOT EXISTS batch_resume text",
                "ALTER TABLE " + audit + " ADD COLUMN IF NOT EXISTS detail text, ADD COLUMN IF NOT EXISTS backup text");
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

    /**
     * Every row, keyed by revision, in the order applied: one query. {@code SELECT *}, so that a table an earlier
     * version created (without {@code in_progress}) is read as well: read-only commands do not upgrade it.
     */
    public Map<String, AppliedRevision> read(Connection c) throws SQLException {
        Map<String, AppliedRevision> rows = new LinkedHashMap<>();
        String sql = "SELECT * FROM " + history + " ORDER BY applied_at, revision";
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery(sql)) {
                boolean hasInProgress = hasColumn(rs, "in_progress");
                boolean hasResume = hasColumn(rs, "batch_resume");
                while (rs.next()) {
                    String parents = rs.getString("down_revisions");
                    rows.put(rs.getString("revision"), new AppliedRevision(rs.getString("revision"),
                            parents.isEmpty() ? List.of() : Arrays.asList(parents.split(",")),
                            rs.getString("message"), rs.getString("script"), rs.getString("checksum"),
                            rs.getBoolean("transactional"), rs.getString("applied_by"),
                            rs.getTimestamp("applied_at").toInstant(), rs.getLong("execution_ms"),
                            rs.getBoolean("success"),
                            Optional.ofNullable(hasInProgress ? rs.getString("in_progress") : null),
                            ResumePoint.parse(hasResume ? rs.getString("batch_resume") : null)));
                }
            }
        }
        return rows;
    }

    private static boolean hasColumn(ResultSet rs, String column) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            if (meta.getColumnName(i).equals(column)) {
                return true;
            }
        }
        return false;
    }

    /** Inserts (or, for a failed or in-progress row, replaces) a history row and appends its audit row. */
    public void record(Connection c, RevisionRecord row, AuditEntry entry) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(recordSql(parameters(RECORD_COLUMNS), parameters(AUDIT_COLUMNS)))) {
            bindRow(ps, row);
            bindAudit(ps, RECORD_COLUMNS.size() + 1, entry);
            ps.executeUpdate();
        }
    }

    /** The eight values of a history row, in the order of {@link #RECORD_COLUMNS}. */
    private static void bindRow(PreparedStatement ps, RevisionRecord row) throws SQLException {
        ps.setString(1, row.revision());
        ps.setString(2, String.join(",", row.downRevisions()));
        ps.setString(3, row.message());
        ps.setString(4, row.script());
        ps.setString(5, row.checksum());
        ps.setBoolean(6, row.transactional());
        ps.setLong(7, row.executionMs());
        ps.setBoolean(8, row.success());
    }

    /**
     * Marks a revision in progress before the first statement of its non-transactional section runs (committed at
     * once: the caller is in autocommit). An upgrade inserts its row, a downgrade marks the applied one; either way
     * the row is {@code success = false}, so the history's fingerprint no longer says "up to date" and the next run
     * takes the lock and finds it. {@link #record} and {@link #delete} end it; a killed run leaves it.
     */
    public void markInProgress(Connection c, RevisionRecord row, String action) throws SQLException {
        if (row.success()) {
            throw new IllegalArgumentException("a row in progress is not successful: " + row);
        }
        try (PreparedStatement ps = c.prepareStatement(markInProgressSql(parameters(RECORD_COLUMNS), "?"))) {
            bindRow(ps, row);
            ps.setString(RECORD_COLUMNS.size() + 1, action);
            ps.executeUpdate();
        }
    }

    /**
     * Saves where a batched statement of a revision in progress goes on: called in each batch's transaction, so that
     * a batch and its resume point commit together (a killed run's next run applies no batch twice).
     */
    public void saveBatchPoint(Connection c, String revision, String point) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + history + " SET batch_resume = ? WHERE revision = ?"
                + " AND in_progress IS NOT NULL")) {
            ps.setString(1, point);
            ps.setString(2, revision);
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

    /**
     * Ends an interrupted downgrade's in-progress row without removing it (repair): the revision stays applied, as
     * it was before that downgrade started, and its resume point is dropped.
     */
    public void endInProgressKeepingApplied(Connection c, String revision, AuditEntry entry) throws SQLException {
        String sql = "WITH h AS (" + keepDowngradedRowApplied() + ") " + auditInsertSql(parameters(AUDIT_COLUMNS));
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, revision);
            bindAudit(ps, 2, entry);
            ps.executeUpdate();
        }
    }

    /**
     * Takes back a {@link #markInProgress} when nothing of the section ran: an upgrade's row goes, a downgrade's row
     * is applied again. No audit row: the caller audits the failure.
     */
    public void undoMarkInProgress(Connection c, String revision, String action) throws SQLException {
        String sql = "upgrade".equals(action)
                ? "DELETE FROM " + history + " WHERE revision = ? AND in_progress = 'upgrade'"
                : keepDowngradedRowApplied();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, revision);
            ps.executeUpdate();
        }
    }

    /** An interrupted downgrade's row back to applied (only such a row: the guard keeps a failed one as it is). */
    private String keepDowngradedRowApplied() {
        return "UPDATE " + history + " SET success = true, in_progress = NULL, batch_resume = NULL"
                + " WHERE revision = ? AND in_progress = 'downgrade'";
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
     * The statement {@link #record} runs: the history row, inserted or replacing a failed or in-progress one, and its
     * audit row. Values are SQL expressions in the order of {@link #RECORD_COLUMNS} and {@link #AUDIT_COLUMNS}:
     * {@code ?} here, literals in a plan.
     */
    public String recordSql(List<String> row, List<String> auditValues) {
        // Line breaks for the reader of a plan; the server does not mind them.
        return "WITH h AS (INSERT INTO " + history + " (" + String.join(", ", RECORD_COLUMNS) + ")\n"
                + "    VALUES (" + values(RECORD_COLUMNS, row) + ")\n"
                + "    ON CONFLICT (revision) DO UPDATE SET down_revisions = EXCLUDED.down_revisions,"
                + " message = EXCLUDED.message, script = EXCLUDED.script, checksum = EXCLUDED.checksum,"
                + " transactional = EXCLUDED.transactional, execution_ms = EXCLUDED.execution_ms,"
                + " success = EXCLUDED.success, in_progress = NULL, batch_resume = NULL,"
                + " applied_by = current_user,"
                + " applied_at = clock_timestamp())\n"
                + auditInsertSql(auditValues);
    }

    /**
     * The statement {@link #markInProgress} runs; the row's values as in {@link #recordSql}, then the action
     * ({@code upgrade} or {@code downgrade}) as an SQL expression.
     */
    public String markInProgressSql(List<String> row, String action) {
        return "INSERT INTO " + history + " (" + String.join(", ", RECORD_COLUMNS) + ", in_progress)\n"
                + "    VALUES (" + values(RECORD_COLUMNS, row) + ", " + action + ")\n"
                + "    ON CONFLICT (revision) DO UPDATE SET success = false, in_progress = EXCLUDED.in_progress";
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

    /** Column names as SQL literals; ours need no escaping. */
    private static String names(List<String> columns) {
        return columns.stream().map(c -> "'" + c + "'").collect(Collectors.joining(", "));
    }

    private void bindAudit(PreparedStatement ps, int first, AuditEntry e) throws SQLException {
        ps.setString(first, e.action());
        ps.setString(first + 1, e.revision());
        ps.setString(first + 2, e.outcome());
        ps.setString(first + 3, configuration.environment().id());
        ps.setTimestamp(first + 4, Timestamp.from(e.startedAt()));
        ps.setLong(first + 5, e.durationMs());
        ps.setString(first + 6, configuration.redact(e.error()));
        ps.setString(first + 7, configuration.redact(e.detail()));
        ps.setString(first + 8, e.backup());
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
