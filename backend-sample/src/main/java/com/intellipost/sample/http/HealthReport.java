package com.intellipost.sample.http;

import java.util.List;

/**
 * The body of {@code GET /health}, the same shape for 200 and 503.
 *
 * @param status                 {@code ok} or {@code unavailable}
 * @param database               {@code reachable} or {@code unreachable}
 * @param atHead                 every revision of this build is applied and none failed or was edited
 * @param heads                  this build's head revision(s)
 * @param currentRevisions       the revision(s) the database is at (empty: nothing applied)
 * @param pendingRevisions       revisions of this build not applied yet
 * @param problems               failed or edited revisions
 * @param unknownRevisions       applied revisions this build does not contain (a newer build migrated; tolerated)
 * @param error                  why the check could not be made, or null
 */
public record HealthReport(String status, String environment, String database, boolean atHead, List<String> heads,
                           List<String> currentRevisions, List<Revision> pendingRevisions, List<String> problems,
                           List<String> unknownRevisions, String error) {

    /** A revision as the health check shows it. */
    public record Revision(String revision, String message, String script) {
    }
}
