package com.intellipost.migrator.lint;

import java.util.ArrayList;
import java.util.List;

/** {@code require-concurrent-index-creation} and {@code require-concurrent-index-deletion}. */
final class IndexRules implements LintRule {

    static final String CREATION = "require-concurrent-index-creation";
    static final String DELETION = "require-concurrent-index-deletion";

    @Override
    public List<RuleId> ids() {
        return List.of(new RuleId(CREATION, Severity.ERROR), new RuleId(DELETION, Severity.ERROR));
    }

    @Override
    public void check(LintStatement statement, RevisionFacts facts, Findings out) {
        TokenCursor c = statement.cursor();
        if (c.accept("create")) {
            c.accept("unique");
            if (!c.accept("index") || c.accept("concurrently")) {
                return;
            }
            c.accept("if", "not", "exists");
            if (!"on".equals(c.peek())) {
                c.name(); // the index's name
            }
            if (!c.accept("on")) {
                return;
            }
            c.accept("only");
            ObjectName table = c.name();
            if (table == null || facts.isNewTable(table)) {
                return;
            }
            out.report(CREATION, statement.line(), "CREATE INDEX " + Locks.share(table) + " while it reads the whole"
                    + " table to build the index: on a large table, writes wait for minutes.",
                    concurrently(statement) + "; -- in a revision of its own: it runs outside a"
                    + " transaction, and a failed build leaves an INVALID index to drop");
        } else if (c.accept("drop", "index") && !c.accept("concurrently")) {
            dropIndex(statement, c, out);
        }
    }

    /**
     * DROP INDEX CONCURRENTLY takes one index and no CASCADE, so the fix is one such statement per index named; a
     * CASCADE is left out (the fix says so) because dropping what depends on the index needs its own thought.
     */
    private static void dropIndex(LintStatement statement, TokenCursor c, Findings out) {
        boolean ifExists = c.accept("if", "exists");
        List<String> indexes = new ArrayList<>();
        for (ObjectName index = c.name(); index != null; index = c.accept(",") ? c.name() : null) {
            indexes.add(index.raw());
        }
        if (indexes.isEmpty()) {
            return;
        }
        boolean cascade = c.containsAtTopLevel("cascade");
        StringBuilder fix = new StringBuilder();
        for (String index : indexes) {
            fix.append("DROP INDEX CONCURRENTLY ").append(ifExists ? "IF EXISTS " : "").append(index).append("; ");
        }
        fix.append("-- in a revision of its own: it runs outside a transaction");
        if (indexes.size() > 1) {
            fix.append(", and CONCURRENTLY drops one index per statement");
        }
        if (cascade) {
            fix.append("; CONCURRENTLY refuses CASCADE: drop the objects that depend on the index first");
        }
        out.report(DELETION, statement.line(), "DROP INDEX " + String.join(", ", indexes) + " takes an ACCESS"
                + " EXCLUSIVE lock on the index's table, which blocks every read and write of it, and it first waits"
                + " for every running query on the table, while new queries queue behind it.", fix.toString());
    }

    /** The statement with CONCURRENTLY after its INDEX keyword. */
    private static String concurrently(LintStatement statement) {
        int end = statement.tokens().stream().filter(t -> t.text().equals("index")).findFirst().orElseThrow().end();
        return statement.sql().substring(0, end) + " CONCURRENTLY" + statement.sql().substring(end);
    }
}
