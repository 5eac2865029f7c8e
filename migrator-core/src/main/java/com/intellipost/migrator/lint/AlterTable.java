package com.intellipost.migrator.lint;

import com.intellipost.migrator.script.SqlToken;
import java.util.List;
import java.util.Optional;

/**
 * {@code ALTER TABLE [IF EXISTS] [ONLY] name [*] action [, ...]}, cut into its actions.
 *
 * @param table   the table altered
 * @param actions each comma-separated action's tokens
 */
public record AlterTable(ObjectName table, List<List<SqlToken>> actions) {

    static Optional<AlterTable> parse(LintStatement statement) {
        TokenCursor c = statement.cursor();
        if (!c.accept("alter", "table")) {
            return Optional.empty();
        }
        c.accept("if", "exists");
        c.accept("only");
        ObjectName table = c.name();
        if (table == null) {
            return Optional.empty();
        }
        c.accept("*");
        return Optional.of(new AlterTable(table, TokenCursor.splitAtCommas(c.rest())));
    }

    /** A cursor over one action's tokens. */
    public static TokenCursor cursor(List<SqlToken> action) {
        return new TokenCursor(action, 0);
    }
}
