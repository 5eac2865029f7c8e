package com.intellipost.migrator.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The plan settings (DESIGN 2.13).
 *
 * @param downgrade {@code downgrade}: plan a downgrade to this target ({@code -N}, a revision id or {@code base})
 *                  instead of a migrate
 * @param from      {@code from}: plan from this revision (with its ancestors applied) or {@code base}, without
 *                  reading a database
 * @param output    {@code output}: where the command line writes the plan (standard output without it)
 */
public record PlanOptions(Optional<String> downgrade, Optional<String> from, Optional<Path> output) {

    /** No plan setting given. */
    public static final PlanOptions NONE = new PlanOptions(Optional.empty(), Optional.empty(), Optional.empty());
}
