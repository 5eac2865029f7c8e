package com.intellipost.migrator.lint;

import com.intellipost.migrator.config.ConfigurationException;
import java.util.Locale;

/** {@code lintFailOn}: which findings fail {@code lint} and {@code check}. */
public enum FailOn {
    ERROR, WARNING, NEVER;

    /** Reads {@code error}, {@code warning} or {@code never}; {@code origin} names the setting in the error. */
    public static FailOn parse(String value, String origin) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(origin + "=" + value + " is not one of error, warning, never");
        }
    }

    /** Whether a finding of {@code severity} fails the run. */
    public boolean fails(Severity severity) {
        return this == WARNING || this == ERROR && severity == Severity.ERROR;
    }
}
