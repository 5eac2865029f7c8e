package com.intellipost.migrator.config;

import java.util.Locale;

/** How migrations are grouped into transactions. */
public enum TransactionMode {
    /** One transaction per migration, holding its statements and its history row (the default). */
    PER_MIGRATION,
    /** The whole run in one transaction: all or nothing. */
    ALL;

    static TransactionMode parse(String value, String parameterName) {
        return switch (value.trim().toLowerCase(Locale.ROOT).replace('_', '-')) {
            case "per-migration", "migration", "each" -> PER_MIGRATION;
            case "all", "single" -> ALL;
            default -> throw new ConfigurationException(parameterName + "=" + value
                    + " is not a transaction mode; use per-migration (default) or all");
        };
    }
}
