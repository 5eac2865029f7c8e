package com.intellipost.migrator.lint;

import com.intellipost.migrator.script.SqlToken;
import java.util.List;

/** Reads a statement's tokens left to right, for the small hand-written parses the rules need. */
public final class TokenCursor {

    private final List<SqlToken> tokens;
    private int position;

    TokenCursor(List<SqlToken> tokens, int position) {
        this.tokens = tokens;
        this.position = position;
    }

    public int position() {
        return position;
    }

    public boolean atEnd() {
        return position >= tokens.size();
    }

    /** The text of the token {@code ahead} places on (0: the next one), or null past the end. */
    public String peek(int ahead) {
        int i = position + ahead;
        return i < tokens.size() ? tokens.get(i).text() : null;
    }

    public String peek() {
        return peek(0);
    }

    /** The next token, consumed; null at the end. */
    public SqlToken next() {
        return atEnd() ? null : tokens.get(position++);
    }

    /** Consumes {@code words} if the next tokens are exactly they. */
    public boolean accept(String... words) {
        for (int i = 0; i < words.length; i++) {
            if (!words[i].equals(peek(i))) {
                return false;
            }
        }
        position += words.length;
        return true;
    }

    /** Consumes the next token if it is one of {@code words}; returns it, or null. */
    public String acceptAny(String... words) {
        String next = peek();
        for (String w : words) {
            if (w.equals(next)) {
                position++;
                return w;
            }
        }
        return null;
    }

    /** Reads {@code name} or {@code schema.name} (quoted or not); null when no name comes next. */
    public ObjectName name() {
        SqlToken first = tokens.size() > position ? tokens.get(position) : null;
        if (first == null || !first.isName()) {
            return null;
        }
        position++;
        StringBuilder raw = new StringBuilder(first.raw());
        String schema = null;
        String name = first.identifier();
        while (".".equals(peek()) && position + 1 < tokens.size() && tokens.get(position + 1).isName()) {
            SqlToken part = tokens.get(position + 1);
            raw.append('.').append(part.raw());
            schema = name;
            name = part.identifier();
            position += 2;
        }
        return new ObjectName(schema, name, raw.toString());
    }

    /** Skips a balanced parenthesised group when one comes next; the tokens inside it, else empty. */
    public List<SqlToken> parenthesised() {
        if (!"(".equals(peek())) {
            return List.of();
        }
        int start = position + 1;
        int depth = 0;
        while (!atEnd()) {
            String t = tokens.get(position++).text();
            if (t.equals("(")) {
                depth++;
            } else if (t.equals(")") && --depth == 0) {
                return tokens.subList(start, position - 1);
            }
        }
        return tokens.subList(start, tokens.size());
    }

    /** Like {@link #parenthesised()}, but the tokens of the group with its parentheses. */
    public List<SqlToken> parenthesisedWithParentheses() {
        int start = position;
        List<SqlToken> inside = parenthesised();
        return start == position ? inside : tokens.subList(start, position);
    }

    /** The rest of the tokens, consumed. */
    public List<SqlToken> rest() {
        List<SqlToken> rest = tokens.subList(Math.min(position, tokens.size()), tokens.size());
        position = tokens.size();
        return rest;
    }

    /** Whether {@code word} occurs among the remaining tokens outside parentheses. */
    public boolean containsAtTopLevel(String word) {
        int depth = 0;
        for (int i = position; i < tokens.size(); i++) {
            String t = tokens.get(i).text();
            if (t.equals("(")) {
                depth++;
            } else if (t.equals(")")) {
                depth--;
            } else if (depth == 0 && t.equals(word)) {
                return true;
            }
        }
        return false;
    }

    /** Splits {@code tokens} at commas outside parentheses. */
    public static List<List<SqlToken>> splitAtCommas(List<SqlToken> tokens) {
        List<List<SqlToken>> parts = new java.util.ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i).text();
            if (t.equals("(")) {
                depth++;
            } else if (t.equals(")")) {
                depth--;
            } else if (depth == 0 && t.equals(",")) {
                parts.add(tokens.subList(start, i));
                start = i + 1;
            }
        }
        if (start < tokens.size()) {
            parts.add(tokens.subList(start, tokens.size()));
        }
        return parts;
    }
}
