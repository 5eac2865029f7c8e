package com.intellipost.migrator.command;

import java.util.List;

/**
 * What {@code repair} changed in the history: failed rows and rows an interrupted upgrade left in progress removed,
 * rows an interrupted downgrade left in progress marked applied again ({@code keptApplied}: the revision was applied
 * when that downgrade started, and part of it may still be), checksums realigned; applied revisions whose script is
 * missing are only reported.
 */
public record RepairResult(List<String> removedFailed, List<String> realignedChecksums, List<String> missingFiles,
                           List<String> removedInProgress, List<String> keptApplied) {

    /** Nothing kept applied. */
    public RepairResult(List<String> removedFailed, List<String> realignedChecksums, List<String> missingFiles,
                        List<String> removedInProgress) {
        this(removedFailed, realignedChecksums, missingFiles, removedInProgress, List.of());
    }
}
