package com.intellipost.migrator.execute;

import com.intellipost.migrator.config.Configuration;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a statement under a {@code -- batch:} directive (DESIGN 2.5, docs/behaviour.md "Batched data changes"): the
 * key's min and max read once, then one transaction per key range {@code [start, start + size)}, with the run's
 * lock_timeout and its retries of a lock timeout, a pause between batches and a progress line every few seconds.
 * For an upgrade each batch's transaction also saves the next range in the revision's in-progress history row, so
 * a batch and its resume point commit together: a killed run's next {@code migrate} goes on after the last
 * committed batch, and applies none twice.
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
    private final boolean saveResumePoints;
    private final Runnable beforeCommit;
    private ResumePoint resume;

    /**
     * @param saveResumePoints whether each batch saves where to go on (upgrades; a downgrade starts over)
     * @param resume           where a killed run of this upgrade stopped, or null
     * @param beforeCommit     throws when the run may no longer commit (the migration lock's session is gone)
     */
    BatchRunner(Connection connection, Configuration configuration, SchemaHistory history, Script script,
                boolean saveResumePoints, ResumePoint resume, Runnable beforeCommit) {
        this.connection = connection;
        this.configuration = configuration;
        this.history = history;
        this.script = script;
        this.saveResumePoints = saveResumePoints;
        this.resume = resume;
        this.beforeCommit = beforeCommit;
    }

    /** When resuming: the statements before the batched one that was interrupted completed in the killed run. */
    boolean skips(SqlStatement statement) {
        return resume != null && statement.line() < resume.line();
    }

    /** Runs {@code statement} batch by batch; returns the rows it changed. */
    long run(SqlStatement statement, BatchDirective directive) throws StatementFailureException {
        String where = script.source().name() + ":" + statement.line();
        long first;
        long last;
        checkKey(statement, directive, where);
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
        }
        resume = null;
        long total = batches(first, last, directive.size());
        LOG.info("{}: {} batch(es) of {} keys over {}.{} from {} to {}", where, total, directive.size(),
                directive.table(), directive.key(), first, last);
        long started = System.nanoTime();
        long reported = started;
        long rows = 0;
        long done = 0;
        for (long start = first; start <= last; start = next(start, directive.size())) {
            long end = next(start, directive.size());
            rows += runBatch(statement, directive, start, end, last);
            done++;
            long now = System.nanoTime();
            if (now - reported >= PROGRESS_NANOS && done < total) {
                reported = now;
                double seconds = (now - started) / 1e9;
                LOG.info("{}: batch {}/{} done, {} rows changed, {} rows/s, about {} s left", where, done, total,
                        rows, Math.round(rows / seconds), Math.round(seconds / done * (total - done)));
            }
            if (done < total && !directive.pause().isZero()) {
                sleep(directive.pause().toMillis());
            }
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
                if (saveResumePoints) {
                    history.saveBatchPoint(connection, script.revision(),
                            new ResumePoint(statement.line(), end, last).format());
                }
                beforeCommit.run();
                connection.commit();
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
    private void checkKey(SqlStatement statement, BatchDirective d, String where) throws StatementFailureException {
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
                    throw new StatementFailureException(statement.line(), new SQLException(problem
                            + "; no batch ran"));
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

    private void clearResumePoint() throws StatementFailureException {
        if (!saveResumePoints) {
            return;
        }
        try {
            // A run killed after this, in a later statement, is not resumable: the interrupted-revision stop applies.
            history.saveBatchPoint(connection, script.revision(), null);
        } catch (SQLException e) {
            throw new StatementFailureException(0, e);
        }
    }

    private static long batches(long first, long last, long size) {
        return (last - first) / size + 1;
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

    /**
     * Where an interrupted batched statement goes on: its line, the first key of the next batch, the last key read
     * when it started. Saved as text in the history row's {@code batch_resume} column.
     */
    record ResumePoint(int line, long next, long last) {

        private static final Pattern FORMAT = Pattern.compile("line=(\\d+) next=(-?\\d+) last=(-?\\d+)");

        String format() {
            return "line=" + line + " next=" + next + " last=" + last;
        }

        /** The saved point, or null when the text is not one (then the revision is not resumable). */
        static ResumePoint parse(String text) {
            Matcher m = text == null ? null : FORMAT.matcher(text);
            return m == null || !m.matches() ? null : new ResumePoint(Integer.parseInt(m.group(1)),
                    Long.parseLong(m.group(2)), Long.parseLong(m.group(3)));
        }
    }
}
