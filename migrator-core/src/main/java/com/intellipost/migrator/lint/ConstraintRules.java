package com.intellipost.migrator.lint;

import com.intellipost.migrator.script.SqlToken;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code constraint-missing-not-valid}, {@code disallowed-unique-constraint} and {@code adding-primary-key-constraint}:
 * constraints that make PostgreSQL check or index every row while it holds a lock that blocks writes or reads.
 */
final class ConstraintRules implements LintRule {

    static final String NOT_VALID = "constraint-missing-not-valid";
    static final String UNIQUE = "disallowed-unique-constraint";
    static final String PRIMARY_KEY = "adding-primary-key-constraint";

    @Override
    public List<RuleId> ids() {
        return List.of(new RuleId(NOT_VALID, Severity.ERROR), new RuleId(UNIQUE, Severity.ERROR),
                new RuleId(PRIMARY_KEY, Severity.ERROR));
    }

    @Override
    public void check(LintStatement statement, RevisionFacts facts, Findings out) {
        AlterTable alter = statement.alterTable().orElse(null);
        if (alter == null) {
            return;
        }
        ObjectName table = alter.table();
        if (facts.isNewTable(table)) {
            return; // created in this revision: empty and unused
        }
        // constraint name to kind, for those this statement adds NOT VALID: the facts learn of them after it
        Map<String, String> addedNotValidInThisStatement = new HashMap<>();
        for (List<SqlToken> action : alter.actions()) {
            TokenCursor c = AlterTable.cursor(action);
            if (c.accept("validate", "constraint")) {
                ObjectName constraint = c.name();
                String kind = constraint == null ? null : addedNotValidInThisStatement.getOrDefault(constraint.name(),
                        facts.kindAddedNotValidHere(table, constraint.name()));
                if (kind != null) {
                    String lock = kind.equals("foreign") ? "SHARE ROW EXCLUSIVE, which blocks writes," : "ACCESS"
                            + " EXCLUSIVE, which blocks reads and writes,";
                    out.report(NOT_VALID, statement.line(), "VALIDATE CONSTRAINT " + constraint.raw() + " runs in the"
                            + " transaction that added it NOT VALID: the ADD's lock on " + table.raw() + " (" + lock
                            + ") is still held while the validation reads every row, so NOT VALID saves nothing.",
                            "Move it to a later revision: ALTER TABLE " + table.raw() + " VALIDATE CONSTRAINT "
                            + constraint.raw() + "; (it takes a SHARE UPDATE EXCLUSIVE lock: reads and writes go on)");
                }
                continue;
            }
            TableConstraint constraint = TableConstraint.parse(action);
            if (constraint != null) {
                if (constraint.notValid() && constraint.name() != null) {
                    addedNotValidInThisStatement.put(constraint.name().name(), constraint.kind());
                }
                checkConstraint(statement, table, constraint, out);
                continue;
            }
            ColumnDefinition column = ColumnDefinition.ofAddColumn(action);
            if (column != null) {
                checkColumnConstraint(statement, table, column, out);
                checkColumnCheckOrReference(statement, table, column, out);
            }
        }
    }

    /** {@code ADD COLUMN c type UNIQUE} or {@code PRIMARY KEY}: the index is built at once, as for the constraint. */
    private static void checkColumnConstraint(LintStatement statement, ObjectName table, ColumnDefinition column,
                                              Findings out) {
        int unique = column.indexOfConstraint("unique");
        int primary = column.indexOfConstraint("primary", "key");
        if (unique < 0 && primary < 0) {
            return;
        }
        boolean isUnique = unique >= 0;
        int at = isUnique ? unique : primary;
        List<SqlToken> constraints = column.constraints();
        String name = at >= 2 && constraints.get(at - 2).text().equals("constraint") && constraints.get(at - 1).isName()
                ? constraints.get(at - 1).raw()
                : table.name() + (isUnique ? "_" + column.name().identifier() + "_key" : "_pkey");
        String columnName = column.name().raw();
        out.report(isUnique ? UNIQUE : PRIMARY_KEY, statement.line(), "Adding " + columnName + " with a "
                + (isUnique ? "UNIQUE" : "PRIMARY KEY") + " constraint (" + name + ") builds its index over every"
                + " row of " + table.raw() + " while it " + Locks.accessExclusive(table) + ".",
                "ALTER TABLE " + table.raw() + " ADD COLUMN " + columnName + " " + statement.text(column.type())
                + "; then, in a revision of its own: CREATE UNIQUE INDEX CONCURRENTLY " + name + " ON " + table.raw()
                + " (" + columnName + "); then: ALTER TABLE " + table.raw() + " ADD CONSTRAINT " + name
                + (isUnique ? " UNIQUE" : " PRIMARY KEY") + " USING INDEX " + name + ";"
                + (isUnique ? "" : " (fill the column and set it NOT NULL safely first: see adding-not-nullable-field)"));
    }

    /**
     * {@code ADD COLUMN c type CHECK (...)} or {@code REFERENCES t}: a column constraint cannot be NOT VALID, so
     * PostgreSQL checks every row (measured: a CHECK on a new column with a default scans the table) under the ADD's
     * ACCESS EXCLUSIVE lock.
     */
    private static void checkColumnCheckOrReference(LintStatement statement, ObjectName table, ColumnDefinition column,
                                                    Findings out) {
        int check = column.indexOfConstraint("check");
        int references = column.indexOfConstraint("references");
        if (check < 0 && references < 0) {
            return;
        }
        String columnName = column.name().raw();
        List<SqlToken> constraints = column.constraints();
        int from = check >= 0 ? check : references;
        if (from >= 2 && constraints.get(from - 2).text().equals("constraint")) {
            from -= 2; // CONSTRAINT name CHECK (...): the name goes with it
        }
        List<SqlToken> clause = check >= 0 ? new TokenCursor(constraints, check + 1).parenthesisedWithParentheses()
                : column.clause(references);
        String definition = check >= 0 ? "CHECK " + statement.text(clause)
                : "FOREIGN KEY (" + columnName + ") " + statement.text(clause);
        int to = constraints.indexOf(clause.get(clause.size() - 1)) + 1;
        String rest = (statement.text(constraints.subList(0, from)) + " "
                + statement.text(constraints.subList(to, constraints.size()))).strip();
        String name = table.name() + "_" + column.name().identifier() + (check >= 0 ? "_check" : "_fkey");
        out.report(NOT_VALID, statement.line(), "Adding " + columnName + " with a " + (check >= 0 ? "CHECK"
                : "REFERENCES") + " constraint makes PostgreSQL check every row of " + table.raw() + " while it "
                + Locks.accessExclusive(table) + " (a column constraint cannot be NOT VALID).",
                "ALTER TABLE " + table.raw() + " ADD COLUMN " + columnName + " " + statement.text(column.type())
                + (rest.isEmpty() ? "" : " " + rest) + "; ALTER TABLE " + table.raw() + " ADD CONSTRAINT " + name + " " + definition + " NOT VALID;"
                + " then, in a later revision: ALTER TABLE " + table.raw() + " VALIDATE CONSTRAINT " + name + ";");
    }

    private static void checkConstraint(LintStatement statement, ObjectName table, TableConstraint k, Findings out) {
        String name = k.nameOr(table);
        String definition = statement.text(k.definition());
        switch (k.kind()) {
            case "foreign", "check" -> {
                if (k.notValid()) {
                    return;
                }
                String lock = k.kind().equals("foreign")
                        ? Locks.shareRowExclusive(table.raw() + " and " + referencedTable(k))
                        : Locks.accessExclusive(table);
                out.report(NOT_VALID, statement.line(), "Adding the " + (k.kind().equals("foreign") ? "FOREIGN KEY"
                        : "CHECK") + " constraint " + name + " " + lock + " while it reads every row of " + table.raw()
                        + " to validate it.", "ALTER TABLE " + table.raw() + " ADD CONSTRAINT " + name + " "
                        + definition + " NOT VALID; then, in a later revision: ALTER TABLE " + table.raw()
                        + " VALIDATE CONSTRAINT " + name + "; (it checks the rows under a SHARE UPDATE EXCLUSIVE lock:"
                        + " reads and writes go on)");
            }
            case "unique", "primary" -> {
                if (k.usingIndex()) {
                    return;
                }
                boolean unique = k.kind().equals("unique");
                String columns = statement.text(k.columns());
                String nulls = k.nullsNotDistinct() ? " NULLS NOT DISTINCT" : "";
                out.report(unique ? UNIQUE : PRIMARY_KEY, statement.line(), "Adding the " + (unique ? "UNIQUE"
                        : "PRIMARY KEY") + " constraint " + name + " builds its index while it "
                        + Locks.accessExclusive(table)
                        + (unique ? "" : ", and a primary key also scans for NULLs") + ".",
                        "CREATE UNIQUE INDEX CONCURRENTLY " + name + " ON " + table.raw() + " (" + columns + ")" + nulls
                        + "; (a revision of its own), then: ALTER TABLE " + table.raw() + " ADD CONSTRAINT " + name
                        + (unique ? " UNIQUE" : " PRIMARY KEY") + " USING INDEX " + name + ";"
                        + (unique ? "" : " (set the columns NOT NULL safely first: see adding-not-nullable-field)"));
            }
            default -> {
            }
        }
    }

    /** The table a FOREIGN KEY references, as written, or "the referenced table" when the definition is cut short. */
    private static String referencedTable(TableConstraint k) {
        List<SqlToken> definition = k.definition();
        for (int i = 0; i < definition.size(); i++) {
            if (definition.get(i).text().equals("references")) {
                ObjectName referenced = new TokenCursor(definition, i + 1).name();
                return referenced == null ? "the referenced table" : referenced.raw();
            }
        }
        return "the referenced table";
    }
}
