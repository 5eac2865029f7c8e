package com.intellipost.migrator.lint;

import com.intellipost.migrator.script.SqlToken;
import java.util.List;
import java.util.Set;

/**
 * {@code name type [constraints]}, as in CREATE TABLE's column list and ALTER TABLE's ADD COLUMN.
 *
 * @param name        the column's name token
 * @param type        the type's tokens ({@code character varying ( 20 )}, {@code timestamp with time zone})
 * @param constraints the tokens after the type ({@code NOT NULL DEFAULT now()})
 */
public record ColumnDefinition(SqlToken name, List<SqlToken> type, List<SqlToken> constraints) {

    private static final Set<String> CONSTRAINT_WORDS = Set.of("constraint", "not", "null", "default", "primary",
            "unique", "check", "references", "generated", "collate", "deferrable", "initially", "compression", "using",
            "storage");
    /** Words that begin a table constraint, not a column, in a CREATE TABLE element list. */
    private static final Set<String> TABLE_ELEMENT_WORDS = Set.of("constraint", "primary", "unique", "check",
            "foreign", "exclude", "like");

    /** Reads a column definition from {@code tokens}; null when they are a table constraint or no column. */
    public static ColumnDefinition parse(List<SqlToken> tokens) {
        if (tokens.isEmpty() || !tokens.get(0).isName() || TABLE_ELEMENT_WORDS.contains(tokens.get(0).text())) {
            return null;
        }
        int depth = 0;
        int end = 1;
        while (end < tokens.size()) {
            String t = tokens.get(end).text();
            if (t.equals("(")) {
                depth++;
            } else if (t.equals(")")) {
                depth--;
            } else if (depth == 0 && CONSTRAINT_WORDS.contains(t)) {
                break;
            }
            end++;
        }
        return new ColumnDefinition(tokens.get(0), tokens.subList(1, end), tokens.subList(end, tokens.size()));
    }

    /** The column of an ALTER TABLE action {@code ADD [COLUMN] [IF NOT EXISTS] definition}; null for anything else. */
    public static ColumnDefinition ofAddColumn(List<SqlToken> action) {
        TokenCursor c = AlterTable.cursor(action);
        if (!c.accept("add")) {
            return null;
        }
        c.accept("column");
        c.accept("if", "not", "exists");
        return parse(action.subList(c.position(), action.size()));
    }

    /** The type's first word, lower-cased ({@code varchar}, {@code character}, {@code timestamp}); empty if none. */
    public String typeWord() {
        return type.isEmpty() ? "" : type.get(0).text();
    }

    /**
     * The constraint tokens from {@code from} up to the next column constraint outside parentheses: a DEFAULT's
     * expression (from the token after DEFAULT), a REFERENCES clause (from REFERENCES).
     */
    public List<SqlToken> clause(int from) {
        int depth = 0;
        int end = from;
        while (end < constraints.size()) {
            String t = constraints.get(end).text();
            if (t.equals("(")) {
                depth++;
            } else if (t.equals(")")) {
                depth--;
            } else if (depth == 0 && end > from && CONSTRAINT_WORDS.contains(t)) {
                break;
            }
            end++;
        }
        return constraints.subList(from, end);
    }

    /** Whether {@code words} occur one after the other among the constraints, outside parentheses. */
    public boolean hasConstraint(String... words) {
        return indexOfConstraint(words) >= 0;
    }

    /** Where {@code words} start among the constraints (outside parentheses), or -1. */
    public int indexOfConstraint(String... words) {
        int depth = 0;
        for (int i = 0; i + words.length <= constraints.size(); i++) {
            String t = constraints.get(i).text();
            if (t.equals("(")) {
                depth++;
            } else if (t.equals(")")) {
                depth--;
            }
            if (depth == 0 && matches(i, words)) {
                return i;
            }
        }
        return -1;
    }

    private boolean matches(int at, String... words) {
        for (int k = 0; k < words.length; k++) {
            if (!constraints.get(at + k).text().equals(words[k])) {
                return false;
            }
        }
        return true;
    }
}
