package com.intellipost.migrator.spring;

import com.intellipost.migrator.command.InfoResult;
import com.intellipost.migrator.command.RevisionInfo;
import com.intellipost.migrator.command.RevisionState;
import java.util.List;
import java.util.Optional;

/**
 * Where the database stands against this build's scripts, as the startup check and the health contributor read
 * {@code info}: pending revisions, failed or edited ones (with the core's word on each), and applied revisions
 * this build does not contain. The last are tolerated: during a rolling deploy an older replica must still start
 * (or stay up) after a newer one migrated.
 *
 * @param current  the revisions the database is at (empty: nothing applied)
 * @param heads    this build's head revisions
 * @param pending  revisions of this build not applied yet, in upgrade order
 * @param problems what is wrong with each failed or edited revision, and what to do
 * @param unknown  applied revisions no script of this build declares
 */
record SchemaStatus(List<String> current, List<String> heads, List<RevisionInfo> pending, List<String> problems,
                    List<String> unknown) {

    static SchemaStatus of(InfoResult info) {
        List<String> problems = info.revisions().stream().filter(r -> r.state() != RevisionState.MISSING_FILE)
                .map(RevisionInfo::problem).flatMap(Optional::stream).toList();
        List<String> unknown = info.revisions().stream().filter(r -> r.state() == RevisionState.MISSING_FILE)
                .map(RevisionInfo::revision).toList();
        return new SchemaStatus(info.currentRevisions(), info.heads(), info.pending(), problems, unknown);
    }

    /** Nothing pending, nothing failed or edited. */
    boolean atHead() {
        return pending.isEmpty() && problems.isEmpty();
    }

    List<String> pendingRevisions() {
        return pending.stream().map(RevisionInfo::revision).toList();
    }
}
