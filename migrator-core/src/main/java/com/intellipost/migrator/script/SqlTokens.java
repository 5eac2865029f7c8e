package com.intellipost.migrator.script;

import java.util.Locale;

/**
 * A small tokenizer over one statement's text, for recognising statement kinds by their keywords.
 * Comments and whitespace are skipped; string literals, dollar-quoted strings and quoted identifiers
 * come out as opaque markers, so words inside them can never be mistaken for keywords.
 */
final class SqlTokens {

    /** Stands for any string literal ('...', E'...', $$...$$ and the like). */
    static final String LITERAL = "'";
    /** Stands for any quoted identifier ("..."). */
    static final String QUOTED_IDENTIFIER = "\"";

    private final String sql;
    private int pos;
    private String peeked;
    private int peekedStart;
    private int lastStart;
    private int lastEnd;

    SqlTokens(String sql) {
        this.sql = sql;
    }

    /** The token {@link #next()} will return, without consuming it. */
    String peek() {
        if (peeked == null) {
            skipSpaceAndComments();
            peekedStart = pos;
            peeked = read();
        }
        return peeked;
    }

    /**
     * The next token: a lower-cased word, a number, a single punctuation character, {@link #LITERAL}
     * or {@link #QUOTED_IDENTIFIER}; null at the end of the text.
     */
    String next() {
        String token = peek();
        peeked = null;
        lastStart = peekedStart;
        lastEnd = pos;
        return token;
    }

    /** Where the token {@link #next()} returned last starts. */
    int lastStart() {
        return lastStart;
    }

    /** The source text of the token {@link #next()} returned last, as written (case and quotes kept). */
    String lastRaw() {
        return sql.substring(lastStart, lastEnd);
    }

    /** Consumes the next token if it is {@code expected}. */
    boolean accept(String expected) {
        if (expected.equals(peek())) {
            next();
            return true;
        }
        return false;
    }

    private String read() {
        skipSpaceAndComments();
        if (pos >= sql.length()) {
            return null;
        }
        char c = sql.charAt(pos);
        if (isIdentStart(c)) {
            int start = pos;
            while (pos < sql.length() && isIdentPart(sql.charAt(pos))) {
                pos++;
            }
            if (pos - start == 1 && pos < sql.length() && sql.charAt(pos) == '\'') {
                // E'...', B'...', X'...', N'...': a one-letter prefix glued to a literal
                pos++;
                skipQuoted('\'', (c | 0x20) == 'e');
                return LITERAL;
            }
            return sql.substring(start, pos).toLowerCase(Locale.ROOT);
        }
        if (c >= '0' && c <= '9') {
            int start = pos;
            while (pos < sql.length() && (isIdentPart(sql.charAt(pos)) || sql.charAt(pos) == '.')) {
                pos++;
            }
            return sql.substring(start, pos);
        }
        pos++;
        switch (c) {
            case '\'':
                skipQuoted('\'', false);
                return LITERAL;
            case '"':
                skipQuoted('"', false);
                return QUOTED_IDENTIFIER;
            case '$':
                return skipDollarQuoted() ? LITERAL : "$";
            default:
                return String.valueOf(c);
        }
    }

    private void skipSpaceAndComments() {
        while (pos < sql.length()) {
            char c = sql.charAt(pos);
            if (Character.isWhitespace(c)) {
                pos++;
            } else if (sql.startsWith("--", pos)) {
                while (pos < sql.length() && sql.charAt(pos) != '\n' && sql.charAt(pos) != '\r') {
                    pos++;
                }
            } else if (sql.startsWith("/*", pos)) {
                skipBlockComment();
            } else {
                return;
            }
        }
    }

    private void skipBlockComment() {
        int depth = 0;
        while (pos < sql.length()) {
            if (sql.startsWith("/*", pos)) {
                depth++;
                pos += 2;
            } else if (sql.startsWith("*/", pos)) {
                pos += 2;
                if (--depth == 0) {
                    return;
                }
            } else {
                pos++;
            }
        }
    }

    // Positioned after the opening quote; a doubled quote is an escaped one.
    private void skipQuoted(char quote, boolean backslashEscapes) {
        while (pos < sql.length()) {
            char c = sql.charAt(pos++);
            if (backslashEscapes && c == '\\') {
                pos++;
            } else if (c == quote) {
                if (pos < sql.length() && sql.charAt(pos) == quote) {
                    pos++;
                } else {
                    return;
                }
            }
        }
    }

    // Positioned after a '$'. Returns false, consuming nothing more, if it does not open "$tag$".
    private boolean skipDollarQuoted() {
        int tagEnd = pos;
        while (tagEnd < sql.length() && isTagPart(sql.charAt(tagEnd), tagEnd == pos)) {
            tagEnd++;
        }
        if (tagEnd >= sql.length() || sql.charAt(tagEnd) != '$') {
            return false;
        }
        String delimiter = sql.substring(pos - 1, tagEnd + 1);
        int close = sql.indexOf(delimiter, tagEnd + 1);
        pos = close < 0 ? sql.length() : close + delimiter.length();
        return true;
    }

    private static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    /** A dollar-quote tag is an identifier without '$' (a digit first would make "$1" a parameter). */
    private static boolean isTagPart(char c, boolean first) {
        return isIdentStart(c) || (!first && c >= '0' && c <= '9');
    }

    private static boolean isIdentPart(char c) {
        return isIdentStart(c) || (c >= '0' && c <= '9') || c == '$';
    }
}
