package com.intellipost.migrator.lint;

import java.util.List;

/**
 * Statements that lose data or hold a table for as long as it takes to rewrite it: {@code ban-drop-table},
 * {@code ban-drop-database}, {@code ban-truncate-cascade} and {@code ban-vacuum-full}.
 */
final class DestructiveRules implements LintRule {

    static final String DROP_TABLE = "ban-drop-table";
    static final String DROP_DATABASE = "ban-drop-database";
    static final String TRUNCATE_CASCADE = "ban-truncate-cascade";
    static final String VACUUM_FULL = "ban-vacuum-full";

    @Override
    public List<RuleId> ids() {
        return List.of(new RuleId(DROP_TABLE, Severity.ERROR), new RuleId(DROP_DATABASE, Severity.ERROR),
                new RuleId(TRUNCATE_CASCADE, Severity.ERROR), new RuleId(VACUUM_FULL, Severity.ERROR));
    }

    @Override
    public void check(LintStatement statement, RevisionFacts facts, Findings out) {
        TokenCursor c = statement.cursor();
        if (c.accept("drop", "table")) {
            c.accept("if", "exists");
            ObjectName table = c.name();
            if (table == null || facts.isNewTable(table)) {
                return;
            }
            out.report(DROP_TABLE, statement.line(), "DROP TABLE deletes " + table.raw() + " and its data, and the"
                    + " application version still running may still query it; it also " + Locks.accessExclusive(table)
                    + ".", "Release an application that no longer uses " + table.raw() + " first, take a backup, then"
                    + " drop it in a later revision with -- lint:ignore " + DROP_TABLE + " on the line before it");
        } else if (c.accept("drop", "database")) {
            out.report(DROP_DATABASE, statement.line(), "DROP DATABASE deletes a whole database, irreversibly, and"
                    + " cannot run in a transaction.", "Drop databases by hand, after a backup, not in a migration");
        } else if (c.accept("truncate")) {
            if (c.containsAtTopLevel("cascade")) {
                out.report(TRUNCATE_CASCADE, statement.line(), "TRUNCATE ... CASCADE also empties every table that"
                        + " references these through a foreign key, and their referrers in turn, under an ACCESS"
                        + " EXCLUSIVE lock on each: more data than the statement names is lost.", "Name every table"
                        + " to empty and leave out CASCADE: " + statement.sql().replaceAll("(?i)\\s+cascade\\s*$", "")
                        + "; (PostgreSQL then refuses if another table still references them)");
            }
        } else if (c.accept("vacuum")) {
            boolean full = c.accept("full") || c.peek() != null && c.peek().equals("(")
                    && statement.tokens().stream().anyMatch(t -> t.text().equals("full"));
            if (full) {
                out.report(VACUUM_FULL, statement.line(), "VACUUM FULL rewrites each table it names while it holds an"
                        + " ACCESS EXCLUSIVE lock on it, which blocks every read and write until the copy is done.",
                        "Run plain VACUUM (no lock against reads and writes), or rebuild online with pg_repack, outside"
                        + " migrations");
            }
        } else if (c.accept("cluster")) {
            out.report(VACUUM_FULL, statement.line(), "CLUSTER rewrites the table in index order while it holds an"
                    + " ACCESS EXCLUSIVE lock on it and its indexes, which blocks every read and write until it ends.",
                    "Rebuild online with pg_repack, outside migrations; or accept the downtime and say so with"
                    + " -- lint:ignore " + VACUUM_FULL);
        }
    }
}
