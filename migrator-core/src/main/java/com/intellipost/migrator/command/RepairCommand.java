package com.intellipost.migrator.command;

import com.intellipost.migrator.execute.InvalidIndexes;
import com.intellipost.migrator.graph.RevisionGraph;
import com.intellipost.migrator.history.AppliedRevision;
import com.intellipost.migrator.history.AuditEntry;
import com.intellipost.migrator.history.ResumePoint;
import com.intellipost.migrator.history.SchemaHistory;
import com.intellipost.migrator.script.Script;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clears failed rows (after the user fixed the database) and realigns the checksums of edited scripts, each
 * recorded in the audit table. A row an interrupted upgrade left in progress is removed (the revision is pending
 * again); one an interrupted downgrade left is marked applied again, since the revision was applied when that
 * downgrade started and its down section did not finish (removing it would make the next downgrade revert the
 * revision's parent). Rows whose script is missing are reported, not removed: an older build must not
 * erase a newer build's history.
 */
public final class RepairCommand {

    private static final Logger LOG = LoggerFactory.getLogger(RepairCommand.class);

    private final CommandContext context;

    public RepairCommand(CommandContext context) {
        this.context = context;
    }

    public RepairResult run() {
        RevisionGraph graph = context.loadGraph();
        SchemaHistory history = context.history();
        try (LockedSession session = LockedSession.open(context)) {
            session.ensureTables();
            List<String> removed = new ArrayList<>();
            List<String> realigned = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            List<String> interrupted = new ArrayList<>();
            List<String> keptApplied = new ArrayList<>();
            List<String> warnings = new ArrayList<>();
            session.inTransaction(c -> {
                for (RevisionInfo info : RevisionStates.of(graph, session.applied())) {
                    switch (info.state()) {
                        case FAILED -> {
                            history.delete(c, info.revision(), entry(info.revision(), "removed failed row"));
                            removed.add(info.revision());
                        }
                        case IN_PROGRESS -> {
                            AppliedRevision row = session.applied().get(info.revision());
                            String action = row.inProgress().orElse("run");
                            Optional<ResumePoint> point = row.batchResume();
                            if (action.equals("downgrade") && point.filter(ResumePoint::completed).isEmpty()) {
                                // Removing it would say "not applied" for a revision whose down section did not
                                // finish, and the next downgrade would revert its parent instead.
                                history.endInProgressKeepingApplied(c, info.revision(), entry(info.revision(),
                                        "interrupted downgrade ended, revision kept applied"
                                        + point.map(p -> " (its batches below key " + p.next() + " at line "
                                        + p.line() + " were reverted)").orElse("")));
                                keptApplied.add(info.revision());
                                warnings.add(info.revision() + ": its interrupted downgrade did not finish, so it stays"
                                        + " applied" + point.map(p -> "; the batches of line " + p.line() + " below key "
                                        + p.next() + " were already reverted and the resume point is gone: the next"
                                        + " downgrade runs its down section from the first batch").orElse("; the next"
                                        + " downgrade runs its down section again from the start"));
                            } else {
                                history.delete(c, info.revision(), entry(info.revision(), "removed in-progress row"
                                        + " (its " + action + " was interrupted" + (point.isPresent()
                                        ? point.get().completed() ? " after every statement ran"
                                        : ", resume point at key " + point.get().next() + " discarded" : "") + ")"));
                                interrupted.add(info.revision());
                                point.filter(p -> !p.completed() && action.equals("upgrade")).ifPresent(p ->
                                        warnings.add(info.revision() + ": its resume point (line " + p.line()
                                        + ", key " + p.next() + ") is discarded: the next migrate runs it from its"
                                        + " first statement, so batches that already committed run again"));
                            }
                        }
                        case CHECKSUM_MISMATCH -> {
                            Script s = graph.find(info.revision()).orElseThrow();
                            history.updateChecksum(c, s.revision(), s.checksum(),
                                    entry(s.revision(), "checksum realigned to " + s.source().name()));
                            realigned.add(s.revision());
                        }
                        case MISSING_FILE -> missing.add(info.revision());
                        default -> {
                        }
                    }
                }
            });
            LOG.info("Repair: removed {} failed row(s) {}, realigned {} checksum(s) {}{}{}", removed.size(), removed,
                    realigned.size(), realigned, interrupted.isEmpty() ? "" : ", removed " + interrupted.size()
                            + " in-progress row(s) " + interrupted, keptApplied.isEmpty() ? "" : ", kept "
                            + keptApplied.size() + " interrupted downgrade(s) applied " + keptApplied);
            warnings.forEach(w -> LOG.warn("Repair: {}", w));
            if (!interrupted.isEmpty() || !keptApplied.isEmpty()) {
                List<String> invalid = InvalidIndexes.list(session.connection());
                if (!invalid.isEmpty()) {
                    LOG.warn("INVALID index(es) are still there: {}; an interrupted CREATE INDEX CONCURRENTLY leaves"
                            + " them, and running the revision again fails on them: {}", invalid, invalid.stream()
                            .map(InvalidIndexes::dropStatement).collect(Collectors.joining(" ")));
                }
            }
            if (!missing.isEmpty()) {
                LOG.warn("Applied revisions without a script (left in the history): {}", missing);
            }
            return new RepairResult(removed, realigned, missing, interrupted, keptApplied);
        } catch (SQLException e) {
            throw history.failure("repair", e);
        }
    }

    private static AuditEntry entry(String revision, String what) {
        return AuditEntry.success("repair", revision, Instant.now(), 0, what);
    }
}
