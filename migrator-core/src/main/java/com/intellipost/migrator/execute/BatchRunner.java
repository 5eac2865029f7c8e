package com.intellipost.migrator.execute;

import com.intellipost.migrator.config.Configuration;
import com.intellipost.migrator.history.ResumePoint;
import com.intellipost.migrator.history.SchemaHistory;
import com.intellipost.migrator.script.BatchDirective;
import com.intellipost.migrator.script.Script;
import com.intellipost.migrator.script.SqlStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a statement under a {@code -- batch:} directive (DESIGN 2.5, docs/behaviour.md "Batched data changes"): the
 * key's min and max read once, then one transaction per key range {@code [start, start + size)}, with the run's
 * lock_timeout and its retries of a lock timeout, a pause between batches and a progress line every few seconds.
 * Each batch's transaction also saves the next range in the revision's in-progress history row, so a batch and its
 * resume point commit together: a killed run's next {@code migrate} (for an upgrade) or {@code downgrade} (for a
 * down section) goes on after the last committed batch, and applies none twice. After a batch that changed no row
 * the next range starts at the next key that exists ({@code SELECT min(key) ... WHERE key >= end}), so sparse keys
 * cost one query per gap, not one transaction per empty range.
 */
final class BatchRunner {

    private static final Logger LOG = LoggerFactory.getLogger(BatchRunner.class);
    private static final String LOCK_NOT_AVAILABLE = "55P03";
    private static final long PROGRESS_NANOS = Duration.ofSeconds(5).toNanos();
    private static final String KEY_SQL = "SELECT format_type(a.atttypid, NULL),"
            + " a.atttypid IN ('int2'::regtype, 'int4'::regtype, 'int8'::regtype),"
            + " EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = a.attrelid AND i.indkey[0] = a.attnum"
            + " AND i.indisvalid)"
            + " FROM pg_attribute a WHERE a.attrelid = to_regclass(?) AND a.attname = ? AND a.attnum > 0"
            + " AND NOT a.attisdropped";

    private final Connection connection;
    private final Configuration configuration;
    private final SchemaHistory history;
    private final Script script;
    private final Runnable beforeCommit;
    private final ProgressMonitor progress;
    private ResumePoint resume;
    private ResumePoint saved; // the point the history row holds now, written by this run or the killed one
    private int statementsRun;

    /**
     * @param resume       where a killed run of this section stopped, or null
     * @param beforeCommit throws when the run may no longer commit (the migration lock's session is gone)
     * @param progress     told to keep quiet while batches run: this class reports on them itself
     */
    BatchRunner(Connection connection, Configuration configuration, SchemaHistory history, Script script,
                ResumePoint resume, Runnable beforeCommit, ProgressMonitor progress) {
        this.connection = connection;
        this.configuration = configuration;
        this.history = history;
        this.script = script;
        this.resume = resume;
        this.saved = resume;
        this.beforeCommit = beforeCommit;
        this.progress = progress;
    }

    /** When resuming: the statements before the batched one that was interrupted completed in the killed run. */
    boolean skips(SqlStatement statement) {
        boolean skipped = resume != null && statement.line() < resume.line();
        if (!skipped) {
            statementsRun++;
        }
        return skipped;
    }

    /**
     * The resume point the history row holds now (the next key of the batched statement being run, or of the one a
     * killed run left), or empty when a rerun would start the section over.
     */
    Optional<ResumePoint> savedPoint() {
        return Optional.ofNullable(saved);
    }

    /** Runs {@code statement} batch by batch; returns the rows it changed. */
    long run(SqlStatement statement, BatchDirective directive) throws StatementFailureException {
        String where = script.source().name() + ":" + statement.line();
        long first;
        long last;
        // nothing of the section ran when its first statement's check fails: the caller then undoes the in-progress row
        boolean firstOfSection = statementsRun == 1 && resume == null;
        checkKey(statement, directive, where, firstOfSection);
        if (resume != null && resume.line() == statement.line()) {
            first = resume.next();
            last = resume.last();
            LOG.info("{}: resuming the batches of {}.{} at {} = {} (the batches before it were committed by an"
                    + " interrupted run)", where, directive.table(), directive.key(), directive.key(), first);
        } else {
            long[] range = range(statement, directive);
            if (range == null) {
                LOG.info("{}: {} is empty, no batch to run", where, directive.table());
                resume = null;
                return 0;
            }
            first = range[0];
            last = range[1];
            if (last == Long.MAX_VALUE) {
                // [start, end) cannot include it: end would be Long.MAX_VALUE + 1, which bigint does not have
                SQLException e = new SQLException(directive.table() + "." + directive.key() + " reaches "
                        + Long.MAX_VALUE + " (the largest bigint), which a batch range [${batch_start}, ${batch_end})"
                        + " cannot include; no batch ran. Run this change without the batch directive, or move that"
                        + " row's key below it");
                throw firstOfSection ? new NothingRanException(statement.line(), e)
                        : new StatementFailureException(statement.line(), e);
            }
        }
        resume = null;
        long total = batches(first, last, directive.size());
        LOG.info("{}: {} batch(es) of {} keys over {}.{} from {} to {}", where, total, directive.size(),
                directive.table(), directive.key(), first, last);
        long started = System.nanoTime();
        long reported = started;
        long rows = 0;
        long done = 0;
        progress.batching(true);
        try {
            for (long start = first; start <= last; ) {
                long end = next(start, directive.size());
                long changed = runBatch(statement, directive, start, end, last);
                rows += changed;
                done++;
                if (end == Long.MAX_VALUE) {
                    break; // the key range cannot go further (last < Long.MAX_VALUE, refused above)
                }
                // a range that changed nothing may be a gap in sparse keys: go on at the next key that exists
                start = changed == 0 ? nextKey(statement, directive, end, last) : end;
                long now = System.nanoTime();
                if (now - reported >= PROGRESS_NANOS && done < total) {
                    reported = now;
                    double seconds = (now - started) / 1e9;
                    LOG.info("{}: batch {}/{} done, {} rows changed, {} rows/s, about {} s left", where, done, total,
                            rows, Math.round(rows / seconds), Math.round(seconds / done * (total - done)));
                }
                if (start <= last && !directive.pause().isZero()) {
                    sleep(directive.pause().toMillis());
                }
            }
        } finally {
            progress.batching(false);
        }
        clearResumePoint();
        LOG.info("{}: {} batch(es) done, {} rows changed in {} ms", where, done, rows,
                (System.nanoTime() - started) / 1_000_000);
        return rows;
    }

    /** One batch in a transaction of its own, retried on lock_timeout like a transactional revision. */
    private long runBatch(SqlStatement statement, BatchDirective directive, long start, long end, long last)
            throws StatementFailureException {
        int attempt = 0;
        while (true) {
            try {
                connection.setAutoCommit(false);
                long rows;
                try (Statement s = connection.createStatement()) {
                    s.setEscapeProcessing(false);
                    rows = s.executeLargeUpdate(BatchDirective.substitute(statement.sql(), start, end));
                }
                ResumePoint point = new ResumePoint(statement.line(), end, last);
                history.saveBatchPoint(connection, script.revision(), point.format());
                beforeCommit.run();
                connection.commit();
                saved = point;
                return rows;
            } catch (SQLException e) {
                rollback();
                if (ConnectionLoss.is(e)) {
                    throw new StatementFailureException(statement.line(), e);
                }
                if (LOCK_NOT_AVAILABLE.equals(e.getSQLState()) && attempt < configuration.lockRetries()) {
                    attempt++;
                    long wait = MigrationRunner.backoffMillis(attempt);
                    LOG.warn("{}:{}: the batch of {} in [{}, {}) hit lock_timeout: {}; rolled back, retry {} of {} in"
                            + " {} ms", script.source().name(), statement.line(), directive.key(), start, end,
                            configuration.redact(e.getMessage()), attempt, configuration.lockRetries(), wait);
                    sleep(wait);
                    continue;
                }
                throw new StatementFailureException(statement.line(), new SQLException("the batch of "
                        + directive.key() + " in [" + start + ", " + end + ") failed and was rolled back: "
                        + e.getMessage() + " (the batches before it, " + directive.key() + " < " + start
                        + ", are committed)", e.getSQLState(), e));
            } catch (RuntimeException e) {
                rollback();
                throw e;
            } finally {
                autocommit();
            }
        }
    }

    /** The key must be an integer column with an index that starts with it: each batch is then an index range. */
    private void checkKey(SqlStatement statement, BatchDirective d, String where, boolean firstOfSection)
            throws StatementFailureException {
        try (PreparedStatement ps = connection.prepareStatement(KEY_SQL)) {
            ps.setString(1, d.table());
            ps.setString(2, d.key());
            try (ResultSet rs = ps.executeQuery()) {
                String problem = null;
                if (!rs.next()) {
                    problem = "the batch directive names " + d.table() + "." + d.key() + ", which does not exist"
                            + " (check table= and key=)";
                } else if (!rs.getBoolean(2)) {
                    problem = "the batch key " + d.table() + "." + d.key() + " is " + rs.getString(1) + "; it must be"
                            + " smallint, integer or bigint";
                } else if (!rs.getBoolean(3)) {
                    problem = "the batch key " + d.table() + "." + d.key() + " has no index that starts with it, so"
                            + " every batch would scan the whole table; add one first (CREATE INDEX CONCURRENTLY ... ON "
                            + d.table() + " (" + d.key() + ")) or use the primary key";
                }
                if (problem != null) {
                    SQLException e = new SQLException(problem + "; no batch ran");
                    throw firstOfSection ? new NothingRanException(statement.line(), e)
                            : new StatementFailureException(statement.line(), e);
                }
            }
        } catch (SQLException e) {
            throw new StatementFailureException(statement.line(), e);
        }
    }

    /** {min, max} of the key, read once before the first batch; null for an empty table. */
    private long[] range(SqlStatement statement, BatchDirective d) throws StatementFailureException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT min(" + d.key() + "), max(" + d.key() + ") FROM " + d.table())) {
            rs.next();
            long min = rs.getLong(1);
            return rs.wasNull() ? null : new long[] {min, rs.getLong(2)};
        } catch (SQLException e) {
            throw new StatementFailureException(statement.line(), e);
        }
    }

    /** The first key at or after {@code from}, or {@code last + 1} when none is left up to {@code last}. */
    private long nextKey(SqlStatement statement, BatchDirective d, long from, long last)
            throws StatementFailureException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT min(" + d.key() + ") FROM " + d.table()
                + " WHERE " + d.key() + " >= ?")) {
            ps.setLong(1, from);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long key = rs.getLong(1);
                return rs.wasNull() || key > last ? last + 1 : Math.max(key, from);
            }
        } catch (SQLException e) {
            throw new StatementFailureException(statement.line(), e);
        }
    }

    private void clearResumePoint() throws StatementFailureException {
        try {
            // A run killed after this, in a later statement, is not resumable: the interrupted-revision stop applies.
            history.saveBatchPoint(connection, script.revision(), null);
            saved = null;
        } catch (SQLException e) {
            throw new StatementFailureException(0, e);
        }
    }

    private static long batches(long first, long last, long size) {
        long span = last - first;
        return span < 0 ? Long.MAX_VALUE / size : span / size + 1; // overflow: keys spread over most of bigint
    }

    private static long next(long start, long size) {
        long end = start + size;
        return end < start ? Long.MAX_VALUE : end; // a key range that reaches Long.MAX_VALUE
    }

    private void rollback() {
        try {
            if (!connection.isClosed() && !connection.getAutoCommit()) {
                connection.rollback();
            }
        } catch (SQLException e) {
            LOG.warn("Rollback of a batch failed: {}", e.getMessage());
        }
    }

    private void autocommit() {
        try {
            if (!connection.isClosed()) {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            LOG.warn("Cannot return to autocommit: {}", e.getMessage());
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted between batches", e);
        }
    }
}
