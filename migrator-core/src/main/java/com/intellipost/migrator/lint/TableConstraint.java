package com.intellipost.migrator.lint;

import com.intellipost.migrator.script.SqlToken;
import java.util.List;

/**
 * {@code ADD [CONSTRAINT name] {FOREIGN KEY | CHECK | UNIQUE | PRIMARY KEY | EXCLUDE} ...}, one action of an ALTER
 * TABLE.
 *
 * @param name       the constraint's name, or null when PostgreSQL will choose one
 * @param kind       {@code foreign}, {@code check}, {@code unique}, {@code primary} or {@code exclude}
 * @param definition the tokens from the kind to the end of the action ({@code FOREIGN KEY (a) REFERENCES t (id)})
 * @param columns    the parenthesised list after the kind (after KEY for FOREIGN/PRIMARY KEY), for default names
 */
record TableConstraint(ObjectName name, String kind, List<SqlToken> definition, List<SqlToken> columns) {

    /** Reads an ADD of a table constraint; null when the action is something else. */
    static TableConstraint parse(List<SqlToken> action) {
        TokenCursor c = AlterTable.cursor(action);
        if (!c.accept("add")) {
            return null;
        }
        ObjectName name = c.accept("constraint") ? c.name() : null;
        int start = c.position();
        String kind = c.acceptAny("foreign", "check", "unique", "primary", "exclude");
        if (kind == null) {
            return null;
        }
        c.accept("key");
        c.accept("nulls", "not", "distinct");
        c.accept("nulls", "distinct");
        List<SqlToken> columns = c.parenthesised();
        return new TableConstraint(name, kind, action.subList(start, action.size()), columns);
    }

    /** Whether the definition ends in NOT VALID. */
    boolean notValid() {
        int n = definition.size();
        return n >= 2 && definition.get(n - 2).text().equals("not") && definition.get(n - 1).text().equals("valid");
    }

    /** Whether a UNIQUE constraint says NULLS NOT DISTINCT (PostgreSQL 15+), which its index must say too. */
    boolean nullsNotDistinct() {
        return definition.size() >= 4 && definition.get(1).text().equals("nulls")
                && definition.get(2).text().equals("not") && definition.get(3).text().equals("distinct");
    }

    /** Whether it adopts an existing index ({@code UNIQUE USING INDEX name}). */
    boolean usingIndex() {
        return definition.size() >= 3 && definition.get(1).text().equals("using")
                || definition.size() >= 4 && definition.get(2).text().equals("using");
    }

    /** The name to use in a fix: the given one, or the one PostgreSQL would choose. */
    String nameOr(ObjectName table) {
        if (name != null) {
            return name.raw();
        }
        StringBuilder sb = new StringBuilder(table.name());
        for (SqlToken t : kind.equals("primary") ? List.<SqlToken>of() : columns) { // PostgreSQL: table_pkey
            if (t.isName()) {
                sb.append('_').append(t.identifier());
            }
            if (kind.equals("check")) {
                break; // PostgreSQL names a check after its first column
            }
        }
        return sb.append(switch (kind) {
            case "foreign" -> "_fkey";
            case "primary" -> "_pkey";
            case "unique" -> "_key";
            default -> "_" + kind;
        }).toString();
    }
}
