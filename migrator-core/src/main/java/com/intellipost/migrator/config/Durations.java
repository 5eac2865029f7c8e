package com.intellipost.migrator.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations written the way PostgreSQL accepts them: {@code 500ms}, {@code 5s}, {@code 10min}, {@code 1h}. */
public final class Durations {

    /**
     * The longest duration accepted, in milliseconds. PostgreSQL keeps {@code lock_timeout} and
     * {@code statement_timeout} in an int of milliseconds ({@code SET lock_timeout = '2147483648ms'} fails with
     * "Value exceeds integer range"), and every duration here is either sent to such a SET or is a wait of the
     * migrator's own, for which 24 days is no limit in practice; one maximum for all keeps the rule simple.
     */
    public static final long MAX_MILLIS = Integer.MAX_VALUE;

    private static final Pattern FORMAT = Pattern.compile("(\\d+)\\s*(ms|s|sec|m|min|h)?");

    private Durations() {
    }

    /** A bare number is milliseconds, as for PostgreSQL's {@code lock_timeout}; at most {@link #MAX_MILLIS}. */
    public static Duration parse(String value, String parameterName) {
        Matcher m = FORMAT.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new ConfigurationException(parameterName + "=" + value
                    + " is not a duration; write it like 500ms, 5s, 10min or 1h");
        }
        String unit = m.group(2) == null ? "ms" : m.group(2);
        long unitMillis = switch (unit) {
            case "ms" -> 1;
            case "s", "sec" -> 1000;
            case "m", "min" -> 60_000;
            default -> 3_600_000;
        };
        long amount;
        try {
            amount = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            amount = Long.MAX_VALUE; // more digits than a long holds: too long either way
        }
        if (amount > MAX_MILLIS / unitMillis) {
            throw new ConfigurationException(parameterName + "=" + value + " is too long; the maximum is "
                    + MAX_MILLIS + "ms (about 24.8 days, the largest timeout PostgreSQL accepts)");
        }
        return Duration.ofMillis(amount * unitMillis);
    }

    /** The form PostgreSQL's {@code SET lock_timeout} expects. */
    public static String toPostgres(Duration d) {
        return d.toMillis() + "ms";
    }
}
