package com.intellipost.migrator.lint;

import com.intellipost.migrator.script.SqlToken;
import java.util.ArrayList;
import java.util.List;

/**
 * Column types that cost later (warnings): {@code prefer-identity}, {@code prefer-text-field},
 * {@code prefer-timestamp-tz}, {@code ban-char-field} and {@code prefer-bigint-over-int}. Read from CREATE TABLE's
 * column list, ADD COLUMN and ALTER COLUMN ... TYPE, never from a cast in an expression.
 */
final class TypeRules implements LintRule {

    static final String IDENTITY = "prefer-identity";
    static final String TEXT = "prefer-text-field";
    static final String TIMESTAMPTZ = "prefer-timestamp-tz";
    static final String CHAR = "ban-char-field";
    static final String BIGINT = "prefer-bigint-over-int";

    @Override
    public List<RuleId> ids() {
        return List.of(new RuleId(IDENTITY, Severity.WARNING), new RuleId(TEXT, Severity.WARNING),
                new RuleId(TIMESTAMPTZ, Severity.WARNING), new RuleId(CHAR, Severity.WARNING),
                new RuleId(BIGINT, Severity.WARNING));
    }

    @Override
    public void check(LintStatement statement, RevisionFacts facts, Findings out) {
        for (Typed typed : columnTypes(statement)) {
            checkType(statement, typed.column(), typed.type(), out);
        }
    }

    private record Typed(SqlToken column, List<SqlToken> type) {
    }

    /** Every column with the type it is given in the statement. */
    private static List<Typed> columnTypes(LintStatement statement) {
        List<Typed> typed = new ArrayList<>();
        statement.createTable().ifPresent(create -> {
            for (List<SqlToken> element : create.elements()) {
                ColumnDefinition column = ColumnDefinition.parse(element);
                if (column != null) {
                    typed.add(new Typed(column.name(), column.type()));
                }
            }
        });
        statement.alterTable().ifPresent(alter -> {
            for (List<SqlToken> action : alter.actions()) {
                TokenCursor a = AlterTable.cursor(action);
                ColumnDefinition added = ColumnDefinition.ofAddColumn(action);
                if (added != null) {
                    typed.add(new Typed(added.name(), added.type()));
                } else if (a.accept("alter")) {
                    a.accept("column");
                    SqlToken column = a.next();
                    if (column != null && (a.accept("set", "data", "type") || a.accept("type"))) {
                        ColumnDefinition rest = ColumnDefinition.parse(action.subList(a.position() - 1, action.size()));
                        typed.add(new Typed(column, rest == null ? List.of() : rest.type()));
                    }
                }
            }
        });
        return typed;
    }

    /** The number in {@code varchar(n)}, or {@code n} when it is not a plain number. */
    private static String limit(List<SqlToken> type) {
        for (int i = 0; i + 2 < type.size(); i++) {
            if (type.get(i).text().equals("(") && type.get(i + 2).text().equals(")")) {
                return type.get(i + 1).raw();
            }
        }
        return "n";
    }

    private static void checkType(LintStatement statement, SqlToken column, List<SqlToken> type, Findings out) {
        if (type.isEmpty()) {
            return;
        }
        String first = type.get(0).text();
        String second = type.size() > 1 ? type.get(1).text() : "";
        String written = statement.text(type);
        String name = column.raw();
        if (ColumnRules.isSerial(first)) {
            out.report(IDENTITY, statement.line(), name + " is " + written + ": serial makes a sequence the table"
                    + " does not own in the SQL standard's way (grants, copies with LIKE, and dumps treat it apart).",
                    name + " bigint GENERATED ALWAYS AS IDENTITY");
        } else if ((first.equals("varchar") || first.equals("character") && second.equals("varying"))
                && written.contains("(")) {
            out.report(TEXT, statement.line(), name + " is " + written + ": changing the limit later takes an ACCESS"
                    + " EXCLUSIVE lock, and text costs the same.", name + " text, with CHECK (char_length(" + name
                    + ") <= " + limit(type) + ") if the limit matters (a check can be replaced NOT VALID without a lock on reads)");
        } else if ((first.equals("char") || first.equals("character") || first.equals("bpchar"))
                && !second.equals("varying")) {
            out.report(CHAR, statement.line(), name + " is " + written + ": char(n) pads with spaces, compares"
                    + " surprisingly and is never faster than text.", name + " text");
        } else if (first.equals("timestamp") && !written.toLowerCase(java.util.Locale.ROOT).contains("with time zone")) {
            out.report(TIMESTAMPTZ, statement.line(), name + " is " + written + ": a timestamp without time zone"
                    + " loses the offset, and its meaning changes with the session's TimeZone.", name
                    + " timestamptz");
        } else if (first.equals("int") || first.equals("integer") || first.equals("int4")) {
            out.report(BIGINT, statement.line(), name + " is " + written + ": an int key or counter runs out at"
                    + " 2,147,483,647, and widening it later rewrites the table under an ACCESS EXCLUSIVE lock.",
                    name + " bigint");
        }
    }
}
