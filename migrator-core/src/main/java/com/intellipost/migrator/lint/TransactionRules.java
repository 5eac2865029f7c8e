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
        TokenCursor c = statement.cursor();
        String first = c.acceptAny("begin", "start", "commit", "rollback", "end", "abort", "savepoint", "release");
        if (first == null || (first.equals("start") && !"transaction".equals(c.peek()))
                || ((first.equals("commit") || first.equals("rollback")) && "prepared".equals(c.peek()))) {
            return;
        }
        out.report(NESTING, statement.line(), statement.tokens().get(0).raw().toUpperCase(java.util.Locale.ROOT)
                + " in a script fights the migrator, which runs each revision in a transaction of its own together"
                + " with its history row: a COMMIT here would commit half a revision without its history row.",
                "Remove it. For statements that cannot run in a transaction, put them in a revision of their own: the"
                + " migrator runs it outside one");
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
