package com.intellipost.migrator.config;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The lint settings (DESIGN 2.7).
 *
 * @param failOn          {@code lintFailOn}: which findings fail {@code lint} and {@code check}
 * @param baseline        {@code lintBaseline}: this revision and its ancestors are left out (adopting lint late)
 * @param disabled        {@code lintDisabled}: rule ids turned off for the whole project
 * @param postgresVersion {@code postgresVersion}: the major version whose rules apply when no server is connected
 * @param trace           {@code trace}: also run the revisions in scope on a scratch database and measure them
 */
public record LintOptions(LintFailOn failOn, Optional<String> baseline, Set<String> disabled, int postgresVersion,
                          boolean trace) {

    /** The version rules assume without a server and without {@code postgresVersion}: the one our CI runs. */
    public static final int DEFAULT_POSTGRES_VERSION = 15;
}
