package com.intellipost.migrator.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where the migrator runs; decides what is allowed (creating a missing database, {@code clean}). */
public enum Environment {
    DEVELOPMENT, TESTING, STAGING, PRODUCTION;

    /** Parses {@code development}, {@code testing}, {@code staging} or {@code production}, in any case. */
    public static Environment parse(String value, String parameterName) {
        String normalised = value.trim().toLowerCase(Locale.ROOT);
        for (Environment e : values()) {
            if (e.id().equals(normalised)) {
                return e;
            }
        }
        throw new ConfigurationException(parameterName + "=" + value + " is not an environment; use one of "
                + Arrays.stream(values()).map(Environment::id).collect(Collectors.joining(", ")));
    }

    /** The lowercase name used in settings and the audit table. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Staging and production take their credentials from the environment, never from a committed file. */
    public boolean isProtected() {
        return this == STAGING || this == PRODUCTION;
    }
}
