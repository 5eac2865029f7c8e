package com.intellipost.migrator.command;

import com.intellipost.migrator.MigratorException;
import com.intellipost.migrator.execute.InvalidIndexes;
import com.intellipost.migrator.graph.RevisionGraph;
import com.intellipost.migrator.history.AppliedRevision;
import com.intellipost.migrator.history.ResumePoint;
import com.intellipost.migrator.script.Script;
import com.intellipost.migrator.script.ScriptParser;
import com.intellipost.migrator.script.ScriptParser.SectionAnalysis;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Set;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The first thing a writing run checks under the lock (DESIGN 2.14): a revision the history marks in progress was
 * left by a run that ended inside its non-transactional section, since the lock is ours now. The run stops and
 * names what such a run leaves: INVALID indexes, each with the statement that drops it, then says to run repair.
 * A row with a resume point (a killed run between batches, or a downgrade that ran every statement) is resumed by
 * the command that left it; any other command says to run that one again.
 */
final class InterruptedRevisions {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private InterruptedRevisions() {
    }

    /**
     * The revisions whose {@code action} ({@code upgrade} for migrate, {@code downgrade} for downgrade) a killed run
     * left in progress with a resume point (saved with the last committed batch, or after a downgrade's last
     * statement) and whose script is unchanged since: revision to resume point. These are not interrupted in the
     * sense of {@link #refuseIfAny}: the run resumes them.
     */
    static Map<String, ResumePoint> resumable(Map<String, AppliedRevision> applied, RevisionGraph graph,
                                              String action) {
        Map<String, ResumePoint> resumable = new HashMap<>();
        for (AppliedRevision row : applied.values()) {
            if (row.inProgress().filter(action::equals).isPresent() && row.batchResume().isPresent()
                    && graph.find(row.revision()).filter(s -> s.checksum().equals(row.checksum())).isPresent()) {
                resumable.put(row.revision(), row.batchResume().get());
            }
        }
        return resumable;
    }

    /**
     * Refuses a target whose run leaves out a revision a killed run left between its batches ({@code upgrade} or
     * {@code downgrade} in {@code resumable}): that one is finished first, so that the run never reports success
     * while it stays half done and the history never says applied (or reverted) for it.
     *
     * @param run    what this run would apply or revert
     * @param advice the command that resumes it
     */
    static void requireResumedIncluded(String command, String target, Map<String, ResumePoint> resumable,
            List<Script> run, String advice) {
        Set<String> running = new HashSet<>();
        run.forEach(s -> running.add(s.revision()));
        List<String> left = resumable.keySet().stream().filter(r -> !running.contains(r)).sorted().toList();
        if (!left.isEmpty()) {
            throw new MigratorException("Cannot " + command + " to " + target + ": the "
                    + (command.equals("migrate") ? "upgrade" : "downgrade") + " of " + String.join(", ", left)
                    + " was interrupted between its batches and is not finished, and this target leaves it out."
                    + " Nothing was changed. " + advice + ": it resumes where the interrupted run stopped.");
        }
    }

    /** {@code applied} with the rows of {@code resumable} as applied: downgrades that go on are reverted again. */
    static Map<String, AppliedRevision> asApplied(Map<String, AppliedRevision> applied, Set<String> resumable) {
        if (resumable.isEmpty()) {
            return applied;
        }
        Map<String, AppliedRevision> rows = new LinkedHashMap<>(applied);
        resumable.forEach(revision -> rows.computeIfPresent(revision, (r, row) -> row.asApplied()));
        return rows;
    }

    /** {@code applied} without the rows of {@code resumable}: their revisions are pending. */
    static Map<String, AppliedRevision> without(Map<String, AppliedRevision> applied, Set<String> resumable) {
        if (resumable.isEmpty()) {
            return applied;
        }
        Map<String, AppliedRevision> rest = new LinkedHashMap<>(applied);
        rest.keySet().removeAll(resumable);
        return rest;
    }

    /** Throws {@link InterruptedRevisionException} when a row is in progress; reads the indexes only then. */
    static void refuseIfAny(Map<String, AppliedRevision> applied, RevisionGraph graph, Connection connection)
            throws SQLException {
        List<AppliedRevision> interrupted = applied.values().stream().filter(r -> r.inProgress().isPresent()).toList();
        if (interrupted.isEmpty()) {
            return;
        }
        List<String> invalid = InvalidIndexes.list(connection);
        StringBuilder message = new StringBuilder();
        boolean severalStatements = false;
        boolean restart = false; // some row has no resume point: it is repaired, then run again from the start
        boolean downgrade = false;
        for (AppliedRevision row : interrupted) {
            String action = row.inProgress().get();
            if (row.batchResume().isPresent()) {
                boolean unchanged = graph.find(row.revision()).filter(s -> s.checksum().equals(row.checksum()))
                        .isPresent();
                message.append(unchanged ? RevisionStates.resumable(row.revision(), row.script(), action,
                        row.batchResume().get()) + ". " : "Revision " + row.revision() + " (" + row.script() + ") was"
                        + " interrupted in its " + action + " with a resume point, but its script was edited since, so"
                        + " it cannot resume: restore the script as it was applied, then run the same " + action
                        + " again. ");
                continue;
            }
            restart = true;
            downgrade |= action.equals("downgrade");
            Optional<SectionAnalysis> section = graph.find(row.revision()).map(s -> action.equals("downgrade")
                    ? ScriptParser.analyseDown(s) : ScriptParser.analyseUp(s));
            severalStatements |= section.map(a -> a.statements() > 1).orElse(true);
            message.append("Revision ").append(row.revision())
                    .append(row.message().isEmpty() ? "" : " (" + row.message() + ")").append(" in ")
                    .append(row.script()).append(" was interrupted: its ").append(action)
                    .append(" ran outside a transaction")
                    .append(section.flatMap(SectionAnalysis::autocommitReason).map(r -> " (" + r + ")").orElse(""))
                    // a downgrade keeps the upgrade's applied_at: its own start is not recorded
                    .append(action.equals("downgrade") ? "" : ", started " + WHEN.format(row.appliedAt()))
                    .append(", and that run ended before"
                    + " finishing it (the migrator was killed or lost its connection). It is marked in progress in"
                    + " the history. ");
        }
        if (!restart) {
            throw new InterruptedRevisionException(message.toString().trim(),
                    interrupted.stream().map(AppliedRevision::revision).toList(), invalid);
        }
        if (invalid.isEmpty()) {
            message.append("The database has no INVALID index. ");
        } else {
            message.append("The database has ").append(invalid.size()).append(" INVALID index(es), which an"
                    + " interrupted CREATE INDEX CONCURRENTLY leaves; drop them first:");
            for (String index : invalid) {
                message.append("\n  ").append(InvalidIndexes.dropStatement(index));
            }
            message.append("\n");
        }
        if (severalStatements) {
            message.append("Its statements that completed before the interruption stayed applied: compare the"
                    + " database with the script and " + (downgrade ? "make sure the down section can run again from"
                    + " the start (or put back what it already removed)" : "undo them (its down section shows how),"
                    + " so that it can run again from the start") + ". ");
        }
        message.append(invalid.isEmpty() && !severalStatements ? "Run" : "Then run")
                .append(" repair (").append(downgrade ? "for an interrupted downgrade it keeps the revision applied;"
                        + " for an upgrade it removes the in-progress row" : "it removes the in-progress row")
                .append(") and run the command again.");
        throw new InterruptedRevisionException(message.toString(),
                interrupted.stream().map(AppliedRevision::revision).toList(), invalid);
    }
}
