package com.intellipost.migrator.command;

import com.intellipost.migrator.graph.RevisionGraph;
import com.intellipost.migrator.history.AppliedRevision;
import com.intellipost.migrator.history.ResumePoint;
import com.intellipost.migrator.script.Script;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Compares the scripts with the history: the one place that decides a revision's state. */
final class RevisionStates {

    private RevisionStates() {
    }

    /** Every revision in upgrade order, then applied revisions whose script is gone. */
    static List<RevisionInfo> of(RevisionGraph graph, Map<String, AppliedRevision> applied) {
        List<RevisionInfo> infos = new ArrayList<>(graph.size());
        for (Script s : graph.order()) {
            AppliedRevision row = applied.get(s.revision());
            RevisionState state = row == null ? RevisionState.PENDING
                    : row.inProgress().isPresent() ? RevisionState.IN_PROGRESS
                    : !row.success() ? RevisionState.FAILED
                    : !s.checksum().equals(row.checksum()) ? RevisionState.CHECKSUM_MISMATCH
                    : RevisionState.APPLIED;
            infos.add(new RevisionInfo(s.revision(), s.downRevisions(), s.message(), s.source().name(), state,
                    Optional.ofNullable(row).map(AppliedRevision::appliedAt),
                    Optional.ofNullable(row).filter(r -> r.inProgress().isEmpty()) // it never finished: no duration
                            .map(AppliedRevision::executionMs),
                    Optional.ofNullable(row).flatMap(AppliedRevision::inProgress),
                    Optional.ofNullable(row).filter(r -> r.inProgress().isPresent())
                            .flatMap(AppliedRevision::batchResume)));
        }
        for (AppliedRevision row : applied.values()) {
            if (graph.find(row.revision()).isEmpty()) {
                infos.add(new RevisionInfo(row.revision(), row.downRevisions(), row.message(), row.script(),
                        row.inProgress().isPresent() ? RevisionState.IN_PROGRESS
                                : row.success() ? RevisionState.MISSING_FILE : RevisionState.FAILED,
                        Optional.of(row.appliedAt()), Optional.of(row.executionMs()), row.inProgress(),
                        row.inProgress().isPresent() ? row.batchResume() : Optional.empty()));
            }
        }
        return infos;
    }

    /** A user-facing problem for every revision that is failed, missing or edited. */
    static List<String> problems(List<RevisionInfo> infos) {
        List<String> problems = new ArrayList<>();
        for (RevisionInfo i : infos) {
            problem(i).ifPresent(problems::add);
        }
        return problems;
    }

    /** What is wrong with a failed, missing or edited revision and what to do about it; empty for the others. */
    static Optional<String> problem(RevisionInfo i) {
        return switch (i.state()) {
            case FAILED -> Optional.of("Revision " + i.revision() + " (" + i.script() + ") failed outside a"
                    + " transaction and is recorded as failed: fix the database by hand, then run repair (repair on"
                    + " the command line, mvn intellipost:repair with Maven), then migrate");
            case CHECKSUM_MISMATCH -> Optional.of("Revision " + i.revision() + " was edited after it was"
                    + " applied: " + i.script() + " no longer matches the checksum in the history. Restore the"
                    + " applied version of the file, or put the change in a new revision; if the edit is"
                    + " deliberate and the database already matches it, run repair");
            case IN_PROGRESS -> Optional.of(i.resumePoint().isPresent()
                    ? resumable(i.revision(), i.script(), i.interruptedAction().orElse("upgrade"), i.resumePoint().get())
                    : "Revision " + i.revision() + " (" + i.script() + ") is marked in progress: its "
                    + i.interruptedAction().orElse("run") + " ran outside a transaction and its run ended without"
                    + " finishing it (killed, or its connection was lost), unless a migrator is running it right now."
                    + " Run " + (i.interruptedAction().filter("downgrade"::equals).isPresent() ? "downgrade" : "migrate")
                    + ": it names what the revision left (INVALID indexes) and how to clean it up, then run repair"
                    + (i.interruptedAction().filter("downgrade"::equals).isPresent() ? " (for an interrupted"
                    + " downgrade repair keeps the revision applied, and the next downgrade runs its down section"
                    + " again from the start)" : ""));
            case MISSING_FILE -> Optional.of("Revision " + i.revision() + " is applied (from " + i.script()
                    + ") but no script declares it: restore the file, or run a build that contains it");
            default -> Optional.empty();
        };
    }

    /**
     * What to do about a revision a killed run left in progress with a resume point: run the same command again,
     * which resumes; repair would throw the resume point away.
     */
    static String resumable(String revision, String script, String action, ResumePoint point) {
        boolean down = action.equals("downgrade");
        if (point.completed()) {
            return "Revision " + revision + " (" + script + ") is marked in progress: its " + action + " ran every"
                    + " statement, but its run ended before it could " + (down ? "remove" : "write") + " the history"
                    + " row. Run the same " + action + " again: it runs nothing and only " + (down ? "removes" :
                    "writes") + " the row" + (down ? " (repair does the same)" : "");
        }
        return "Revision " + revision + " (" + script + ") is marked in progress: its " + action + " was interrupted"
                + " between batches (the batched statement at line " + point.line() + "; its batches with a key below "
                + point.next() + " are committed). Run " + (down ? "the same downgrade (a target that reverts "
                + revision + ", e.g. -1)" : "migrate") + " again: it resumes at key " + point.next() + " and runs"
                + " no batch twice. Repair would discard that resume point: " + (down ? "the revision would stay"
                + " applied with those batches reverted, and the next downgrade would restart its down section from"
                + " the first batch" : "the next migrate would restart it from the first batch");
    }
}
