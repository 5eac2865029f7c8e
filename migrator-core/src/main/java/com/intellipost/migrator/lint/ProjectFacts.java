package com.intellipost.migrator.lint;

import java.util.HashMap;
import java.util.Map;

/** What earlier revisions left that later verdicts depend on: validated {@code CHECK (col IS NOT NULL)} constraints. */
final class ProjectFacts {

    /** {@code table.constraint} of a not-yet-validated not-null check, to the column it covers. */
    private final Map<String, String> pendingNotNullChecks = new HashMap<>();
    /**
     * {@code table.constraint} of a validated not-null check, to {@code table.column} it covers: by constraint, so
     * that dropping the check takes the fact away again (SET NOT NULL then scans).
     */
    private final Map<String, String> validatedNotNullChecks = new HashMap<>();

    void notNullCheckAdded(String table, String constraint, String column, boolean validated) {
        if (validated) {
            validatedNotNullChecks.put(table + "." + constraint, table + "." + column);
        } else {
            pendingNotNullChecks.put(table + "." + constraint, column);
        }
    }

    void constraintValidated(String table, String constraint) {
        String column = pendingNotNullChecks.remove(table + "." + constraint);
        if (column != null) {
            validatedNotNullChecks.put(table + "." + constraint, table + "." + column);
        }
    }

    void constraintDropped(String table, String constraint) {
        pendingNotNullChecks.remove(table + "." + constraint);
        validatedNotNullChecks.remove(table + "." + constraint);
    }

    boolean hasValidatedNotNullCheck(String table, String column) {
        return validatedNotNullChecks.containsValue(table + "." + column);
    }
}
