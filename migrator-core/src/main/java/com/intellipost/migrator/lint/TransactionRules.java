package com.intellipost.migrator.lint;

import java.util.List;

/**
 * {@code transaction-nesting}: the migrator owns the transaction of a revision; and
 * {@code concurrently-mixed-with-ddl}: a statement that must run outside a transaction takes the whole revision
 * out of one.
 */
final class TransactionRules implements LintRule {

    static final String NESTING = "transaction-nesting";
    static final String MIXED = "concurrently-mixed-with-ddl";

    @Override
    public List<RuleId> ids() {
        return List.of(new RuleId(NESTING, Severity.ERROR), new RuleId(MIXED, Severity.ERROR));
    }

    @Override
    public void check(LintStatement statement, RevisionFacts facts, Findings out) {
        String what = transactionControl(statement.cursor());
        if (what == null) {
            return;
        }
        String effect = switch (what) {
            case "BEGIN", "START TRANSACTION" -> "inside the migrator's transaction PostgreSQL only warns that one is"
                    + " in progress, and the script's matching COMMIT then ends the migrator's transaction early";
            case "COMMIT", "END" -> "it commits the migrator's transaction early: the statements before it are"
                    + " committed without the revision's history row, and a failure after it leaves the revision half"
                    + " applied";
            default -> "it rolls back the migrator's transaction: the statements before it are undone, the ones"
                    + " after it run without a transaction, and the revision is recorded as applied";
        };
        out.report(NESTING, statement.line(), what + " in a script fights the migrator, which runs each revision in a"
                + " transaction of its own together with its history row: " + effect + ".", "Remove the " + what
                + " statement (the migrator commits the revision); for a statement that cannot run in a transaction,"
                + " put it in a revision of its own: the migrator runs that revision outside a transaction");
    }

    /**
     * BEGIN, START TRANSACTION, COMMIT, END, ROLLBACK or ABORT when the statement is one of them, else null. Not
     * COMMIT/ROLLBACK PREPARED (two-phase commit of another transaction), nor SAVEPOINT, RELEASE and ROLLBACK TO,
     * which work inside the migrator's transaction without ending it.
     */
    private static String transactionControl(TokenCursor c) {
        String first = c.acceptAny("begin", "start", "commit", "end", "rollback", "abort");
        if (first == null) {
            return null;
        }
        if (first.equals("start")) {
            return c.accept("transaction") ? "START TRANSACTION" : null;
        }
        if ("prepared".equals(c.peek())) {
            return null;
        }
        c.acceptAny("work", "transaction");
        if (first.equals("rollback") && "to".equals(c.peek())) {
            return null;
        }
        return first.toUpperCase(java.util.Locale.ROOT);
    }

    @Override
    public void finish(RevisionFacts facts, Findings out) {
        if (facts.firstAutocommitLine() > 0 && facts.statements() > 1) {
            out.report(MIXED, facts.firstAutocommitLine(), facts.firstAutocommitStatement() + " cannot run in a"
                    + " transaction, so the whole revision runs outside one: its " + (facts.statements() - 1)
                    + " other statement(s) are committed one by one, and a failure leaves those before it applied.",
                    "Move the " + facts.firstAutocommitStatement() + " into a revision of its own, with nothing else");
        }
    }
}
