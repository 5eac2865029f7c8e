package com.intellipost.migrator.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations written the way PostgreSQL accepts them: {@code 500ms}, {@code 5s}, {@code 10min}, {@code 1h}. */
public final class Durations {

    private static final Pattern FORMAT = Pattern.compile("(\\d+)\\s*(ms|s|sec|m|min|h)?");

    private Durations() {
    }

    /** A bare number is milliseconds, as for PostgreSQL's {@code lock_timeout}. */
    public static Duration parse(String value, String parameterName) {
        Matcher m = FORMAT.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new ConfigurationException(parameterName + "=" + value
                    + " is not a duration; write it like 500ms, 5s, 10min or 1h");
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "s", "sec" -> Duration.ofSeconds(amount);
            case "m", "min" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }

    /** The form PostgreSQL's {@code SET lock_timeout} expects. */
    public static String toPostgres(Duration d) {
        return d.toMillis() + "ms";
    }
}
