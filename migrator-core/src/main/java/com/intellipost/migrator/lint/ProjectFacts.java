package com.intellipost.migrator.lint;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** What earlier revisions left that later verdicts depend on: validated {@code CHECK (col IS NOT NULL)} constraints. */
final class ProjectFacts {

    /** {@code table.constraint} of a not-yet-validated not-null check, to the column it covers. */
    private final Map<String, String> pendingNotNullChecks = new HashMap<>();
    /** {@code table.column} covered by a validated not-null check. */
    private final Set<String> validatedNotNull = new HashSet<>();

    void notNullCheckAdded(String table, String constraint, String column, boolean validated) {
        if (validated) {
            validatedNotNull.add(table + "." + column);
        } else {
            pendingNotNullChecks.put(table + "." + constraint, column);
        }
    }

    void constraintValidated(String table, String constraint) {
        String column = pendingNotNullChecks.remove(table + "." + constraint);
        if (column != null) {
            validatedNotNull.add(table + "." + column);
        }
    }

    boolean hasValidatedNotNullCheck(String table, String column) {
        return validatedNotNull.contains(table + "." + column);
    }
}
