package com.intellipost.migrator.lint;

import com.intellipost.migrator.script.ScriptParser;
import java.util.List;
import java.util.Locale;

/**
 * {@code unbatched-data-change} (warning): an UPDATE or DELETE of a table that existed before the revision, in a
 * transactional revision, holds a row lock on every row it touches until the revision commits and, on failure,
 * throws all of its work away. A {@code -- batch:} directive commits it in key ranges (and makes the revision
 * non-transactional, which is why such revisions are not reported).
 */
final class UnbatchedDataChangeRule implements LintRule {

    static final String ID = "unbatched-data-change";

    @Override
    public List<RuleId> ids() {
        return List.of(new RuleId(ID, Severity.WARNING));
    }

    @Override
    public void check(LintStatement statement, RevisionFacts facts, Findings out) {
        TokenCursor c = statement.cursor();
        String verb = c.acceptAny("update", "delete");
        if (verb == null || verb.equals("delete") && !c.accept("from")) {
            return;
        }
        c.accept("only");
        ObjectName table = c.name();
        if (table == null || facts.isNewTable(table) || !transactional(facts)) {
            return;
        }
        String keyword = verb.toUpperCase(Locale.ROOT);
        out.report(ID, statement.line(), keyword + " of " + table.raw() + " in one transaction holds a row lock on"
                + " every row it changes until the revision commits (other writers of those rows wait), writes all of"
                + " its dead rows at once, and on failure throws all of its work away.", "Run it in batches that"
                + " commit on their own: put -- batch: table=" + table.raw() + " key=id size=10000 on the line before"
                + " it and add WHERE id >= ${batch_start} AND id < ${batch_end} to it. The statement must be"
                + " idempotent (e.g. AND summary IS NULL): a killed run resumes after the last committed batch. Or,"
                + " for a small table, say so with -- lint:ignore " + ID);
    }

    private static boolean transactional(RevisionFacts facts) {
        return facts.script().transactional() && ScriptParser.analyseUp(facts.script()).autocommitReason().isEmpty();
    }
}
