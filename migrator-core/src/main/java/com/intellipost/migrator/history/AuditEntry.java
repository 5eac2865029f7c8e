package com.intellipost.migrator.history;

import java.time.Instant;

/** One row to append to {@code intellipost_schema_audit}. */
public record AuditEntry(String action, String revision, String outcome, Instant startedAt, long durationMs, String error) {

    public static final String SUCCESS = "success";
    public static final String FAILED = "failed";
}
