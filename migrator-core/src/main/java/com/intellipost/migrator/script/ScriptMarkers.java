package com.intellipost.migrator.script;

/**
 * Reads {@code --} comment lines: the {@code -- migrate:up} and {@code -- migrate:down} section markers and the
 * header's {@code -- key: value} entries. Hand-written rather than regular expressions: every comment line of every
 * script passes through here at each start, and matching was most of the CPU time of loading thousands of scripts.
 * Whitespace means what {@code \s} means in a regular expression: space, tab, and the ASCII line and form feeds.
 */
final class ScriptMarkers {

    private ScriptMarkers() {
    }

    static boolean isDownMarker(String line) {
        return "migrate:down".equals(commentBody(line));
    }

    static boolean isUpMarker(String line) {
        return "migrate:up".equals(commentBody(line));
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
