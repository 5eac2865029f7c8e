package com.intellipost.migrator.lint;

import com.intellipost.migrator.script.SqlToken;
import java.util.List;
import java.util.Optional;

/**
 * {@code CREATE [GLOBAL | LOCAL] [TEMP | UNLOGGED] TABLE [IF NOT EXISTS] name (element, ...)}.
 *
 * @param table    the table created
 * @param elements each column or table constraint's tokens; empty for {@code AS}, {@code OF type} and
 *                 {@code PARTITION OF}, whose columns are not written here
 */
public record CreateTable(ObjectName table, List<List<SqlToken>> elements) {

    static Optional<CreateTable> parse(LintStatement statement) {
        TokenCursor c = statement.cursor();
        if (!c.accept("create")) {
            return Optional.empty();
        }
        while (c.acceptAny("global", "local", "temp", "temporary", "unlogged") != null) {
            // table kind words
        }
        if (!c.accept("table")) {
            return Optional.empty();
        }
        c.accept("if", "not", "exists");
        ObjectName table = c.name();
        if (table == null) {
            return Optional.empty();
        }
        return Optional.of(new CreateTable(table, "(".equals(c.peek())
                ? TokenCursor.splitAtCommas(c.parenthesised()) : List.of()));
    }
}
