package com.intellipost.migrator.history;

import java.time.Instant;

/** One row to append to {@code intellipost_schema_audit}. */
public record AuditEntry(String action, String revision, String outcome, Instant startedAt, long durationMs, String error) {

    public static final String SUCCESS = "success";
    public static final String FAILED = "failed";
    /** The outcome of an upgrade or downgrade that psql committed while running a plan (DESIGN 2.13). */
    public static final String APPLIED_BY_PLAN = "applied-by-plan";
}
