package com.intellipost.migrator.command;

import java.util.List;

/** What {@code downgrade} did: the revisions reverted, newest first, and where the database stands now. */
public record DowngradeResult(List<String> reverted, List<String> currentRevisions, long totalMs) {
}
