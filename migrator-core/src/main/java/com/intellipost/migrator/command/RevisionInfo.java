package com.intellipost.migrator.command;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One line of {@code info}: a revision, its script and its state. */
public record RevisionInfo(
        String revision,
        List<String> downRevisions,
        String message,
        String script,
        RevisionState state,
        Optional<Instant> appliedAt,
        Optional<Long> executionMs) {

    /** For a failed, missing or edited revision, what is wrong and what to do, as validate says it; else empty. */
    public Optional<String> problem() {
        return RevisionStates.problem(this);
    }
}
