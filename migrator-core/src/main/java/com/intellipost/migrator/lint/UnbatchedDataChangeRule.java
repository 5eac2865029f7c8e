package com.intellipost.migrator.lint;

import com.intellipost.migrator.script.ScriptParser;
import com.intellipost.migrator.script.SqlToken;
import java.util.List;
import java.util.Locale;

/**
 * {@code unbatched-data-change} (warning): an UPDATE or DELETE of a table that existed before the revision, in a
 * transactional revision, holds a row lock on every row it touches until the revision commits and, on failure,
 * throws all of its work away. A {@code -- batch:} directive commits it in key ranges (and makes the revision
 * non-transactional, which is why such revisions are not reported). A statement whose WHERE pins {@code id} to
 * literals ({@code id = 1}, {@code id IN (1, 2)}) changes a few rows and is not reported either.
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
        if (table == null || facts.isNewTable(table) || !transactional(facts) || pinsIdToLiterals(c.rest())) {
            return;
        }
        String keyword = verb.toUpperCase(Locale.ROOT);
        out.report(ID, statement.line(), keyword + " of " + table.raw() + " in one transaction holds a row lock on"
                + " every row it changes until the revision commits (other writers of those rows wait), writes all of"
                + " its dead rows at once, and on failure throws all of its work away.", "Run it in batches that"
                + " commit on their own: put -- batch: table=" + table.raw() + " key=id size=10000 on the line before"
                + " it and add WHERE id >= ${batch_start} AND id < ${batch_end} to it. The statement must be"
                + " A killed run resumes after the last committed batch and runs none twice; still, make it change"
                + " nothing the second time where you can (e.g. AND summary IS NULL), since after repair it runs"
                + " again from the first batch. Or, for a small table, say so with -- lint:ignore " + ID);
    }

    /**
     * Whether the statement's top-level WHERE is an AND of conditions one of which is {@code id = <literal>} or
     * {@code id IN (<literals>)}: a change of a few named rows, which takes a few row locks, not a table's worth.
     * Only a column called {@code id} counts: {@code status = 'x'} may match most of the table.
     */
    static boolean pinsIdToLiterals(List<SqlToken> tokens) {
        int depth = 0;
        int where = -1;
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i).text();
            if (t.equals("(")) {
                depth++;
            } else if (t.equals(")")) {
                depth--;
            } else if (depth == 0 && t.equals("where")) {
                where = i;
            } else if (depth == 0 && where >= 0 && (t.equals("or") || t.equals("returning"))) {
                return false; // an OR widens it; RETURNING is not expected in a one-row fix either way
            }
        }
        if (where < 0) {
            return false;
        }
        List<SqlToken> clause = tokens.subList(where + 1, tokens.size());
        for (int i = 0; i < clause.size(); i++) {
            if (clause.get(i).text().equals("id") && (i == 0 || isConjunctStart(clause, i))
                    && literalsFollow(clause, i + 1)) {
                return true;
            }
        }
        return false;
    }

    /** {@code id} (or {@code alias.id}) starts a top-level conjunct: after WHERE's start or AND. */
    private static boolean isConjunctStart(List<SqlToken> clause, int i) {
        int before = i - 1;
        if (clause.get(before).text().equals(".") && before >= 1) {
            before -= 2; // alias . id
            if (before < 0) {
                return true;
            }
        }
        return clause.get(before).text().equals("and");
    }

    /** {@code = <literal>} or {@code IN (<literal>, ...)} at {@code i}, followed by the end, AND or ;. */
    private static boolean literalsFollow(List<SqlToken> clause, int i) {
        if (i < clause.size() && clause.get(i).text().equals("=")) {
            int end = literal(clause, i + 1);
            return end > 0 && conjunctEnds(clause, end);
        }
        if (i + 1 < clause.size() && clause.get(i).text().equals("in") && clause.get(i + 1).text().equals("(")) {
            int j = i + 2;
            while (true) {
                j = literal(clause, j);
                if (j < 0 || j >= clause.size()) {
                    return false;
                }
                String t = clause.get(j).text();
                if (t.equals(")")) {
                    return conjunctEnds(clause, j + 1);
                }
                if (!t.equals(",")) {
                    return false;
                }
                j++;
            }
        }
        return false;
    }

    /** The index after a number or string literal (optionally negative) at {@code i}, or -1. */
    private static int literal(List<SqlToken> clause, int i) {
        if (i < clause.size() && clause.get(i).text().equals("-")) {
            i++;
        }
        if (i >= clause.size()) {
            return -1;
        }
        String t = clause.get(i).text();
        return t.equals(SqlToken.LITERAL) || !t.isEmpty() && Character.isDigit(t.charAt(0)) ? i + 1 : -1;
    }

    private static boolean conjunctEnds(List<SqlToken> clause, int i) {
        return i >= clause.size() || clause.get(i).text().equals("and") || clause.get(i).text().equals(";");
    }

    private static boolean transactional(RevisionFacts facts) {
        return facts.script().transactional() && ScriptParser.analyseUp(facts.script()).autocommitReason().isEmpty();
    }
}
