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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The history and audit tables. Reading the history is one query; recording an applied revision together with its
 * audit row is one round trip, in the caller's transaction.
 */
public final class SchemaHistory {

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
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL AND to_regclass(?) IS NOT NULL"
                + " AND (SELECT count(*) FROM pg_attribute WHERE NOT attisdropped AND ((attrelid = to_regclass(?)"
                + " AND attname = ANY (?)) OR (attrelid = to_regclass(?) AND attname = ANY (?)))) = ?")) {
            ps.setString(1, history);
            ps.setString(2, audit);
            ps.setString(3, history);
            ps.setArray(4, c.createArrayOf("text", ADDED_HISTORY_COLUMNS.toArray()));
            ps.setString(5, audit);
            ps.setArray(6, c.createArrayOf("text", ADDED_AUDIT_COLUMNS.toArray()));
            ps.setInt(7, ADDED_HISTORY_COLUMNS.size() + ADDED_AUDIT_COLUMNS.size());
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
                        s.execute("CREATE SCHEMA IF NOT EXISTS " + Configuration.quote(configuration.schema()));
                    }
                }
            }
            s.execute("CREATE TABLE IF NOT EXISTS " + history + " ("
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
                    + "batch_resume text)");
            s.execute("CREATE TABLE IF NOT EXISTS " + audit + " ("
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
            for (String upgrade : upgradeTablesSql()) {
                s.execute(upgrade);
            }
        }
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
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(HistoryFingerprint.SQL + history)) {
            rs.next();
            return rs.getString(1);
        }
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
                while (rs.next()) {
                    String parents = rs.getString("down_revisions");
                    rows.put(rs.getString("revision"), new AppliedRevision(rs.getString("revision"),
                            parents.isEmpty() ? List.of() : Arrays.asList(parents.split(",")),
                            rs.getString("message"), rs.getString("script"), rs.getString("checksum"),
                            rs.getBoolean("transactional"), rs.getString("applied_by"),
                            rs.getTimestamp("applied_at").toInstant(), rs.getLong("execution_ms"),
                            rs.getBoolean("success"),
                            Optional.ofNullable(hasInProgress ? rs.getString("in_progress") : null)));
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

    /** Inserts (or, for a failed row being retried, replaces) a history row and appends its audit row. */
    public void record(Connection c, RevisionRecord row, AuditEntry entry) throws SQLException {
        String sql = "WITH h AS (INSERT INTO " + history + " (revision, down_revisions, message, script, checksum,"
                + " transactional, execution_ms, success) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (revision) DO UPDATE SET down_revisions = EXCLUDED.down_revisions,"
                + " message = EXCLUDED.message, script = EXCLUDED.script, checksum = EXCLUDED.checksum,"
                + " transactional = EXCLUDED.transactional, execution_ms = EXCLUDED.execution_ms,"
                + " success = EXCLUDED.success, in_progress = NULL, batch_resume = NULL,"
                + " applied_by = current_user,"
                + " applied_at = clock_timestamp())"
                + " " + auditInsert();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bindRow(ps, row);
            bindAudit(ps, 9, entry);
            ps.executeUpdate();
        }
    }

    /** The eight values of a history row, in the order of the INSERTs above and below. */
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
        String sql = "INSERT INTO " + history + " (revision, down_revisions, message, script, checksum,"
                + " transactional, execution_ms, success, in_progress) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (revision) DO UPDATE SET success = false, in_progress = EXCLUDED.in_progress";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bindRow(ps, row);
            ps.setString(9, action);
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

    /**
     * The resume points of upgrades in progress, by revision, each with the checksum its row recorded: one query,
     * run only when some row is in progress. Empty for a table without the column (no run of this version wrote one).
     */
    public Map<String, BatchPoint> batchPoints(Connection c) throws SQLException {
        Map<String, BatchPoint> points = new LinkedHashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + history
                + " WHERE in_progress = 'upgrade'")) {
            if (!hasColumn(rs, "batch_resume")) {
                return points;
            }
            while (rs.next()) {
                String point = rs.getString("batch_resume");
                if (point != null) {
                    points.put(rs.getString("revision"), new BatchPoint(rs.getString("checksum"), point));
                }
            }
        }
        return points;
    }

    /** A saved resume point ({@link #saveBatchPoint}) and the checksum of the script that saved it. */
    public record BatchPoint(String checksum, String point) {
    }

    /** Deletes a history row (downgrade, repair of a failed row) and appends the audit row, in one round trip. */
    public void delete(Connection c, String revision, AuditEntry entry) throws SQLException {
        String sql = "WITH h AS (DELETE FROM " + history + " WHERE revision = ?) " + auditInsert();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, revision);
            bindAudit(ps, 2, entry);
            ps.executeUpdate();
        }
    }

    /** Realigns the stored checksum with the script's current one (repair). */
    public void updateChecksum(Connection c, String revision, String checksum, AuditEntry entry) throws SQLException {
        String sql = "WITH h AS (UPDATE " + history + " SET checksum = ? WHERE revision = ?) " + auditInsert();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, checksum);
            ps.setString(2, revision);
            bindAudit(ps, 3, entry);
            ps.executeUpdate();
        }
    }

    /** Appends an audit row on its own. */
    public void audit(Connection c, AuditEntry entry) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(auditInsert())) {
            bindAudit(ps, 1, entry);
            ps.executeUpdate();
        }
    }

    private String auditInsert() {
        return "INSERT INTO " + audit + " (action, revision, outcome, environment, started_at, duration_ms, error,"
                + " detail, backup) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
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
