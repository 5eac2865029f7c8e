package com.intellipost.migrator.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Masks credentials in any URL-like text so that it can appear in a message. Follows the same reading as
 * {@link DatabaseUrl#parse}: in {@code scheme://user:password@host...} the password runs from the first {@code :}
 * to the LAST {@code @}, so a password holding {@code / ? # @ :} is masked whole; {@code password=} parameters are
 * masked up to the next {@code &}. When the two readings overlap, both are masked: too much hidden beats a leak.
 */
final class UrlRedaction {

    private static final String MASK = "***";
    private static final String PASSWORD_PARAMETER = "password=";

    private UrlRedaction() {
    }

    static String redact(String url) {
        if (url == null) {
            return null;
        }
        boolean jdbc = url.regionMatches(true, 0, "jdbc:", 0, 5);
        int schemeEnd = url.indexOf("://");
        int restStart = schemeEnd < 0 ? 0 : schemeEnd + 3;
        List<int[]> masked = new ArrayList<>();
        // pgjdbc reads a jdbc: URL's query as parameters, so an @ inside password=... is the password's, not
        // the end of a user info; in the libpq forms the user info is read first, up to the last @.
        List<int[]> parameters = passwordParameters(url, jdbc ? restStart : 0);
        int at = jdbc ? lastAtOutside(url, restStart, parameters) : url.lastIndexOf('@');
        if (at >= restStart) {
            int colon = url.indexOf(':', restStart);
            if (colon >= 0 && colon < at) {
                masked.add(new int[] {colon + 1, at});
            }
        }
        if (jdbc) {
            masked.addAll(parameters);
        } else {
            masked.addAll(passwordParameters(url, Math.max(restStart, at + 1)));
        }
        return apply(url, masked);
    }

    /** Whether the text carries a password: a user info with {@code :}, or a {@code password=} parameter. */
    static boolean carriesPassword(String url) {
        return !redact(url).equals(url);
    }

    /** Ranges of the values of {@code password=} (and {@code sslpassword=}...) parameters from {@code from} on. */
    private static List<int[]> passwordParameters(String url, int from) {
        List<int[]> ranges = new ArrayList<>();
        String lower = url.toLowerCase(Locale.ROOT);
        for (int i = lower.indexOf(PASSWORD_PARAMETER, from); i >= 0;
                i = lower.indexOf(PASSWORD_PARAMETER, i + 1)) {
            int start = i + PASSWORD_PARAMETER.length();
            int end = url.indexOf('&', start);
            ranges.add(new int[] {start, end < 0 ? url.length() : end});
        }
        return ranges;
    }

    private static int lastAtOutside(String url, int from, List<int[]> ranges) {
        for (int i = url.lastIndexOf('@'); i >= from; i = url.lastIndexOf('@', i - 1)) {
            int position = i;
            if (ranges.stream().noneMatch(r -> position >= r[0] && position < r[1])) {
                return i;
            }
        }
        return -1;
    }

    /** Replaces each masked character run (overlapping or adjacent ranges merge) by a single {@code ***}. */
    private static String apply(String url, List<int[]> ranges) {
        if (ranges.isEmpty()) {
            return url;
        }
        boolean[] hide = new boolean[url.length() + 1];
        List<Integer> emptyAt = new ArrayList<>();
        for (int[] r : ranges) {
            if (r[0] == r[1]) {
                emptyAt.add(r[0]); // "user:@host": still shown as masked, the reader learns nothing
            }
            for (int i = r[0]; i < r[1]; i++) {
                hide[i] = true;
            }
        }
        StringBuilder out = new StringBuilder(url.length());
        for (int i = 0; i <= url.length(); i++) {
            boolean startsRun = hide[i] && (i == 0 || !hide[i - 1]);
            if (startsRun || (!hide[i] && emptyAt.contains(i) && (i == 0 || !hide[i - 1]))) {
                out.append(MASK);
            }
            if (i < url.length() && !hide[i]) {
                out.append(url.charAt(i));
            }
        }
        return out.toString();
    }
}
