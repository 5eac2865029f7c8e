package com.intellipost.migrator.command;

import java.util.List;

/** What {@code repair} changed in the history. */
public record RepairResult(List<String> removedFailed, List<String> realignedChecksums, List<String> missingFiles) {
}
