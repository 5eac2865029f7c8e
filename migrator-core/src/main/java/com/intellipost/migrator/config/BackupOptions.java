package com.intellipost.migrator.config;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The backup settings (DESIGN 2.14).
 *
 * @param pgDump     {@code backup}: {@code pg_dump} (true) or {@code none}; by default true in production only
 * @param directory  {@code backupDirectory}: where dumps are written, relative to the working directory
 * @param pgDumpPath {@code pgDumpPath}: the pg_dump program, a path or a name looked up on the {@code PATH}
 */
public record BackupOptions(boolean pgDump, Path directory, String pgDumpPath) {

    /** No backup: scratch databases, and tests. */
    public static BackupOptions none() {
        return new BackupOptions(false, Path.of(Settings.DEFAULTS.get("backupDirectory")),
                Settings.DEFAULTS.get("pgDumpPath"));
    }

    /** Reads {@code pg_dump} or {@code none}; {@code origin} names the setting in the error. */
    static boolean parseMode(String value, String origin) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "pg_dump", "pg-dump", "pgdump" -> true;
            case "none", "off", "false" -> false;
            default -> throw new ConfigurationException(origin + "=" + value + " is not a backup mode; use pg_dump"
                    + " (pg_dump --format=custom to backupDirectory before a migrate or downgrade with work to do) or"
                    + " none (the platform takes its own snapshots)");
        };
    }
}
