package com.intellipost.migrator.config;

import java.util.Locale;

/** {@code lintFailOn}: which findings fail {@code lint} and {@code check}. */
public enum LintFailOn {
    ERROR, WARNING, NEVER;

    /** Reads {@code error}, {@code warning} or {@code never}; {@code origin} names the setting in the error. */
    public static LintFailOn parse(String value, String origin) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(origin + "=" + value + " is not one of error, warning, never");
        }
    }

    /** Whether a finding that is an error ({@code error}) or only a warning fails the run. */
    public boolean fails(boolean error) {
        return this == WARNING || this == ERROR && error;
    }
}
