package com.intellipost.migrator.command;

import com.intellipost.migrator.execute.InvalidIndexes;
import com.intellipost.migrator.graph.RevisionGraph;
import com.intellipost.migrator.history.AppliedRevision;
import com.intellipost.migrator.history.SchemaHistory;
import com.intellipost.migrator.script.ScriptParser;
import com.intellipost.migrator.script.ScriptParser.SectionAnalysis;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
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
 */
final class InterruptedRevisions {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private InterruptedRevisions() {
    }

    /**
     * The upgrades a killed run left in progress inside a batched statement (a resume point saved with the last
     * committed batch) whose script is unchanged since: revision to resume point. These are not interrupted in the
     * sense of {@link #refuseIfAny}: the run resumes them. One query, only when some row is in progress.
     */
    static Map<String, String> resumable(Map<String, AppliedRevision> applied, RevisionGraph graph,
                                         SchemaHistory history, Connection connection) throws SQLException {
        if (applied.values().stream().noneMatch(r -> r.inProgress().filter("upgrade"::equals).isPresent())) {
            return Map.of();
        }
        Map<String, String> resumable = new HashMap<>();
        history.batchPoints(connection).forEach((revision, point) -> {
            if (graph.find(revision).filter(s -> s.checksum().equals(point.checksum())).isPresent()) {
                resumable.put(revision, point.point());
            }
        });
        return resumable;
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
        for (AppliedRevision row : interrupted) {
            String action = row.inProgress().get();
            Optional<SectionAnalysis> section = graph.find(row.revision()).map(s -> action.equals("downgrade")
                    ? ScriptParser.analyseDown(s) : ScriptParser.analyseUp(s));
            severalStatements |= section.map(a -> a.statements() > 1).orElse(true);
            message.append("Revision ").append(row.revision())
                    .append(row.message().isEmpty() ? "" : " (" + row.message() + ")").append(" in ")
                    .append(row.script()).append(" was interrupted: its ").append(action)
                    .append(" ran outside a transaction")
                    .append(section.flatMap(SectionAnalysis::autocommitReason).map(r -> " (" + r + ")").orElse(""))
                    .append(", started ").append(WHEN.format(row.appliedAt())).append(", and that run ended before"
                    + " finishing it (the migrator was killed or lost its connection). It is marked in progress in"
                    + " the history. ");
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
                    + " database with the script and undo them (its down section shows how), so that it can run again"
                    + " from the start. ");
        }
        message.append(invalid.isEmpty() && !severalStatements ? "Run" : "Then run")
                .append(" repair (it removes the in-progress row) and run the command again.");
        throw new InterruptedRevisionException(message.toString(),
                interrupted.stream().map(AppliedRevision::revision).toList(), invalid);
    }
}
