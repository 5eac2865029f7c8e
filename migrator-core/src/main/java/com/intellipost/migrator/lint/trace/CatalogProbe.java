package com.intellipost.migrator.lint.trace;

import com.intellipost.migrator.execute.StatementObserver;
import com.intellipost.migrator.lint.RelationLock;
import com.intellipost.migrator.lint.StatementTrace;
import com.intellipost.migrator.script.Script;
import com.intellipost.migrator.script.SqlStatement;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Asks PostgreSQL, after each statement of a traced revision and inside its transaction, what the statement did:
 * the relation locks its backend holds that it did not hold before ({@code pg_locks}), the tables whose
 * {@code pg_class.relfilenode} changed (rewritten) and the tables whose sequential scan count rose (read in full).
 *
 * <p>One query, prepared once and sent in the same round trip as each statement, on system catalogs and functions
 * only, so that the probe itself moves no counter of a user table and takes no lock on one. It reads only the
 * relations the transaction has locked: a statement cannot rewrite or scan a relation without locking it first, and
 * the lock stays until the transaction ends. What those relations were before the revision (name, file node, kind)
 * is kept here, read once from {@code pg_class} and updated after every statement; it is read again after revisions
 * that ran untraced.
 *
 * <p>Scan counts ({@code pg_stat_get_xact_numscans}) are the backend's pending statistics. On PostgreSQL 15 they
 * survive the end of a transaction until the backend flushes them (at most once a second), so a revision would see
 * its predecessor's scans: each traced revision asks, with its first statement, for a flush when it commits
 * ({@code pg_stat_force_next_flush()}), and the next one starts from zero. Before 15 that function does not exist, and each
 * revision reads the counts it starts from.
 */
final class CatalogProbe implements StatementObserver {

    /** Below this, object ids belong to the system's own catalogs. */
    private static final int FIRST_USER_OID = 16384;
    private static final String RELATIONS = "SELECT c.oid::int8, n.nspname, c.relname, c.relkind::text,"
            + " c.relfilenode::int8 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE c.oid >= " + FIRST_USER_OID + " AND n.nspname <> 'pg_toast'";
    // LEFT JOIN: a relation the statement dropped is still locked, and gone from pg_class
    private static final String LOCKS = "SELECT l.relation::int8, l.mode, n.nspname, c.relname, c.relkind::text,"
            + " c.relfilenode::int8, pg_stat_get_xact_numscans(l.relation)"
            + " FROM pg_locks l LEFT JOIN pg_class c ON c.oid = l.relation"
            + " LEFT JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation' AND l.relation >= " + FIRST_USER_OID
            + " AND (n.nspname IS NULL OR n.nspname <> 'pg_toast')";
    private static final String FLUSH = "SELECT pg_stat_force_next_flush()";
    /** The probe, prepared once per session: planned once, and sent in the same round trip as each statement. */
    private static final String PREPARED = "intellipost_trace_probe";
    private static final String SCAN_COUNTS = "SELECT c.oid::int8, pg_stat_get_xact_numscans(c.oid) FROM pg_class c"
            + " WHERE c.oid >= " + FIRST_USER_OID + " AND c.relkind IN ('r', 'p', 'm')"
            + " AND pg_stat_get_xact_numscans(c.oid) > 0";

    /** Whether the server has {@code pg_stat_force_next_flush()} (PostgreSQL 15+); else scan counts are read. */
    private final boolean flushes;
    /** Relations by object id: what each was before the current statement. */
    private final Map<Long, Relation> known = new HashMap<>();
    private boolean stale = true;
    private boolean flushAsked;

    // the current revision
    private Script script;
    private boolean started;
    private final Set<String> held = new HashSet<>();
    private final Map<Long, Long> scanCounts = new HashMap<>();
    private final List<String> created = new ArrayList<>();
    private final List<StatementTrace> traces = new ArrayList<>();

    /** Prepares the probe on {@code connection}, the session the revisions will run in. */
    CatalogProbe(Connection connection, boolean flushes) throws SQLException {
        this.flushes = flushes;
        execute(connection, "PREPARE " + PREPARED + " AS " + LOCKS);
    }

    /** Revisions ran without the probe: what it knows about relations is out of date. */
    void stale() {
        stale = true;
    }

    /**
     * Before {@code next} runs, outside a transaction: reads the relations again when they are out of date, and lets
     * the scan counts of untraced revisions be flushed before it.
     */
    void beforeRevision(Connection connection, Script next) throws SQLException {
        script = next;
        started = false;
        if (stale) {
            readRelations(connection);
            if (flushes) {
                execute(connection, FLUSH); // the backend flushes when this statement's transaction ends
            }
            stale = false;
        }
    }

    /** The statements of the revision just run, in order. */
    List<StatementTrace> traces() {
        return List.copyOf(traces);
    }

    @Override
    public void beforeStatements(Connection connection) throws SQLException {
        if (started) {
            readRelations(connection); // a retry: the rolled back attempt changed nothing, whatever was seen of it
        }
        started = true;
        flushAsked = false;
        held.clear();
        scanCounts.clear();
        created.clear();
        traces.clear();
        if (!flushes) {
            try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(SCAN_COUNTS)) {
                while (rs.next()) {
                    scanCounts.put(rs.getLong(1), rs.getLong(2));
                }
            }
        }
    }

    /**
     * The probe; with the first statement of a revision also the request to flush the scan counts when it commits,
     * so that the next revision starts from zero.
     */
    @Override
    public String query() {
        return (flushes && !flushAsked ? FLUSH + ";\n" : "") + "EXECUTE " + PREPARED;
    }

    @Override
    public void afterStatement(Connection connection, SqlStatement statement, ResultSet rs) throws SQLException {
        flushAsked = true;
        List<RelationLock> locks = new ArrayList<>();
        Set<String> rewrites = new TreeSet<>();
        Set<String> scans = new TreeSet<>();
        Map<Long, Relation> now = new LinkedHashMap<>();
        while (rs.next()) {
            long oid = rs.getLong(1);
            String mode = rs.getString(2);
            String schema = rs.getString(3);
            Relation before = known.get(oid);
            Relation current = schema == null ? null
                    : new Relation(schema + "." + rs.getString(4), rs.getString(5).charAt(0), rs.getLong(6));
            if (before == null) {
                if (current == null) {
                    continue; // gone and never known: the temporary copy of a table being rewritten
                }
                created.add(current.name());
                before = current;
                known.put(oid, current);
            }
            RelationLock lock = new RelationLock(before.name(), mode, before.isTable());
            if (held.add(oid + " " + mode) && !locks.contains(lock)) { // an index rebuilt: new oid, same name
                locks.add(lock);
            }
            if (!before.isTable()) {
                now.put(oid, current);
                continue;
            }
            if (current != null && current.fileNode() != before.fileNode()) {
                rewrites.add(before.name());
            }
            long count = rs.getLong(7);
            if (count > scanCounts.getOrDefault(oid, 0L)) {
                scans.add(before.name());
                scanCounts.put(oid, count);
            }
            now.put(oid, current);
        }
        // the next statement's "before": renamed, rewritten, or dropped
        now.forEach((oid, relation) -> {
            if (relation == null) {
                known.remove(oid);
            } else {
                known.put(oid, relation);
            }
        });
        locks.sort(Comparator.comparing(RelationLock::relation).thenComparing(RelationLock::mode));
        traces.add(new StatementTrace(script.revision(), script.source().name(), statement.line(), statement.sql(),
                true, locks, List.copyOf(rewrites), List.copyOf(scans), created));
    }

    private void readRelations(Connection connection) throws SQLException {
        known.clear();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(RELATIONS)) {
            while (rs.next()) {
                known.put(rs.getLong(1), new Relation(rs.getString(2) + "." + rs.getString(3),
                        rs.getString(4).charAt(0), rs.getLong(5)));
            }
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    /** A relation as {@code pg_class} described it: {@code schema.name}, {@code relkind}, {@code relfilenode}. */
    private record Relation(String name, char kind, long fileNode) {
        /** Tables (plain, partitioned, foreign) and materialized views: what queries read and what gets rewritten. */
        boolean isTable() {
            return kind == 'r' || kind == 'p' || kind == 'm' || kind == 'f';
        }
    }
}
