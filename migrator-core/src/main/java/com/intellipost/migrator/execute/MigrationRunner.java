package com.intellipost.migrator.execute;

import com.intellipost.migrator.MigratorException;
import com.intellipost.migrator.config.Configuration;
import com.intellipost.migrator.config.ConnectionFactory;
import com.intellipost.migrator.config.Durations;
import com.intellipost.migrator.history.AuditEntry;
import com.intellipost.migrator.history.ResumePoint;
import com.intellipost.migrator.history.SchemaHistory;
import com.intellipost.migrator.lock.MigrationLock;
import com.intellipost.migrator.script.Script;
import com.intellipost.migrator.script.ScriptParser;
import com.intellipost.migrator.script.SqlSplitter;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.postgresql.PGConnection;
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
    /** A batch that fails with these (lock_timeout after its retries, statement_timeout) leaves a resume point. */
    private static final Set<String> RETRYABLE_LATER = Set.of(LOCK_NOT_AVAILABLE, "57014");

    /** How often, at most, the lock's session is checked before a commit (one round trip each time). */
    private static final long LOCK_CHECK_NANOS = Duration.ofSeconds(1).toNanos();

    private final Configuration configuration;
    private final SchemaHistory history;
    private final Connection connection;
    private final SessionSettings original;
    private final ProgressMonitor progress;
    private MigrationLock lock; // null when no lock guards the run (a scratch database)
    private long lockCheckedAt;
    private String backup; // what the audit rows of this run name as the backup taken before it
    private Map<String, ResumePoint> batchPoints = Map.of(); // revision -> where its interrupted section goes on

    private MigrationRunner(Configuration configuration, SchemaHistory history, Connection connection,
                            SessionSettings original, ProgressMonitor progress) {
        this.configuration = configuration;
        this.history = history;
        this.connection = connection;
        this.original = original;
        this.progress = progress;
    }

    /**
     * Starts a run on {@code connection}: sets the session's lock and statement timeouts and asynchronous commits,
     * in one round trip. On PostgreSQL 14+ the server also checks every second that the migrator is still there: a
     * killed migrator's statement (a CREATE INDEX CONCURRENTLY, say) is cancelled instead of running on after the
     * lock has passed to the next migrator. Close the runner to make the run durable and to give those settings
     * back as they were (the connection may be the application's, lent by its pool).
     */
    public static MigrationRunner start(Configuration configuration, SchemaHistory history, Connection connection)
            throws SQLException {
        return start(configuration, history, connection, () -> new ConnectionFactory(configuration).open());
    }

    /**
     * The same; {@code monitorConnections} opens the second connection from which a revision that runs for more
     * than 5 s is reported on ({@link ProgressMonitor}).
     */
    public static MigrationRunner start(Configuration configuration, SchemaHistory history, Connection connection,
                                        Supplier<Connection> monitorConnections) throws SQLException {
        String clientCheck = connection.getMetaData().getDatabaseMajorVersion() >= 14
                ? "; SET client_connection_check_interval = '1s'" : "";
        SessionSettings original = SessionSettings.capture(connection);
        try (Statement s = connection.createStatement()) {
            s.execute(String.join("; ", SessionSettings.timeouts(configuration)) + "; SET synchronous_commit = off"
                    + clientCheck);
        }
        return new MigrationRunner(configuration, history, connection, original,
                new ProgressMonitor(configuration, backendPid(connection), monitorConnections));
    }

    /** The work session's pid, known to pgjdbc since login (no round trip); 0 when the connection hides it. */
    private static int backendPid(Connection connection) {
        try {
            return connection.unwrap(PGConnection.class).getBackendPID();
        } catch (SQLException e) {
            LOG.debug("No backend pid from {}: no progress reports", connection.getClass().getName());
            return 0;
        }
    }

    /**
     * Checks, before each commit (at most once a second), that {@code lock}'s session is still alive: when it is
     * gone the lock went with it, and the run stops with a {@link ConnectionLostException} instead of committing
     * without it.
     */
    public MigrationRunner guardedBy(MigrationLock lock) {
        this.lock = lock;
        this.lockCheckedAt = System.nanoTime();
        return this;
    }

    /** Names {@code taken} in the audit row of every revision this run applies or reverts. */
    public MigrationRunner backedUpBy(Backup.Taken taken) {
        this.backup = taken.describe();
        return this;
    }

    /**
     * Resume points of revisions a killed run left in progress inside batches ({@code AppliedRevision.batchResume}),
     * upgrades for migrate, downgrades for downgrade: those revisions go on after their last committed batch instead
     * of starting over.
     */
    public MigrationRunner resumingBatches(Map<String, ResumePoint> points) {
        this.batchPoints = Map.copyOf(points);
        return this;
    }

    /**
     * Ends the run with one synchronous commit (a transaction id forces a commit record), which waits for the WAL
     * flush of every asynchronous commit before it. When that fails the command fails too, unless it is already
     * failing (then this is only attached to that failure): its revisions are committed and consistent, but not
     * known to be on disk.
     */
    @Override
    public void close() {
        progress.close();
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
        try {
            original.restore(connection);
        } catch (SQLException e) {
            LOG.warn("Could not set the session's lock_timeout, statement_timeout and synchronous_commit back: {}",
                    configuration.redact(e.getMessage()));
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
        progress.started(prepared.script());
        try {
            return prepared.transactional() ? runInTransaction(prepared, observer) : runInAutocommit(prepared);
        } finally {
            progress.finished();
        }
    }

    private long runInTransaction(PreparedScript prepared, StatementObserver observer) {
        Script script = prepared.script();
        Direction direction = prepared.direction();
        int attempt = 0;
        boolean batch = true;
        while (true) {
            Instant startedAt = Instant.now();
            long start = System.nanoTime();
            boolean committing = false;
            try {
                connection.setAutoCommit(false);
                long ms = execute(prepared, batch, startedAt, start, observer);
                if (!lockStillHeld()) {
                    rollback();
                    throw lockLost(script, direction, true, "Stopped before committing it: it was rolled back, nothing of"
                            + " it was applied.");
                }
                committing = true;
                connection.commit();
                return ms;
            } catch (StatementFailureException f) {
                if (ConnectionLoss.is(f.sqlException())) {
                    throw connectionLost(script, direction, f.sqlException(), f.lines(), "It ran in a transaction,"
                            + " which the server rolls back when its connection goes: nothing of it was applied.");
                }
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
                if (e instanceof SQLException sql && ConnectionLoss.is(sql)) {
                    throw connectionLost(script, direction, sql, "", committing
                            ? "It was being committed, so the server may or may not have committed it: run info to see."
                            : "It ran in a transaction, which the server rolls back when its connection goes: nothing"
                            + " of it was applied.");
                }
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
        progress.started(prepared.script());
        try {
            return execute(prepared, false, startedAt, start, null); // unbatched: the failing line is exact
        } catch (SQLException | IOException e) {
            throw new StatementFailureException(0, asSql(e));
        } finally {
            progress.finished();
        }
    }

    /**
     * Under {@code transactionMode=all}, before the run's one commit: a {@link ConnectionLostException} when the
     * lock's session is gone (the caller then rolls the whole run back).
     */
    public void beforeCommitOfAll(PreparedScript last) {
        if (!lockStillHeld()) {
            throw lockLost(last.script(), last.direction(), false, "The whole run was one transaction"
                    + " (transactionMode=all): it was rolled back, no revision of it was applied.");
        }
    }

    /** Turns a failure inside {@code transactionMode=all} into the user's error after the caller rolled back. */
    public MigratorException failedInOpenTransaction(PreparedScript prepared, StatementFailureException f,
                                                     Instant startedAt) {
        if (ConnectionLoss.is(f.sqlException())) {
            return connectionLost(prepared.script(), prepared.direction(), f.sqlException(), f.lines(), "The whole run"
                    + " was one transaction (transactionMode=all), which the server rolls back when its connection"
                    + " goes: no revision of it was applied.");
        }
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

    private void runStatements(PreparedScript prepared, BatchRunner batches)
            throws StatementFailureException, SQLException, IOException {
        try (SqlSplitter splitter = open(prepared)) {
            StatementExecutor.executeAll(connection, splitter, false, batches, prepared.script().source().name());
        }
    }

    /** Writes the history row (or removes it, for a downgrade) and the audit row. */
    private void record(PreparedScript prepared, long ms, Instant startedAt) throws SQLException {
        Script script = prepared.script();
        Direction direction = prepared.direction();
        AuditEntry audit = withBackup(new AuditEntry(direction.auditAction(), script.revision(), AuditEntry.SUCCESS,
                startedAt, ms, null));
        if (direction == Direction.UP) {
            history.record(connection, prepared.historyRow(ms, true), audit);
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
            if (!lockStillHeld()) {
                throw lockLost(script, prepared.direction(), true, "Stopped before starting it: nothing of it ran.");
            }
            if (scriptLockTimeout.isPresent()) {
                setLockTimeout(scriptLockTimeout.get(), false);
            }
            // Committed before its first statement: a run killed inside it leaves this row for the next run to find.
            history.markInProgress(connection, prepared.historyRow(0, false), prepared.direction().auditAction());
            runStatementsInAutocommit(prepared, startedAt, start);
            long ms = elapsedMs(start);
            try {
                record(prepared, ms, startedAt);
                return ms;
            } catch (SQLException e) {
                throw failedToRecord(prepared, e, startedAt, start);
            }
        } catch (SQLException e) {
            if (ConnectionLoss.is(e)) {
                throw connectionLost(script, prepared.direction(), e, "", "Nothing of it ran.");
            }
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
        boolean up = direction == Direction.UP;
        String rerun = up ? "migrate" : "the same downgrade";
        BatchRunner[] running = new BatchRunner[1]; // the lock check reads the point the runner saved last
        BatchRunner batches = new BatchRunner(connection, configuration, history, script,
                batchPoints.get(script.revision()), () -> {
                    if (!lockStillHeld()) {
                        throw lockLost(script, direction, true, running[0].savedPoint()
                                .map(p -> "The batch being run was rolled back; the batches before it (a key below "
                                        + p.next() + ") are committed, and the history marks the revision in progress"
                                        + " with that resume point: " + rerun + " resumes at key " + p.next() + ".")
                                .orElse("The batch being run was rolled back and no batch of its statement was"
                                        + " committed; the statements before it stayed applied. The history marks"
                                        + " the revision in progress without a resume point: the next run names"
                                        + " it, before repair."));
                    }
                }, progress);
        running[0] = batches;
        try {
            runStatements(prepared, batches);
            if (!up) {
                // Every statement ran: a run that loses its connection while removing the row leaves this, and the
                // next downgrade (or repair) then only removes the row instead of running the section again.
                history.saveBatchPoint(connection, script.revision(), ResumePoint.COMPLETED.format());
            }
        } catch (NothingRanException f) {
            undoMarkInProgress(prepared);
            throw failed(script, direction, f, startedAt, start, "Nothing of it ran (the check comes before its"
                    + " first statement), so the history is as it was before this run. Fix the batch directive or"
                    + " the database, then run the command again.");
        } catch (StatementFailureException f) {
            if (ConnectionLoss.is(f.sqlException())) {
                Optional<ResumePoint> point = batches.savedPoint().filter(p -> p.line() == f.line());
                throw connectionLost(script, direction, f.sqlException(), f.lines(), point.isPresent()
                        ? "It was interrupted between the batches of the statement at line " + f.line() + ": the"
                        + " statements before it and its batches with a key below " + point.get().next() + " are"
                        + " committed, and the history marks the revision in progress with that resume point. Run "
                        + rerun + " again: it resumes at key " + point.get().next() + " and runs no batch twice"
                        + " (repair would discard the resume point and restart the section from its first statement)."
                        : "It ran outside a transaction (" + prepared.autocommitReason().orElse("non-transactional")
                        + "): its statements before line " + f.line() + " stayed applied, and the one at line "
                        + f.line() + " may have stopped half way (a CREATE INDEX CONCURRENTLY leaves an INVALID"
                        + " index). The history marks it in progress: the next run names what it left and how to"
                        + " clean that up, before repair.");
            }
            Optional<ResumePoint> point = batches.savedPoint().filter(p -> p.line() == f.line());
            if (point.isPresent() && RETRYABLE_LATER.contains(f.sqlState())) {
                // A timeout is no fault of the data: the row keeps its resume point, so that running the command
                // again goes on from the batch that timed out instead of from the section's first statement.
                throw failed(script, direction, f, startedAt, start, "The batches before it (a key below "
                        + point.get().next() + ") are committed, and the history marks the revision in progress"
                        + " with that resume point. Run " + rerun + " again when the table is less busy (or with a"
                        + " longer lock_timeout or more lockRetries): it resumes at key " + point.get().next()
                        + " and runs no batch twice.");
            }
            recordFailedRow(prepared, elapsedMs(start));
            List<String> invalidNow = invalidIndexes();
            invalidNow.removeAll(invalidBefore);
            String invalid = invalidNow.isEmpty() ? "" : " It left INVALID index(es) " + String.join(", ", invalidNow)
                    + ": drop them (DROP INDEX CONCURRENTLY ...) or rebuild them (REINDEX INDEX CONCURRENTLY ...).";
            throw failed(script, direction, f, startedAt, start, "It ran outside a transaction ("
                    + prepared.autocommitReason().orElse("non-transactional") + "), so statements before line "
                    + f.line() + " stayed applied; it is recorded as failed." + invalid
                    + (up ? " Fix the database by hand, then run repair, then run the command again."
                    // repair removes the row: "run the downgrade again" would then revert the parent revision
                    : " Fix the database by hand, either finishing what the down section started (then run repair:"
                    + " the revision is then not applied) or putting back what it already changed (then run repair,"
                    + " then stamp " + script.revision() + " to record it as applied again, then run the downgrade"
                    + " again)."));
        } catch (SQLException | IOException e) {
            if (e instanceof SQLException sql && ConnectionLoss.is(sql)) {
                throw connectionLost(script, direction, sql, "", "It ran outside a transaction, so some of its"
                        + " statements may have stayed applied. The history marks it in progress: the next run names"
                        + " what it left and how to clean that up, before repair.");
            }
            recordFailedRow(prepared, elapsedMs(start));
            throw failed(script, direction, new StatementFailureException(0, asSql(e)), startedAt, start,
                    "It ran outside a transaction, so some of its statements may have stayed applied; it is recorded"
                    + " as failed. Check the database state, then run repair.");
        }
    }

    /** The section stopped before anything of it ran: its history row goes back to what it was before the run. */
    private void undoMarkInProgress(PreparedScript prepared) {
        try {
            history.undoMarkInProgress(connection, prepared.script().revision(), prepared.direction().auditAction());
        } catch (SQLException e) {
            LOG.error("Could not take back the in-progress mark of {}: {}", prepared.script().revision(),
                    configuration.redact(e.getMessage()));
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
        if (ConnectionLoss.is(e)) {
            throw connectionLost(script, prepared.direction(), e, "", "Every statement of it ran (outside a"
                    + " transaction), but its history row was not written: the database has its changes and the"
                    + " history marks it in progress. Do not let it run again: " + (up ? "run repair, then stamp "
                    + script.revision() + " (it records the revision as applied without running it)"
                    : "run the same downgrade again (every statement of it is recorded as done, so it only removes"
                    + " the row) or repair (which does the same)") + ".");
        }
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
            history.record(connection, prepared.historyRow(ms, false), withBackup(new AuditEntry(
                    direction.auditAction(), script.revision(), AuditEntry.FAILED, Instant.now(), ms, null,
                    "recorded as failed in the history; the next audit row has the error", null)));
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
            history.audit(connection, withBackup(new AuditEntry(direction.auditAction(), script.revision(),
                    AuditEntry.FAILED, startedAt, ms, error)));
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        } catch (SQLException e) {
            LOG.error("Could not write the audit row for the failure of {}: {}", script.revision(), e.getMessage());
        }
    }

    private List<String> invalidIndexes() {
        try {
            return InvalidIndexes.list(connection);
        } catch (SQLException e) {
            LOG.debug("Cannot list invalid indexes", e);
            return new ArrayList<>();
        }
    }

    private AuditEntry withBackup(AuditEntry entry) {
        return backup == null ? entry : entry.withBackup(backup);
    }

    /** True unless a lock guards the run and its session is found gone (checked at most once a second). */
    private boolean lockStillHeld() {
        if (lock == null || System.nanoTime() - lockCheckedAt < LOCK_CHECK_NANOS) {
            return true;
        }
        boolean held = lock.isHeld();
        lockCheckedAt = System.nanoTime();
        return held;
    }

    /** {@code earlierCommitted}: revisions before {@code script} in this run were committed on their own. */
    private ConnectionLostException lockLost(Script script, Direction direction, boolean earlierCommitted,
                                             String consequence) {
        return new ConnectionLostException("Lost the connection that holds the migration lock (its session ended:"
                + " the server restarted, an administrator terminated it, or the network broke), and the lock went"
                + " with it: another migrator may be running now. " + consequence + (earlierCommitted ? " Revisions"
                + " before " + script.revision() + " in this run are " + (direction == Direction.UP ? "applied"
                : "reverted") + "." : "") + " This is not an error in " + script.source().name() + ": run the"
                + " command again; it takes the lock again and goes on from where the database is.",
                script.revision(), true, null);
    }

    /**
     * The work connection went while {@code script} ran. No audit row can be written on it; what of the revision
     * stayed is {@code consequence}.
     */
    private ConnectionLostException connectionLost(Script script, Direction direction, SQLException e, String lines,
                                                   String consequence) {
        String where = script.source().name() + (lines.isEmpty() || lines.equals("0") ? "" : ":" + lines);
        LOG.debug("Connection lost while running {}", script.revision(), e);
        return new ConnectionLostException("Lost the connection to the database while "
                + (direction == Direction.UP ? "applying " : "reverting ") + script.revision()
                + (script.message().isEmpty() ? "" : " (" + script.message() + ")") + " at " + where + ": "
                + configuration.redact(e.getMessage()) + (e.getSQLState() == null ? "" : " [SQLSTATE "
                + e.getSQLState() + "]") + ". " + consequence + " Revisions before it in this run are "
                + (direction == Direction.UP ? "applied" : "reverted") + ". This is not an error in the script: run"
                + " the command again once the database is reachable.", script.revision(), false, e);
    }

    private void setSynchronousCommit(boolean on) {
        try {
            if (connection.isClosed()) {
                return; // lost: the failure being reported says so
            }
        } catch (SQLException e) {
            return;
        }
        try (Statement s = connection.createStatement()) {
            s.execute("SET synchronous_commit = " + (on ? "on" : "off"));
        } catch (SQLException e) {
            LOG.warn("Cannot set synchronous_commit: {}", e.getMessage());
        }
    }

    private void setLockTimeout(Duration timeout, boolean local) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(SessionSettings.lockTimeout(timeout, local));
        }
    }

    /** What to do when every attempt hit lock_timeout: the script is not at fault, another session is. */
    private String lockNotAvailableAdvice(Script script, int retries) {
        return "Another session held a lock it needs: each of its " + (retries + 1) + " attempt(s) waited lock_timeout ("
                + Durations.toPostgres(script.lockTimeout().orElse(configuration.lockTimeout())) + ", lockRetries="
                + configuration.lockRetries() + "). Find that session (pg_locks, pg_stat_activity) and let it finish,"
                + " or raise intellipost.lockTimeout or intellipost.lockRetries, then run the command again.";
    }

    static long backoffMillis(int attempt) {
        long base = Math.min(30_000, 500L << Math.min(attempt - 1, 10));
        return base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
    }

    private void rollback() {
        try {
            if (connection.isClosed()) {
                return; // a lost connection: the server rolled back
            }
            connection.rollback();
        } catch (SQLException e) {
            LOG.warn("Rollback failed: {}", e.getMessage());
        }
    }

    private void setAutoCommit() {
        try {
            if (connection.isClosed()) {
                return;
            }
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
