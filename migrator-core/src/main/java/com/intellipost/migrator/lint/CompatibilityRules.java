package com.intellipost.migrator.lint;

import com.intellipost.migrator.script.SqlToken;
import java.util.List;

/**
 * Changes that break the application version still running during a deploy: {@code ban-drop-column},
 * {@code renaming-column}, {@code renaming-table} (errors) and {@code ban-drop-not-null} (warning).
 */
final class CompatibilityRules implements LintRule {

    static final String DROP_COLUMN = "ban-drop-column";
    static final String RENAME_COLUMN = "renaming-column";
    static final String RENAME_TABLE = "renaming-table";
    static final String DROP_NOT_NULL = "ban-drop-not-null";

    @Override
    public List<RuleId> ids() {
        return List.of(new RuleId(DROP_COLUMN, Severity.ERROR), new RuleId(RENAME_COLUMN, Severity.ERROR),
                new RuleId(RENAME_TABLE, Severity.ERROR), new RuleId(DROP_NOT_NULL, Severity.WARNING));
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
            if (c.accept("drop")) {
                if ("constraint".equals(c.peek())) {
                    continue;
                }
                c.accept("column");
                c.accept("if", "exists");
                SqlToken column = c.next();
                if (column != null && column.isName()) {
                    out.report(DROP_COLUMN, statement.line(), "Dropping " + column.raw() + " deletes its data, and "
                            + Locks.accessExclusive(table) + "; the application version still running may still"
                            + " read or write it, and fails when it does.", "First release an application that no"
                            + " longer uses " + column.raw() + " (for JPA, remove the field), then drop it in a later"
                            + " revision, after a backup: ALTER TABLE " + table.raw() + " DROP COLUMN " + column.raw()
                            + "; (with -- lint:ignore " + DROP_COLUMN + " once it is unused)");
                }
            } else if (c.accept("rename")) {
                if (c.accept("to")) {
                    ObjectName to = c.name();
                    if (to != null) {
                        renameTable(statement, table, to, out);
                    }
                } else if (!"constraint".equals(c.peek())) {
                    c.accept("column");
                    SqlToken from = c.next();
                    SqlToken to = c.accept("to") ? c.next() : null;
                    if (from != null && from.isName() && to != null && to.isName()) {
                        renameColumn(statement, table, from, to, out);
                    }
                }
            } else if (c.accept("alter")) {
                c.accept("column");
                SqlToken column = c.next();
                if (column != null && c.accept("drop", "not", "null")) {
                    out.report(DROP_NOT_NULL, statement.line(), "Dropping NOT NULL from " + column.raw() + " of "
                            + table.raw() + " lets NULLs in, which the application version still running may not expect when it reads"
                            + " the column.", "Release code that handles NULL in " + column.raw() + " first; then"
                            + " ALTER TABLE " + table.raw() + " ALTER COLUMN " + column.raw() + " DROP NOT NULL;");
                }
            }
        }
    }

    private static void renameTable(LintStatement statement, ObjectName table, ObjectName to, Findings out) {
        // RENAME TO keeps the schema: the view must name the renamed table in it, whatever the search_path
        String renamed = table.schema() == null ? to.raw() : table.raw().substring(0, table.raw().lastIndexOf('.') + 1)
                + to.raw();
        out.report(RENAME_TABLE, statement.line(), "Renaming " + table.raw() + " to " + to.raw() + " breaks every"
                + " query of the application version still running, which uses the old name; it also "
                + Locks.accessExclusive(table) + ".", "Keep both names during the deploy: ALTER TABLE " + table.raw()
                + " RENAME TO " + to.raw() + "; CREATE VIEW " + table.raw() + " AS SELECT * FROM " + renamed + ";"
                + " (in the same revision; a simple view can be written through) and DROP VIEW " + table.raw()
                + "; in a later revision, once no running code uses the old name");
    }

    private static void renameColumn(LintStatement statement, ObjectName table, SqlToken from, SqlToken to,
                                     Findings out) {
        out.report(RENAME_COLUMN, statement.line(), "Renaming " + from.raw() + " of " + table.raw() + " to " + to.raw()
                + " breaks every query of the application version still running that names " + from.raw()
                + "; it also " + Locks.accessExclusive(table) + ".", "ALTER TABLE " + table.raw() + " ADD COLUMN "
                + to.raw() + " <the type of " + from.raw() + ">; then write both (a trigger, or the application), fill"
                + " it in batches (UPDATE " + table.raw() + " SET " + to.raw() + " = " + from.raw() + " WHERE "
                + to.raw() + " IS NULL AND <key range>;), move the reads, and ALTER TABLE " + table.raw()
                + " DROP COLUMN " + from.raw() + "; in a later release; or keep the old name");
    }
}
