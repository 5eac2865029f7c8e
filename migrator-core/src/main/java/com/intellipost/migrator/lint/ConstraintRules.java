package com.intellipost.migrator.lint;

import com.intellipost.migrator.script.SqlToken;
import java.util.List;

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
        for (List<SqlToken> action : alter.actions()) {
            TokenCursor c = AlterTable.cursor(action);
            if (c.accept("validate", "constraint")) {
                ObjectName constraint = c.name();
                if (constraint != null && facts.addedNotValidHere(table, constraint.name())) {
                    out.report(NOT_VALID, statement.line(), "VALIDATE CONSTRAINT " + constraint.raw() + " runs in the"
                            + " transaction that added it NOT VALID: the ADD's lock on " + table.raw() + " (ACCESS"
                            + " EXCLUSIVE for a CHECK, SHARE ROW EXCLUSIVE for a FOREIGN KEY) is still held while the"
                            + " validation reads every row, so NOT VALID saves nothing.",
                            "Move it to a later revision: ALTER TABLE " + table.raw() + " VALIDATE CONSTRAINT "
                            + constraint.raw() + "; (it takes a SHARE UPDATE EXCLUSIVE lock: reads and writes go on)");
                }
                continue;
            }
            if (facts.isNewTable(table)) {
                continue; // created in this revision: empty and unused
            }
            TableConstraint constraint = TableConstraint.parse(action);
            if (constraint != null) {
                checkConstraint(statement, table, constraint, out);
            }
        }
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
                        ? Locks.shareRowExclusive(table.raw() + " and the referenced table")
                        : Locks.accessExclusive(table);
                out.report(NOT_VALID, statement.line(), "Adding a " + (k.kind().equals("foreign") ? "FOREIGN KEY"
                        : "CHECK") + " constraint " + lock + " while it reads every row of " + table.raw()
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
                out.report(unique ? UNIQUE : PRIMARY_KEY, statement.line(), "Adding a " + (unique ? "UNIQUE"
                        : "PRIMARY KEY") + " constraint builds its index while it " + Locks.accessExclusive(table)
                        + (unique ? "" : ", and a primary key also scans for NULLs") + ".",
                        "CREATE UNIQUE INDEX CONCURRENTLY " + name + " ON " + table.raw() + " (" + columns + ");"
                        + " (a revision of its own), then: ALTER TABLE " + table.raw() + " ADD CONSTRAINT " + name
                        + (unique ? " UNIQUE" : " PRIMARY KEY") + " USING INDEX " + name + ";"
                        + (unique ? "" : " (set the columns NOT NULL safely first: see adding-not-nullable-field)"));
            }
            default -> {
            }
        }
    }
}
