package com.intellipost.migrator.command;

import com.intellipost.migrator.command.MigrateResult.AppliedMigration;
import com.intellipost.migrator.config.TransactionMode;
import com.intellipost.migrator.execute.Backup;
import com.intellipost.migrator.execute.Direction;
import com.intellipost.migrator.execute.MigrationRunner;
import com.intellipost.migrator.execute.PreparedScript;
import com.intellipost.migrator.graph.RevisionGraph;
import com.intellipost.migrator.history.AppliedRevision;
import com.intellipost.migrator.history.HistoryFingerprint;
import com.intellipost.migrator.history.ResumePoint;
import com.intellipost.migrator.script.Script;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upgrades the database to the head, to every head, or to one revision and its ancestors. A first, lock-free read
 * compares the history's fingerprint with the scripts; when they match there is nothing to do and it returns without
 * the lock: replicas that start on an up-to-date database cost one connection and a one-row query. Otherwise it
 * takes the lock and reads the whole history, which also names whatever is failed, edited or missing.
 */
public final class MigrateCommand {

    private static final Logger LOG = LoggerFactory.getLogger(MigrateCommand.class);

    private final CommandContext context;

    public MigrateCommand(CommandContext context) {
        this.context = context;
    }

    /** {@code target}: null or {@code head}, {@code heads}, or a revision id. */
    public MigrateResult run(String target) {
        long start = System.nanoTime();
        // reads only, writes nothing; several heads or an unknown target are refused before the read is waited for
        CommandContext.Loaded<String> loaded = context.loadWithFingerprint(
                g -> Targets.targetRevisions(g, target, "migrate"));
        RevisionGraph graph = loaded.graph();
        Set<String> required = Targets.required(graph, target, "migrate");
        Map<String, String> checksums = new HashMap<>();
        graph.order().forEach(s -> checksums.put(s.revision(), s.checksum()));
        String upToDate = HistoryFingerprint.of(checksums);
        if (loaded.history().equals(upToDate)) {
            return upToDate(graph, checksums.keySet(), start); // every script applied, unedited, nothing else
        }
        try (LockedSession session = LockedSession.open(context)) {
            if (session.fingerprint().equals(upToDate)) {
                return upToDate(graph, checksums.keySet(), start); // another migrator applied them while we waited
            }
            // an upgrade killed between its batches resumes; any other interrupted revision stops the run
            Map<String, ResumePoint> resumable = InterruptedRevisions.resumable(session.applied(), graph, "upgrade");
            Map<String, AppliedRevision> rows = InterruptedRevisions.without(session.applied(), resumable.keySet());
            InterruptedRevisions.refuseIfAny(rows, graph, session.connection());
            List<Script> pending = pending(graph, required, rows);
            InterruptedRevisions.requireResumedIncluded("migrate", target, resumable, pending,
                    "Run migrate without a target (or with one that includes it)");
            Set<String> applied = new HashSet<>(rows.keySet());
            if (pending.isEmpty()) {
                return upToDate(graph, applied, start); // e.g. a target that is applied, with later ones pending
            }
            List<PreparedScript> prepared = PreparedScript.prepareAll(pending, Direction.UP);
            // before anything is created or changed: a refused backup leaves the database as it was
            Optional<Backup.Taken> backup = Backup.beforeRun(context.configuration(), session.connection(), "migrate",
                    graph.currentRevisions(applied));
            session.ensureTables();
            List<AppliedMigration> done;
            try (MigrationRunner runner = session.startRun()) {
                backup.ifPresent(runner::backedUpBy);
                runner.resumingBatches(resumable);
                done = context.configuration().transactionMode() == TransactionMode.ALL
                        ? new AllInOneTransaction(session.connection(), runner).run(prepared)
                        : applyEach(runner, prepared);
            }
            done.forEach(m -> applied.add(m.revision()));
            List<String> current = graph.currentRevisions(applied);
            long total = elapsedMs(start);
            LOG.info("Applied {} revision(s) in {} ms; now at {}", done.size(), total, current);
            return new MigrateResult(done, current, total);
        } catch (SQLException e) {
            throw context.history().failure("migrate with", e);
        }
    }

    /** The required revisions not applied yet, in order; refuses when scripts and history disagree. */
    static List<Script> pending(RevisionGraph graph, Set<String> required, Map<String, AppliedRevision> applied) {
        List<String> problems = RevisionStates.problems(RevisionStates.of(graph, applied));
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        return graph.inOrder(required).stream().filter(s -> !applied.containsKey(s.revision())).toList();
    }

    private static MigrateResult upToDate(RevisionGraph graph, Set<String> applied, long start) {
        List<String> current = graph.currentRevisions(applied);
        LOG.info("Schema is up to date at {}; nothing to migrate", current.isEmpty() ? "base" : current);
        return new MigrateResult(List.of(), current, elapsedMs(start));
    }

    private static List<AppliedMigration> applyEach(MigrationRunner runner, List<PreparedScript> pending) {
        List<AppliedMigration> done = new ArrayList<>(pending.size());
        for (PreparedScript p : pending) {
            Script s = p.script();
            long ms = runner.run(p);
            LOG.info("Applied {}{} ({}) in {} ms{}", s.revision(), s.message().isEmpty() ? "" : " " + s.message(),
                    s.source().name(), ms, p.transactional() ? "" : " outside a transaction");
            done.add(new AppliedMigration(s.revision(), s.message(), s.source().name(), p.transactional(), ms));
        }
        return done;
    }

    private static long elapsedMs(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
