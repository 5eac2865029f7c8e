package com.intellipost.migrator.history;

import java.time.Instant;
import java.util.List;

/** One row of {@code intellipost_schema_history}. */
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
        boolean success) {
}
