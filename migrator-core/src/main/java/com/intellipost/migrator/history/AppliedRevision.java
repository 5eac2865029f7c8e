package com.intellipost.migrator.history;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One row of {@code intellipost_schema_history}. {@code inProgress} is {@code upgrade} or {@code downgrade} while
 * a non-transactional section runs (its row is then also {@code success = false}); a row still in progress when
 * the lock is free was left by a run that ended without finishing it; {@code batchResume} is where its next run
 * goes on, when that run saved one ({@link ResumePoint}).
 */
public record AppliedRevision(
        String revision,
        List<String> downRevisions,
        String message,
        String script,
        String checksum,
        boolean transactional,
        String appliedBy,
        Instant appliedAt,
        long executionMs,
        boolean success,
        Optional<String> inProgress,
        Optional<ResumePoint> batchResume) {

    /** A row without a resume point (none saved, or not in progress). */
    public AppliedRevision(String revision, List<String> downRevisions, String message, String script, String checksum,
                           boolean transactional, String appliedBy, Instant appliedAt, long executionMs,
                           boolean success, Optional<String> inProgress) {
        this(revision, downRevisions, message, script, checksum, transactional, appliedBy, appliedAt, executionMs,
                success, inProgress, Optional.empty());
    }

    /** The same row, marked applied and no longer in progress (an interrupted downgrade about to be resumed). */
    public AppliedRevision asApplied() {
        return new AppliedRevision(revision, downRevisions, message, script, checksum, transactional, appliedBy,
                appliedAt, executionMs, true, Optional.empty(), Optional.empty());
    }
}
