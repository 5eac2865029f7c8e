package com.intellipost.migrator.command;

/** Where a revision stands, comparing its script with the history. */
public enum RevisionState {
    APPLIED("applied"),
    PENDING("pending"),
    FAILED("failed"),
    MISSING_FILE("missing file"),
    CHECKSUM_MISMATCH("checksum mismatch"),
    /** A non-transactional section was running; when no run holds the lock, its run ended without finishing. */
    IN_PROGRESS("in progress");

    private final String label;

    RevisionState(String label) {
        this.label = label;
    }

    /** The words {@code info} prints. */
    public String label() {
        return label;
    }
}
