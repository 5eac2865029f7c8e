package com.intellipost.migrator.script;

import java.util.ArrayList;
import java.util.List;

/**
 * One token of a statement, as the splitter's lexer sees it: words lower-cased, every string literal (quoted,
 * {@code E''}, dollar-quoted) one opaque token, comments gone. Rules that read statements match on {@link #text()},
 * so a keyword inside a string, a comment or a function body never matches.
 *
 * @param text lower-cased word, number, one punctuation character, {@link #LITERAL} or {@link #QUOTED_IDENTIFIER}
 * @param raw  the token as written in the script (case, quotes and escapes kept), for messages and fixes
 * @param start where the token starts in the statement's text
 */
public record SqlToken(String text, String raw, int start) {

    /** {@link #text()} of any string literal. */
    public static final String LITERAL = SqlTokens.LITERAL;
    /** {@link #text()} of any double-quoted identifier. */
    public static final String QUOTED_IDENTIFIER = SqlTokens.QUOTED_IDENTIFIER;

    /** The tokens of {@code sql}, in order. */
    public static List<SqlToken> of(String sql) {
        SqlTokens tokens = new SqlTokens(sql);
        List<SqlToken> list = new ArrayList<>();
        for (String t = tokens.next(); t != null; t = tokens.next()) {
            list.add(new SqlToken(t, tokens.lastRaw(), tokens.lastStart()));
        }
        return list;
    }

    /** A plain word (keyword or unquoted identifier) or a quoted identifier: something that can name an object. */
    public boolean isName() {
        return text.equals(QUOTED_IDENTIFIER) || !text.isEmpty() && (Character.isLetter(text.charAt(0))
                || text.charAt(0) == '_');
    }

    /** Where the token ends in the statement's text. */
    public int end() {
        return start + raw.length();
    }

    /** The identifier as PostgreSQL stores it: unquoted words fold to lower case, quoted ones keep theirs. */
    public String identifier() {
        return text.equals(QUOTED_IDENTIFIER) ? raw.substring(1, raw.length() - 1).replace("\"\"", "\"") : text;
    }
}
