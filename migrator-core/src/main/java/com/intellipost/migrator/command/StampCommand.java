package com.intellipost.migrator.command;

import com.intellipost.migrator.graph.RevisionGraph;
import com.intellipost.migrator.history.AppliedRevision;
import com.intellipost.migrator.history.AuditEntry;
import com.intellipost.migrator.history.SchemaHistory;
import com.intellipost.migrator.history.SchemaHistory.RevisionRecord;
import com.intellipost.migrator.script.Script;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks revisions as applied without running them, to adopt a database whose schema already exists:
 * {@code head}, {@code heads} or a revision (with its ancestors); {@code base} empties the history instead.
 */
public final class StampCommand {

    private static final Logger LOG = LoggerFactory.getLogger(StampCommand.class);

    private final CommandContext context;

    public StampCommand(CommandContext context) {
        this.context = context;
    }

    public StampResult run(String target) {
        if (target == null || target.isBlank()) {
            // no default: a stamp without a target would record every revision as applied
            throw new UnknownRevisionException("stamp needs a target: the revision the database's schema already"
                    + " matches, head, or base to empty the history (stamp <target> on the command line,"
                    + " -Dintellipost.target=<target> with Maven)");
        }
        RevisionGraph graph = context.loadGraph();
        boolean base = "base".equals(target == null ? null : target.trim());
        Set<String> required = base ? Set.of() : Targets.required(graph, target, "stamp");
        SchemaHistory history = context.history();
        try (LockedSession session = LockedSession.open(context)) {
            session.ensureTables();
            if (!base) {
                refuseUnfinishedRows(graph, required, session.applied());
            }
            Set<String> applied = new HashSet<>(session.applied().keySet());
            List<String> stamped = new ArrayList<>();
            List<String> unstamped = new ArrayList<>();
            session.inTransaction(c -> {
                if (base) {
                    for (String revision : session.applied().keySet()) {
                        history.delete(c, revision, entry(revision));
                        unstamped.add(revision);
                    }
                    applied.clear();
                }
                for (Script s : graph.inOrder(required)) {
                    if (applied.add(s.revision())) {
                        history.record(c, new RevisionRecord(s.revision(), s.downRevisions(), s.message(),
                                s.source().name(), s.checksum(), s.transactional(), 0, true), entry(s.revision()));
                        stamped.add(s.revision());
                    }
                }
            });
            List<String> current = graph.currentRevisions(applied);
            // the one summary: the command line prints its own result line, the Maven goal relies on this one
            LOG.info("Stamped {} revision(s) {}{}; now at {}", stamped.size(), stamped,
                    unstamped.isEmpty() ? "" : ", removed " + unstamped.size() + " from the history " + unstamped,
                    current.isEmpty() ? "base" : current);
            return new StampResult(stamped, unstamped, current);
        } catch (SQLException e) {
            throw history.failure("stamp", e);
        }
    }

    /**
     * Stamp adds rows for revisions that have none; a failed or in-progress row is not one it may overwrite (the
     * database is in a state no script describes), and skipping it would report success for nothing done.
     */
    private static void refuseUnfinishedRows(RevisionGraph graph, Set<String> required,
                                             Map<String, AppliedRevision> applied) {
        List<String> problems = new ArrayList<>();
        for (RevisionInfo info : RevisionStates.of(graph, applied)) {
            if (required.contains(info.revision())
                    && (info.state() == RevisionState.FAILED || info.state() == RevisionState.IN_PROGRESS)) {
                problems.add("stamp cannot record " + info.revision() + " as applied: its history row is "
                        + info.state().label() + ". " + info.problem().orElse("") + ". Nothing was stamped.");
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
    }

    private static AuditEntry entry(String revision) {
        return new AuditEntry("stamp", revision, AuditEntry.SUCCESS, Instant.now(), 0, null);
    }
}
