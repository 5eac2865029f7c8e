package com.intellipost.migrator.execute;

import com.intellipost.migrator.MigratorException;
import com.intellipost.migrator.config.Configuration;
import com.intellipost.migrator.config.Durations;
import com.intellipost.migrator.history.AuditEntry;
import com.intellipost.migrator.history.SchemaHistory;
import com.intellipost.migrator.history.SchemaHistory.RevisionRecord;
import com.intellipost.migrator.script.Script;
import com.intellipost.migrator.script.ScriptParser;
import com.intellipost.migrator.script.SqlSplitter;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs revisions' up or down sections on the work connection and records them in the history, so that the
 * database and the history always agree: a transactional revision commits its statements and its history row
 * together; a non-transactional one runs in autocommit and is recorded as failed when a statement fails.
 *
 * <p>Within a run, transactional revisions commit with {@code synchronous_commit = off}: PostgreSQL makes each
 * commit visible at once but does not wait for its WAL flush. {@link #close()} ends the run with one synchronous
 * commit, which flushes the WAL of every earlier one, so when a command returns (or fails) all it did is durable.
 * A server crash during a run can only lose its latest commits, whole and in order (the WAL is sequential): the
 * history still matches the schema, and the next {@code migrate} applies them again. Non-transactional revisions
 * run with synchronous commits, so a CONCURRENTLY build and its history row are never separated.
 */
public final class MigrationRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MigrationRunner.class);
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private final Configuration configuration;
    private final SchemaHistory history;
    private final Connection connection;

    private MigrationRunner(Configuration configuration, SchemaHistory history, Connection connection) {
        this.configuration = configuration;
        this.history = history;
        this.connection = connection;
    }

    /**
     * Starts a run on {@code connection}: sets the session's lock and statement timeouts and asynchronous commits,
     * in one round trip. On PostgreSQL 14+ the server also checks every second that the migrator is still there: a
     * killed migrator's statement (a CREATE INDEX CONCURRENTLY, say) is cancelled instead of running on after the
     * lock has passed to the next migrator. Close the runner to make the run durable.
     */
    public static MigrationRunner start(Configuration configuration, SchemaHistory history, Connection connection)
            throws SQLException {
        String clientCheck = connection.getMetaData().getDatabaseMajorVersion() >= 14
                ? "; SET client_connection_check_interval = '1s'" : "";
        try (Statement s = connection.createStatement()) {
            s.execute("SET lock_timeout = '" + Durations.toPostgres(configuration.lockTimeout()) + "'; "
                    + "SET statement_timeout = '" + Durations.toPostgres(configuration.statementTimeout()) + "'; "
                    + "SET synchronous_commit = off" + clientCheck);
        }
        return new MigrationRunner(configuration, history, connection);
    }

    /**
     * Ends the run with one synchronous commit (a transaction id forces a commit record), which waits for the WAL
     * flush of every asynchronous commit before it. When that fails the command fails too, unless it is already
     * failing (then this is only attached to that failure): its revisions are committed and consistent, but not
     * known to be on disk.
     */
    @Override
    public void close() {
        try (Statement s = connection.createStatement()) {
            if (!connection.getAutoCommit()) {
                connection.rollback();
                connection.setAutoCommit(true);
            }
            s.execute("SET synchronous_commit = on; SELECT txid_current()");
        } catch (SQLException e) {
            throw new MigratorException("The run's revisions are committed, but waiting for them to reach disk failed: "
                    + e.getMessage() + ". If the server crashed, the latest of them may be undone (the history still"
                    + " matches the schema): run info to see where the database is, then run the command again.", e);
        }
    }

    /**
     * Runs the script in a transaction of its own (or autocommit when it must), retrying a lock timeout with
     * backoff. Returns the execution time in milliseconds.
     */
    public long run(PreparedScript prepared) {
        return run(prepared, null);
    }

    /**
     * Runs a transactional script as {@link #run(PreparedScript)} does, one statement per round trip, calling
     * {@code observer} inside its transaction before the first statement and after each.
     */
    public long run(PreparedScript prepared, StatementObserver observer) {
        if (observer != null && !prepared.transactional()) {
            throw new IllegalArgumentException(prepared.script().revision() + " runs outside a transaction: there is"
                    + " no transaction to observe");
        }
        Script script = prepared.script();
        Direction direction = prepared.direction();
        if (!prepared.transactional()) {
            return runInAutocommit(prepared);
        }
        int attempt = 0;
        boolean batch = true;
        while (true) {
            Instant startedAt = Instant.now();
            long start = System.nanoTime();
            try {
                connection.setAutoCommit(false);
                long ms = execute(prepared, batch, startedAt, start, observer);
                connection.commit();
                return ms;
            } catch (StatementFailureException f) {
                rollback();
                if (LOCK_NOT_AVAILABLE.equals(f.sqlState())) {
                    // Every lock timeout is an attempt, batched or not: lockRetries bounds them all. Retries run
                    // one statement at a time, so that a last failure names its line.
                    if (attempt < configuration.lockRetries()) {
                        attempt++;
                        batch = false;
                        long wait = backoffMillis(attempt);
                        LOG.warn("{} ({}) hit lock_timeout at line {}: {}; rolled back, retry {} of {} in {} ms",
                                script.revision(), script.source().name(), f.lines(),
                                configuration.redact(f.getMessage()), attempt,
                                configuration.lockRetries(), wait);
                        sleep(wait);
                        continue;
                    }
                    throw failed(script, direction, f, startedAt, start, "It was rolled back: nothing of it was"
                            + " applied. " + lockNotAvailableAdvice(script, attempt));
                }
                if (f.inBatch()) {
                    // Nothing of it stayed: run it again one statement at a time, which names the failing line
                    // (or succeeds, if the batch was refused for a reason of its own).
                    LOG.debug("{}: a batch failed on lines {} ({}); running the statements one at a time",
                            script.revision(), f.lines(), configuration.redact(f.getMessage()));
                    batch = false;
                    continue;
                }
                throw failed(script, direction, f, startedAt, start, "It was rolled back: nothing of it was applied."
                        + " Fix the script and run the command again.");
            } catch (SQLException | IOException e) {
                rollback();
                throw failed(script, direction, new StatementFailureException(0, asSql(e)), startedAt, start,
                        "It was rolled back: nothing of it was applied.");
            } finally {
                setAutoCommit();
            }
        }
    }

    /** Runs the script inside the caller's open transaction ({@code transactionMode=all}); no commit here. */
    public long runInOpenTransaction(PreparedScript prepared) throws StatementFailureException {
        Instant startedAt = Instant.now();
        long start = System.nanoTime();
        try {
            return execute(prepared, false, startedAt, start, null); // unbatched: the failing line is exact
        } catch (SQLException | IOException e) {
            throw new StatementFailureException(0, asSql(e));
        }
    }

    /** Turns a failure inside {@code transactionMode=all} into the user's error after the caller rolled back. */
    public MigrationFailedException failedInOpenTransaction(PreparedScript prepared, StatementFailureException f,
                                                            Instant startedAt) {
        return failed(prepared.script(), prepared.direction(), f, startedAt, System.nanoTime(), "The whole run was"
                + " rolled back (transactionMode=all): no revision of it was applied. "
                + (LOCK_NOT_AVAILABLE.equals(f.sqlState())
                        ? "Another session held a lock it needs for longer than lock_timeout ("
                        + Durations.toPostgres(prepared.script().lockTimeout().orElse(configuration.lockTimeout()))
                        + "; a run in one transaction is not retried). Find that session (pg_locks,"
                        + " pg_stat_activity) and let it finish, then run the command again."
                        : "Fix the script and run the command again."));
    }

    /** Runs the section and records it, inside the caller's transaction. */
    private long execute(PreparedScript prepared, boolean batch, Instant startedAt, long start,
                         StatementObserver observer) throws StatementFailureException, SQLException, IOException {
        Optional<Duration> scriptLockTimeout = prepared.script().lockTimeout();
        if (scriptLockTimeout.isPresent()) {
            setLockTimeout(scriptLockTimeout.get(), true);
        }
        if (observer != null) {
            observer.beforeStatements(connection);
        }
        runStatements(prepared, batch, observer);
        long ms = elapsedMs(start);
        record(prepared, ms, startedAt);
        if (scriptLockTimeout.isPresent()) {
            // SET LOCAL lasts until the transaction ends, which under transactionMode=all is after later scripts
            setLockTimeout(configuration.lockTimeout(), true);
        }
        return ms;
    }

    private void runStatements(PreparedScript prepared, boolean batch, StatementObserver observer)
            throws StatementFailureException, SQLException, IOException {
        try (SqlSplitter splitter = open(prepared)) {
            StatementExecutor.executeAll(connection, splitter, batch, observer);
        }
    }

    /** Writes the history row (or removes it, for a downgrade) and the audit row. */
    private void record(PreparedScript prepared, long ms, Instant startedAt) throws SQLException {
        Script script = prepared.script();
        Direction direction = prepared.direction();
        AuditEntry audit = new AuditEntry(action(direction), script.revision(), AuditEntry.SUCCESS, startedAt, ms, null);
        if (direction == Direction.UP) {
            history.record(connection, row(prepared, ms, true), audit);
        } else {
            history.delete(connection, script.revision(), audit);
        }
    }

    private long runInAutocommit(PreparedScript prepared) {
        Script script = prepared.script();
        Instant startedAt = Instant.now();
        long start = System.nanoTime();
        Optional<Duration> scriptLockTimeout = script.lockTimeout();
        try {
            // synchronous commits until the history row is written: a build and its row are never separated
            setSynchronousCommit(true);
            if (scriptLockTimeout.isPresent()) {
                setLockTimeout(scriptLockTimeout.get(), false);
            }
            runStatementsInAutocommit(prepared, startedAt, start);
            long ms = elapsedMs(start);
            try {
                record(prepared, ms, startedAt);
                return ms;
            } catch (SQLException e) {
                throw failedToRecord(prepared, e, startedAt, start);
            }
        } catch (SQLException e) {
            throw failed(script, prepared.direction(), new StatementFailureException(0, e), startedAt, start,
                    "Nothing of it ran. Check the connection and run the command again.");
        } finally {
            restoreRunSettings(scriptLockTimeout.isPresent());
        }
    }

    /** One statement per round trip; a failure is recorded as a failed row, since what ran before it stays. */
    private void runStatementsInAutocommit(PreparedScript prepared, Instant startedAt, long start) {
        Script script = prepared.script();
        Direction direction = prepared.direction();
        List<String> invalidBefore = invalidIndexes();
        try {
            runStatements(prepared, false, null);
        } catch (StatementFailureException f) {
            recordFailedRow(prepared, elapsedMs(start));
            List<String> invalidNow = invalidIndexes();
            invalidNow.removeAll(invalidBefore);
            String invalid = invalidNow.isEmpty() ? "" : " It left INVALID index(es) " + String.join(", ", invalidNow)
                    + ": drop them (DROP INDEX CONCURRENTLY ...) or rebuild them (REINDEX INDEX CONCURRENTLY ...).";
            throw failed(script, direction, f, startedAt, start, "It ran outside a transaction ("
                    + prepared.autocommitReason().orElse("non-transactional") + "), so statements before line "
                    + f.line() + " stayed applied; it is recorded as failed." + invalid
                    + " Fix the database by hand, then run repair, then run the command again.");
        } catch (SQLException | IOException e) {
            recordFailedRow(prepared, elapsedMs(start));
            throw failed(script, direction, new StatementFailureException(0, asSql(e)), startedAt, start,
                    "It ran outside a transaction, so some of its statements may have stayed applied; it is recorded"
                    + " as failed. Check the database state, then run repair.");
        }
    }

    /**
     * Every statement of a non-transactional section ran, but its history could not be written: the database has
     * the changes and the history does not. Running the section again would fail on what it already did, so the
     * way out is to make the history agree without running it: after repair removes the failed row, {@code stamp}
     * records an upgrade; for a downgrade, the removed row is already what the downgrade meant.
     */
    private MigrationFailedException failedToRecord(PreparedScript prepared, SQLException e, Instant startedAt,
                                                    long start) {
        Script script = prepared.script();
        boolean up = prepared.direction() == Direction.UP;
        boolean markedFailed = recordFailedRow(prepared, elapsedMs(start));
        String remedy = markedFailed
                ? "it is recorded as failed. Once the history table can be written, run repair" + (up ? ", then stamp "
                + script.revision() + " (it records the revision as applied without running it)" : "")
                : "recording it as failed failed too. Once the history table can be written, " + (up ? "run stamp "
                + script.revision() + " (it records the revision as applied without running it)"
                : "delete its row: DELETE FROM " + configuration.qualifiedHistoryTable() + " WHERE revision = '"
                + script.revision() + "'");
        return failed(script, prepared.direction(), new StatementFailureException(0, e), startedAt, start,
                "Every statement of it ran (outside a transaction), but writing the history failed: the database has"
                + " its changes and the history does not; " + remedy + ". Do not run it again: its statements would"
                + " find their work already done.");
    }

    /** Back to the run's settings after a section that ran in autocommit, whether or not it succeeded. */
    private void restoreRunSettings(boolean scriptHadLockTimeout) {
        setSynchronousCommit(false);
        if (scriptHadLockTimeout) {
            try {
                setLockTimeout(configuration.lockTimeout(), false);
            } catch (SQLException e) {
                LOG.warn("Cannot restore lock_timeout: {}", e.getMessage());
            }
        }
    }

    private static SqlSplitter open(PreparedScript prepared) throws IOException {
        return prepared.direction() == Direction.UP ? ScriptParser.openUp(prepared.script())
                : ScriptParser.openDown(prepared.script());
    }

    /** Whether the failed row could be written. */
    private boolean recordFailedRow(PreparedScript prepared, long ms) {
        Script script = prepared.script();
        Direction direction = prepared.direction();
        try {
            // A failed row makes migrate refuse until repair: the database is in a state no script describes.
            history.record(connection, row(prepared, ms, false), new AuditEntry(action(direction), script.revision(),
                    AuditEntry.FAILED, Instant.now(), ms, "recorded as failed; see the next audit row"));
            return true;
        } catch (SQLException e) {
            LOG.error("Could not record {} as failed in the history: {}", script.revision(), e.getMessage());
            return false;
        }
    }

    private MigrationFailedException failed(Script script, Direction direction, StatementFailureException f,
                                            Instant startedAt, long start, String consequence) {
        // A batch's range only for a lock timeout: any other failure in a batch is run again statement by statement.
        String where = script.source().name() + (f.line() > 0 ? ":" + f.lines() : "");
        String serverText = configuration.redact(f.getMessage());
        String pgMessage = serverText + (f.sqlState() == null ? "" : " [SQLSTATE " + f.sqlState() + "]");
        String message = (direction == Direction.UP ? "Migration " : "Downgrade of ") + script.revision()
                + (script.message().isEmpty() ? "" : " (" + script.message() + ")") + " failed at " + where + ": "
                + pgMessage + ". " + consequence;
        auditFailure(script, direction, startedAt, elapsedMs(start), where + ": " + pgMessage);
        // The driver's exception quotes the server as it is: keep it as the cause only when it shows no password.
        boolean showsPassword = !serverText.equals(f.getMessage());
        return new MigrationFailedException(message, script.revision(), script.source().name(), f.line(),
                f.sqlState(), showsPassword ? null : f.sqlException());
    }

    private void auditFailure(Script script, Direction direction, Instant startedAt, long ms, String error) {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
            history.audit(connection, new AuditEntry(action(direction), script.revision(), AuditEntry.FAILED,
                    startedAt, ms, error));
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        } catch (SQLException e) {
            LOG.error("Could not write the audit row for the failure of {}: {}", script.revision(), e.getMessage());
        }
    }

    private List<String> invalidIndexes() {
        List<String> names = new ArrayList<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT i.indexrelid::regclass::text FROM pg_index i WHERE NOT i.indisvalid")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        } catch (SQLException e) {
            LOG.debug("Cannot list invalid indexes", e);
        }
        return names;
    }

    private void setSynchronousCommit(boolean on) {
        try (Statement s = connection.createStatement()) {
            s.execute("SET synchronous_commit = " + (on ? "on" : "off"));
        } catch (SQLException e) {
            LOG.warn("Cannot set synchronous_commit: {}", e.getMessage());
        }
    }

    private void setLockTimeout(Duration timeout, boolean local) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("SET " + (local ? "LOCAL " : "") + "lock_timeout = '" + Durations.toPostgres(timeout) + "'");
        }
    }

    private static RevisionRecord row(PreparedScript prepared, long ms, boolean success) {
        Script script = prepared.script();
        return new RevisionRecord(script.revision(), script.downRevisions(), script.message(), script.source().name(),
                script.checksum(), prepared.transactional(), ms, success);
    }

    private static String action(Direction direction) {
        return direction == Direction.UP ? "upgrade" : "downgrade";
    }

    /** What to do when every attempt hit lock_timeout: the script is not at fault, another session is. */
    private String lockNotAvailableAdvice(Script script, int retries) {
        return "Another session held a lock it needs: each of its " + (retries + 1) + " attempt(s) waited lock_timeout ("
                + Durations.toPostgres(script.lockTimeout().orElse(configuration.lockTimeout())) + ", lockRetries="
                + configuration.lockRetries() + "). Find that session (pg_locks, pg_stat_activity) and let it finish,"
                + " or raise intellipost.lockTimeout or intellipost.lockRetries, then run the command again.";
    }

    private long backoffMillis(int attempt) {
        long base = Math.min(30_000, 500L << Math.min(attempt - 1, 10));
        return base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
    }

    private void rollback() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.warn("Rollback failed: {}", e.getMessage());
        }
    }

    private void setAutoCommit() {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            LOG.warn("Cannot return to autocommit: {}", e.getMessage());
        }
    }

    private static SQLException asSql(Exception e) {
        return e instanceof SQLException sql ? sql : new SQLException(e.getMessage(), null, e);
    }

    private static long elapsedMs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to retry", e);
        }
    }
}
