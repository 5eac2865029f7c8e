package com.intellipost.migrator.lint;

import com.intellipost.migrator.script.SqlToken;
import java.util.List;

/**
 * What ALTER TABLE does to the rows already there: {@code adding-required-field}, {@code adding-field-with-default},
 * {@code adding-not-nullable-field} and {@code changing-column-type}.
 */
final class ColumnRules implements LintRule {

    static final String REQUIRED = "adding-required-field";
    static final String DEFAULT = "adding-field-with-default";
    static final String NOT_NULL = "adding-not-nullable-field";
    static final String TYPE = "changing-column-type";

    @Override
    public List<RuleId> ids() {
        return List.of(new RuleId(REQUIRED, Severity.ERROR), new RuleId(DEFAULT, Severity.ERROR),
                new RuleId(NOT_NULL, Severity.ERROR), new RuleId(TYPE, Severity.ERROR));
    }

    @Override
    public void check(LintStatement statement, RevisionFacts facts, Findings out) {
        AlterTable alter = statement.alterTable().orElse(null);
        if (alter == null || facts.isNewTable(alter.table())) {
            return;
        }
        ObjectName table = alter.table();
        for (List<SqlToken> action : alter.actions()) {
            TokenCursor c = AlterTable.cursor(action);
            if (c.peek() != null && c.peek().equals("add")) {
                ColumnDefinition column = ColumnDefinition.ofAddColumn(action);
                if (column != null) {
                    addColumn(statement, facts, table, column, out);
                }
            } else if (c.accept("alter")) {
                c.accept("column");
                SqlToken column = c.next();
                if (column == null || !column.isName()) {
                    continue;
                }
                if (c.accept("set", "not", "null")) {
                    setNotNull(statement, facts, table, column, out);
                } else if (c.accept("set", "data", "type") || c.accept("type")) {
                    ColumnDefinition newType = ColumnDefinition.parse(action.subList(c.position() - 1, action.size()));
                    changeType(statement, table, column, newType == null ? "" : statement.text(newType.type()), out);
                }
            }
        }
    }

    private static void changeType(LintStatement statement, ObjectName table, SqlToken column, String type,
                                   Findings out) {
        String name = column.raw();
        String added = column.identifier() + "_new";
        String newType = type.isEmpty() ? "<new type>" : type;
        out.report(TYPE, statement.line(), "Changing the type of " + name + " " + Locks.accessExclusive(table)
                + ", and unless the old values fit the new type as they are (a varchar made longer, varchar to text)"
                + " PostgreSQL rewrites " + table.raw() + " and every index on it under that lock.",
                "ALTER TABLE " + table.raw() + " ADD COLUMN " + added + " " + newType + "; then keep it in step"
                + " (a trigger, or the application writes both), fill it in batches (UPDATE " + table.raw() + " SET "
                + added + " = " + name + " WHERE " + added + " IS NULL AND <key range>;), switch the application to it,"
                + " and drop " + name + " in a later release. If you know the change needs no rewrite, say so with"
                + " -- lint:ignore " + TYPE + " (lint --trace measures it).");
    }

    private static void addColumn(LintStatement statement, RevisionFacts facts, ObjectName table,
                                  ColumnDefinition column, Findings out) {
        String name = column.name().raw();
        boolean serial = isSerial(column.typeWord());
        String type = serial ? serialBase(column.typeWord()) : statement.text(column.type());
        int defaultAt = column.indexOfConstraint("default");
        boolean generatedStored = column.hasConstraint("generated", "always", "as") && column.hasConstraint("stored");
        boolean identity = column.hasConstraint("as", "identity");
        String perRow = null;
        String fix = null;
        String add = "ALTER TABLE " + table.raw() + " ADD COLUMN " + name + " " + type + ";";
        if (defaultAt >= 0) {
            List<SqlToken> expression = column.clause(defaultAt + 1);
            perRow = facts.postgresVersion() < 11 ? "before PostgreSQL 11 every default is written into every row"
                    : DefaultExpression.perRowReason(expression);
            String value = statement.text(expression);
            fix = add + " ALTER TABLE " + table.raw() + " ALTER COLUMN " + name + " SET DEFAULT " + value + ";"
                    + " (new rows get it; neither statement touches the existing rows) then fill those in batches in"
                    + " later revisions: UPDATE " + table.raw() + " SET " + name + " = " + value + " WHERE " + name
                    + " IS NULL AND <key range>;" + (column.hasConstraint("not", "null") ? " then make it NOT NULL as"
                    + " adding-not-nullable-field shows" : "");
        } else if (generatedStored) {
            perRow = "a STORED generated column is computed and written for every row";
            fix = add + " then keep it in step with a BEFORE INSERT OR UPDATE trigger that computes it, and fill the"
                    + " existing rows in batches in later revisions: UPDATE " + table.raw() + " SET " + name
                    + " = <the expression> WHERE " + name + " IS NULL AND <key range>;";
        } else if (serial) {
            perRow = "a serial column takes a new sequence value for every row";
            String sequence = table.name() + "_" + column.name().identifier() + "_seq";
            fix = "CREATE SEQUENCE " + sequence + "; " + add + " ALTER TABLE " + table.raw() + " ALTER COLUMN " + name
                    + " SET DEFAULT nextval('" + sequence + "'); ALTER SEQUENCE " + sequence + " OWNED BY "
                    + table.raw() + "." + name + "; then fill the existing rows in batches in later revisions: UPDATE "
                    + table.raw() + " SET " + name + " = nextval('" + sequence + "') WHERE " + name
                    + " IS NULL AND <key range>;";
        } else if (identity) {
            perRow = "an identity column takes a new sequence value for every row";
            fix = add + " then fill it in batches in later revisions, make it NOT NULL as adding-not-nullable-field"
                    + " shows, and then: ALTER TABLE " + table.raw() + " ALTER COLUMN " + name + " ADD GENERATED"
                    + " ALWAYS AS IDENTITY (START WITH <the largest value + 1>); (no rewrite)";
        }
        if (perRow != null) {
            out.report(DEFAULT, statement.line(), "Adding " + name + ": " + perRow + ", so PostgreSQL rewrites "
                    + table.raw() + " and its indexes while it " + Locks.accessExclusive(table) + ".", fix);
            return;
        }
        if (column.hasConstraint("not", "null") && defaultAt < 0 && !identity) {
            out.report(REQUIRED, statement.line(), "Adding " + name + " NOT NULL without a DEFAULT fails as soon as "
                    + table.raw() + " has a row, and the application version still running does not write it.",
                    (facts.postgresVersion() >= 11 ? "ALTER TABLE " + table.raw() + " ADD COLUMN " + name + " " + type
                    + " NOT NULL DEFAULT <a constant>; (no rewrite since PostgreSQL 11), or add it" : "Add it")
                    + " nullable (" + add + "), fill it in batches, then make it NOT NULL as"
                    + " adding-not-nullable-field shows");
        }
    }

    private static void setNotNull(LintStatement statement, RevisionFacts facts, ObjectName table, SqlToken column,
                                   Findings out) {
        if (facts.postgresVersion() >= 12 && facts.hasValidatedNotNullCheck(table, column.identifier())) {
            return; // PostgreSQL 12+ trusts a validated CHECK (col IS NOT NULL) and skips the scan
        }
        String check = table.name() + "_" + column.identifier() + "_not_null";
        out.report(NOT_NULL, statement.line(), "SET NOT NULL on " + column.raw() + " " + Locks.accessExclusive(table)
                + " while it reads every row to check for NULLs.", "ALTER TABLE " + table.raw() + " ADD CONSTRAINT "
                + check + " CHECK (" + column.raw() + " IS NOT NULL) NOT VALID; then, in a later revision: ALTER TABLE "
                + table.raw() + " VALIDATE CONSTRAINT " + check + "; and then ALTER TABLE " + table.raw()
                + " ALTER COLUMN " + column.raw() + " SET NOT NULL; (PostgreSQL 12+ skips the scan thanks to the"
                + " validated check) and ALTER TABLE " + table.raw() + " DROP CONSTRAINT " + check + ";");
    }

    /** The integer type behind a serial type: what the column really is. */
    private static String serialBase(String typeWord) {
        return switch (typeWord) {
            case "smallserial", "serial2" -> "smallint";
            case "bigserial", "serial8" -> "bigint";
            default -> "integer";
        };
    }

    static boolean isSerial(String typeWord) {
        return List.of("serial", "serial2", "serial4", "serial8", "smallserial", "bigserial").contains(typeWord);
    }
}
