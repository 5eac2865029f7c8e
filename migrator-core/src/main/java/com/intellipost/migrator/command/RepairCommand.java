package com.intellipost.migrator.command;

import com.intellipost.migrator.execute.InvalidIndexes;
import com.intellipost.migrator.graph.RevisionGraph;
import com.intellipost.migrator.history.AuditEntry;
import com.intellipost.migrator.history.SchemaHistory;
import com.intellipost.migrator.script.Script;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clears failed rows (after the user fixed the database) and realigns the checksums of edited scripts, each
 * recorded in the audit table. Rows whose script is missing are reported, not removed: an older build must not
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
            session.inTransaction(c -> {
                for (RevisionInfo info : RevisionStates.of(graph, session.applied())) {
                    switch (info.state()) {
                        case FAILED -> {
                            history.delete(c, info.revision(), entry(info.revision(), "removed failed row"));
                            removed.add(info.revision());
                        }
                        case IN_PROGRESS -> {
                            String action = session.applied().get(info.revision()).inProgress().orElse("run");
                            history.delete(c, info.revision(), entry(info.revision(), "removed in-progress row"
                                    + " (its " + action + " was interrupted)"));
                            interrupted.add(info.revision());
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
            LOG.info("Repair: removed {} failed row(s) {}, realigned {} checksum(s) {}{}", removed.size(), removed,
                    realigned.size(), realigned, interrupted.isEmpty() ? "" : ", removed " + interrupted.size()
                            + " in-progress row(s) " + interrupted);
            if (!interrupted.isEmpty()) {
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
            return new RepairResult(removed, realigned, missing, interrupted);
        } catch (SQLException e) {
            throw history.failure("repair", e);
        }
    }

    private static AuditEntry entry(String revision, String what) {
        return AuditEntry.success("repair", revision, Instant.now(), 0, what);
    }
}
