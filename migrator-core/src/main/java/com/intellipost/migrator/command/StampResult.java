package com.intellipost.migrator.command;

import java.util.List;

/** Revisions {@code stamp} marked as applied (or removed, for {@code base}) without running them. */
public record StampResult(List<String> stamped, List<String> unstamped, List<String> currentRevisions) {
}
