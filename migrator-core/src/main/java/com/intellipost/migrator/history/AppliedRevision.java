package com.intellipost.migrator.history;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One row of {@code intellipost_schema_history}. {@code inProgress} is {@code upgrade} or {@code downgrade} while
 * a non-transactional section runs (its row is then also {@code success = false}); a row still in progress when
 * the lock is free was left by a run that ended without finishing it.
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
        Optional<String> inProgress) {
}
