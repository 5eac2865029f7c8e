package com.intellipost.migrator.script;

/**
 * Reads {@code --} comment lines: the {@code -- migrate:up} and {@code -- migrate:down} section markers, lines that
 * look like them without being them, and the header's {@code -- key: value} entries. Hand-written rather than regular expressions: every comment line of every
 * script passes through here at each start, and matching was most of the CPU time of loading thousands of scripts.
 * Whitespace means what {@code \s} means in a regular expression: space, tab, and the ASCII line and form feeds.
 */
final class ScriptMarkers {

    private ScriptMarkers() {
    }

    static final String UP_MARKER = "-- migrate:up";
    static final String DOWN_MARKER = "-- migrate:down";

    private static final String MARKER_WORD = "migrate:";
    /** A line further from both markers than this many edits is an ordinary comment. */
    private static final int MAX_TYPO_EDITS = 2;
    /** Longer comment texts cannot be within {@link #MAX_TYPO_EDITS} of a marker; only their start matters. */
    private static final int TYPO_KEY_LENGTH = "migrate:down".length() + MAX_TYPO_EDITS + 1;

    static boolean isDownMarker(String line) {
        return isExactly(line, DOWN_MARKER);
    }

    static boolean isUpMarker(String line) {
        return isExactly(line, UP_MARKER);
    }

    // Exactly the marker from the first column; trailing whitespace is invisible, so it is allowed.
    private static boolean isExactly(String line, String marker) {
        if (!line.startsWith(marker)) {
            return false;
        }
        for (int i = marker.length(); i < line.length(); i++) {
            if (!isSpace(line.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The marker {@code line} was probably meant to be, when it looks like one without being exactly one; null
     * otherwise. A line looks like a marker when it is a {@code --} comment (indented or not) whose text, lower-cased
     * and with all whitespace removed, starts with {@code migrate:} or is at most two edits (a character inserted,
     * deleted, replaced, or two neighbours swapped) away from {@code migrate:up} or {@code migrate:down}. A near miss
     * must not pass for a comment: {@code -- migrate: down} would put the down section's SQL into the up section.
     */
    static String intendedMarker(String line) {
        int from = 0;
        while (from < line.length() && isSpace(line.charAt(from))) {
            from++;
        }
        if (!line.startsWith("--", from) || isExactly(line, UP_MARKER) || isExactly(line, DOWN_MARKER)
                || clearlyNotAMarker(line, from + 2)) {
            return null;
        }
        StringBuilder key = new StringBuilder(TYPO_KEY_LENGTH);
        for (int i = from + 2; i < line.length() && key.length() < TYPO_KEY_LENGTH; i++) {
            char c = line.charAt(i);
            if (!isSpace(c)) {
                key.append(Character.toLowerCase(c));
            }
        }
        String k = key.toString();
        if (k.startsWith(MARKER_WORD) && k.length() > MARKER_WORD.length()) {
            char first = k.charAt(MARKER_WORD.length());
            if (first == 'u' || first == 'd') {
                return first == 'u' ? UP_MARKER : DOWN_MARKER;
            }
        }
        if (!k.startsWith(MARKER_WORD) && (k.length() < "migrate:up".length() - MAX_TYPO_EDITS
                || k.length() > "migrate:down".length() + MAX_TYPO_EDITS || foreignLetters(k) > MAX_TYPO_EDITS)) {
            return null; // cannot be within reach of a marker: skip the distances (every header line comes here)
        }
        int up = editDistance(k, "migrate:up");
        int down = editDistance(k, "migrate:down");
        if (!k.startsWith(MARKER_WORD) && Math.min(up, down) > MAX_TYPO_EDITS) {
            return null;
        }
        return down < up ? DOWN_MARKER : UP_MARKER;
    }

    /**
     * A quick no for most comments (every header line comes here), without building the key: the text does not
     * start with {@code migrate:} and has more foreign letters than a typo allows.
     */
    private static boolean clearlyNotAMarker(String line, int from) {
        int position = 0;
        boolean prefix = true;
        int foreign = 0;
        for (int i = from; i < line.length(); i++) {
            char c = Character.toLowerCase(line.charAt(i));
            if (isSpace(c)) {
                continue;
            }
            if (position < MARKER_WORD.length() && c != MARKER_WORD.charAt(position)) {
                prefix = false;
            }
            position++;
            if ("migrate:updown".indexOf(c) < 0 && ++foreign > MAX_TYPO_EDITS && !prefix) {
                return true;
            }
        }
        return false;
    }

    /** Characters that occur in neither marker: each one costs an edit, so their count bounds the distance. */
    private static int foreignLetters(String key) {
        int count = 0;
        for (int i = 0; i < key.length(); i++) {
            if ("migrate:updown".indexOf(key.charAt(i)) < 0) {
                count++;
            }
        }
        return count;
    }

    /** Optimal string alignment distance: insertions, deletions, replacements and swaps of neighbours. */
    static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /** The text after a leading {@code --}, without surrounding whitespace; null when the line is no such comment. */
    static String commentBody(String line) {
        if (!line.startsWith("--")) {
            return null;
        }
        int from = 2;
        int to = line.length();
        while (from < to && isSpace(line.charAt(from))) {
            from++;
        }
        while (to > from && isSpace(line.charAt(to - 1))) {
            to--;
        }
        return line.substring(from, to);
    }

    /** The key of a {@code key: value} comment body (lower-case letters and underscores), or null. */
    static String headerKey(String body) {
        int end = 0;
        while (end < body.length() && (body.charAt(end) >= 'a' && body.charAt(end) <= 'z' || body.charAt(end) == '_')) {
            end++;
        }
        int colon = end;
        while (colon < body.length() && isSpace(body.charAt(colon))) {
            colon++;
        }
        return end > 0 && colon < body.length() && body.charAt(colon) == ':' ? body.substring(0, end) : null;
    }

    /** The value of a {@code key: value} comment body whose key {@link #headerKey} returned. */
    static String headerValue(String body) {
        int from = body.indexOf(':') + 1;
        while (from < body.length() && isSpace(body.charAt(from))) {
            from++;
        }
        return body.substring(from);
    }

    /** 1 to 64 ASCII letters, digits or underscores. */
    static boolean isRevisionId(String id) {
        if (id.isEmpty() || id.length() > 64) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }
}
