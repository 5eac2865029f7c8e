package com.intellipost.migrator.command;

import java.util.List;

/**
 * What {@code repair} changed in the history: failed rows and rows left in progress by an interrupted run removed,
 * checksums realigned; applied revisions whose script is missing are only reported.
 */
public record RepairResult(List<String> removedFailed, List<String> realignedChecksums, List<String> missingFiles,
                           List<String> removedInProgress) {
}
