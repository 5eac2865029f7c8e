package com.intellipost.migrator.command;

import java.util.List;

/** What {@code migrate} did: the revisions applied, in order, and where the database stands now. */
public record MigrateResult(List<AppliedMigration> applied, List<String> currentRevisions, long totalMs) {

    /** One applied revision. */
    public record AppliedMigration(String revision, String message, String script, boolean transactional,
                                   long executionMs) {
    }
}
