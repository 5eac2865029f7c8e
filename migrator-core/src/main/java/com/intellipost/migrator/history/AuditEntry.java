package com.intellipost.migrator.history;

import java.time.Instant;

/**
 * One row to append to {@code intellipost_schema_audit}. {@code error} holds only what went wrong; {@code detail}
 * what a successful action did (repair, clean); {@code backup} the dump taken before the run (file, size, time).
 */
public record AuditEntry(String action, String revision, String outcome, Instant startedAt, long durationMs,
                         String error, String detail, String backup) {

    public static final String SUCCESS = "success";
    public static final String FAILED = "failed";

    /** An entry without detail or backup. */
    public AuditEntry(String action, String revision, String outcome, Instant startedAt, long durationMs, String error) {
        this(action, revision, outcome, startedAt, durationMs, error, null, null);
    }

    /** A successful action that says what it did. */
    public static AuditEntry success(String action, String revision, Instant startedAt, long durationMs, String detail) {
        return new AuditEntry(action, revision, SUCCESS, startedAt, durationMs, null, detail, null);
    }

    /** The same entry naming the backup taken before its run. */
    public AuditEntry withBackup(String description) {
        return new AuditEntry(action, revision, outcome, startedAt, durationMs, error, detail, description);
    }
}
