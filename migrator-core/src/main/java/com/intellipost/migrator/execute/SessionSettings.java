package com.intellipost.migrator.execute;

import com.intellipost.migrator.config.Configuration;
import com.intellipost.migrator.config.Durations;
import java.time.Duration;
import java.util.List;

/** The {@code SET} statements of a run's session, written once for the runner and for a plan. */
public final class SessionSettings {

    private SessionSettings() {
    }

    /** {@code lock_timeout} and {@code statement_timeout}, as every run starts with them. */
    public static List<String> timeouts(Configuration configuration) {
        return List.of(lockTimeout(configuration.lockTimeout(), false),
                "SET statement_timeout = '" + Durations.toPostgres(configuration.statementTimeout()) + "'");
    }

    /** {@code SET [LOCAL] lock_timeout = '...'}: LOCAL for a script's own timeout inside its transaction. */
    public static String lockTimeout(Duration timeout, boolean local) {
        return "SET " + (local ? "LOCAL " : "") + "lock_timeout = '" + Durations.toPostgres(timeout) + "'";
    }
}
