package com.intellipost.migrator.script;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Recognises statements that PostgreSQL refuses to run inside a transaction block ("... cannot run
 * inside a transaction block"), so that a script containing them can be run in autocommit mode.
 *
 * <p>Recognition is by leading keywords, outside quotes and comments. Cases that depend on the
 * database's contents (for example REINDEX of a partitioned table) cannot be seen from the text and
 * are not reported.
 */
public final class AutocommitStatements {

    private static final Set<String> FALSE_VALUES = Set.of("false", "off", "0", "no");

    private AutocommitStatements() {
    }

    /** True if PostgreSQL refuses to run {@code sql} inside a transaction block. */
    public static boolean requiresAutocommit(String sql) {
        return describe(sql) != null;
    }

    /**
     * The first words {@link #describe}'s switch answers for: the byte scan at load ({@link LeanSectionScanner})
     * settles any other statement without decoding it, so a case added below must add its word here.
     */
    static final List<String> FIRST_WORDS = List.of("create", "drop", "reindex", "alter", "vacuum", "cluster",
            "commit", "rollback", "discard");

    /** The words after CREATE or DROP that {@link #create} and {@link #drop} answer for, INDEX aside. */
    static final List<String> CREATE_DROP_OBJECTS = List.of("unique", "database", "tablespace", "subscription");

    private static final String FIRST_LETTERS = FIRST_WORDS.stream().map(w -> w.substring(0, 1)).distinct()
            .collect(Collectors.joining());

    /**
     * A short label for the kind of statement that needs autocommit, such as
     * {@code "CREATE INDEX CONCURRENTLY"}, for use in messages; null if {@code sql} can run inside a
     * transaction block.
     */
    public static String describe(String sql) {
        if (!mayNeedAutocommit(Objects.requireNonNull(sql, "sql"))) {
            return null;
        }
        SqlTokens tokens = new SqlTokens(sql);
        String first = tokens.next();
        if (first == null) {
            return null;
        }
        return switch (first) {
            case "create" -> create(tokens);
            case "drop" -> drop(tokens);
            case "reindex" -> reindex(tokens);
            case "alter" -> alter(tokens);
            case "vacuum" -> "VACUUM";
            case "cluster" -> cluster(tokens);
            case "commit" -> tokens.accept("prepared") ? "COMMIT PREPARED" : null;
            case "rollback" -> tokens.accept("prepared") ? "ROLLBACK PREPARED" : null;
            case "discard" -> tokens.accept("all") ? "DISCARD ALL" : null;
            default -> null;
        };
    }

    /**
     * False when the statement starts with a letter that begins none of the keywords below (INSERT, SELECT, UPDATE,
     * ...): loading asks about every statement of every script, and most are those.
     */
    private static boolean mayNeedAutocommit(String sql) {
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (!Character.isWhitespace(c)) {
                char lower = (char) (c | 0x20);
                return !(lower >= 'a' && lower <= 'z' && c < 0x80) || FIRST_LETTERS.indexOf(lower) >= 0;
            }
        }
        return false;
    }

    private static String create(SqlTokens tokens) {
        tokens.accept("unique");
        String what = tokens.next();
        if (what == null) {
            return null;
        }
        return switch (what) {
            // CONCURRENTLY can only come straight after INDEX
            case "index" -> tokens.accept("concurrently") ? "CREATE INDEX CONCURRENTLY" : null;
            case "database" -> "CREATE DATABASE";
            case "tablespace" -> "CREATE TABLESPACE";
            case "subscription" -> "CREATE SUBSCRIPTION";
            default -> null;
        };
    }

    private static String drop(SqlTokens tokens) {
        String what = tokens.next();
        if (what == null) {
            return null;
        }
        return switch (what) {
            case "index" -> tokens.accept("concurrently") ? "DROP INDEX CONCURRENTLY" : null;
            case "database" -> "DROP DATABASE";
            case "tablespace" -> "DROP TABLESPACE";
            case "subscription" -> "DROP SUBSCRIPTION";
            default -> null;
        };
    }

    // REINDEX [ ( option [, ...] ) ] { INDEX | TABLE | SCHEMA | DATABASE | SYSTEM } [ CONCURRENTLY ] name
    private static String reindex(SqlTokens tokens) {
        boolean concurrently = tokens.accept("(") && concurrentlyOption(tokens);
        String what = tokens.next();
        if (what == null) {
            return null;
        }
        return switch (what) {
            case "database" -> "REINDEX DATABASE";
            case "system" -> "REINDEX SYSTEM";
            case "schema" -> "REINDEX SCHEMA";
            case "index", "table" ->
                    concurrently || tokens.accept("concurrently") ? "REINDEX CONCURRENTLY" : null;
            default -> null;
        };
    }

    // Consumes the rest of a parenthesised option list; true if it turns CONCURRENTLY on.
    private static boolean concurrentlyOption(SqlTokens tokens) {
        boolean concurrently = false;
        int depth = 1;
        for (String token = tokens.next(); token != null; token = tokens.next()) {
            if (token.equals("(")) {
                depth++;
            } else if (token.equals(")") && --depth == 0) {
                break;
            } else if (token.equals("concurrently")) {
                String value = tokens.peek();
                concurrently = value == null || !FALSE_VALUES.contains(value);
            }
        }
        return concurrently;
    }

    private static String alter(SqlTokens tokens) {
        String what = tokens.next();
        if (what == null) {
            return null;
        }
        return switch (what) {
            case "system" -> "ALTER SYSTEM";
            case "table" -> follows(tokens, "detach", "partition") && contains(tokens, "concurrently")
                    ? "ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY" : null;
            case "database" -> follows(tokens, "set", "tablespace") ? "ALTER DATABASE ... SET TABLESPACE" : null;
            case "subscription" -> alterSubscription(tokens);
            case "type" -> alterTypeAddValue(tokens);
            default -> null;
        };
    }

    // ALTER TYPE name ADD VALUE [IF NOT EXISTS] ...: refused in a transaction block before PostgreSQL 12; from 12 on,
    // using the new value in the same transaction fails with 55P04 ("unsafe use of new value"), so a script that
    // adds a value and then uses it only works one statement per transaction.
    private static String alterTypeAddValue(SqlTokens tokens) {
        tokens.next(); // the type's name, possibly qualified: schema.name
        while (tokens.accept(".")) {
            tokens.next();
        }
        return tokens.accept("add") && tokens.accept("value")
                ? "ALTER TYPE ... ADD VALUE (its new value cannot be used in the transaction that adds it)" : null;
    }

    // REFRESH PUBLICATION always needs autocommit; SET/ADD/DROP PUBLICATION do unless WITH (refresh = false).
    private static String alterSubscription(SqlTokens tokens) {
        tokens.next(); // the subscription's name
        String action = tokens.next();
        if (action == null || !tokens.accept("publication")) {
            return null;
        }
        if (action.equals("refresh")) {
            return "ALTER SUBSCRIPTION ... REFRESH PUBLICATION";
        }
        if (action.equals("set") || action.equals("add") || action.equals("drop")) {
            return refreshTurnedOff(tokens) ? null : "ALTER SUBSCRIPTION ... " + action.toUpperCase(Locale.ROOT) + " PUBLICATION";
        }
        return null;
    }

    private static boolean refreshTurnedOff(SqlTokens tokens) {
        for (String token = tokens.next(); token != null; token = tokens.next()) {
            if (token.equals("refresh")) {
                tokens.accept("=");
                String value = tokens.peek();
                return value != null && FALSE_VALUES.contains(value);
            }
        }
        return false;
    }

    // CLUSTER [VERBOSE | ( options )] with no table name reclusters every table, outside a transaction.
    private static String cluster(SqlTokens tokens) {
        if (!tokens.accept("verbose") && tokens.accept("(")) {
            skipToClosingParenthesis(tokens);
        }
        String rest = tokens.peek();
        return rest == null || rest.equals(";") ? "CLUSTER without a table name" : null;
    }

    private static void skipToClosingParenthesis(SqlTokens tokens) {
        int depth = 1;
        while (depth > 0) {
            String token = tokens.next();
            if (token == null) {
                return;
            }
            if (token.equals("(")) {
                depth++;
            } else if (token.equals(")")) {
                depth--;
            }
        }
    }

    /** Skips tokens up to and including the first occurrence of {@code a} directly followed by {@code b}. */
    private static boolean follows(SqlTokens tokens, String a, String b) {
        for (String token = tokens.next(); token != null; token = tokens.next()) {
            if (token.equals(a) && tokens.accept(b)) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(SqlTokens tokens, String word) {
        for (String token = tokens.next(); token != null; token = tokens.next()) {
            if (token.equals(word)) {
                return true;
            }
        }
        return false;
    }
}
