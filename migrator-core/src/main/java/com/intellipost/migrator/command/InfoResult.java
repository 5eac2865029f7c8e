package com.intellipost.migrator.command;

import java.util.List;

/** Every revision with its state, the heads of the graph and the revisions the database is at. */
public record InfoResult(List<RevisionInfo> revisions, List<String> heads, List<String> currentRevisions) {

    /** Revisions not applied yet. */
    public List<RevisionInfo> pending() {
        return revisions.stream().filter(r -> r.state() == RevisionState.PENDING).toList();
    }
}
