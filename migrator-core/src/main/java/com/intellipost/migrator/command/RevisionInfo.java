package com.intellipost.migrator.command;

import java.time.Instant;
import com.intellipost.migrator.history.ResumePoint;
import java.util.List;
import java.util.Optional;

/**
 * One line of {@code info}: a revision, its script and its state; for one in progress, whether its upgrade or its
 * downgrade was interrupted and where the next run of it resumes, when the interrupted run saved that.
 */
public record RevisionInfo(
        String revision,
        List<String> downRevisions,
        String message,
        String script,
        RevisionState state,
        Optional<Instant> appliedAt,
        Optional<Long> executionMs,
        Optional<String> interruptedAction,
        Optional<ResumePoint> resumePoint) {

    /** A revision that is not in progress. */
    public RevisionInfo(String revision, List<String> downRevisions, String message, String script,
                        RevisionState state, Optional<Instant> appliedAt, Optional<Long> executionMs) {
        this(revision, downRevisions, message, script, state, appliedAt, executionMs, Optional.empty(),
                Optional.empty());
    }

    /** For a failed, missing or edited revision, what is wrong and what to do, as validate says it; else empty. */
    public Optional<String> problem() {
        return RevisionStates.problem(this);
    }
}
