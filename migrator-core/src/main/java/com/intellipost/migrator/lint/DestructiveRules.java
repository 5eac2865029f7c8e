package com.intellipost.migrator.lint;

import com.intellipost.migrator.script.SqlToken;
import java.util.ArrayList;
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
            dropTable(statement, facts, c, out);
        } else if (c.accept("drop", "database")) {
            c.accept("if", "exists");
            ObjectName database = c.name();
            String name = database == null ? "a database" : database.raw();
            out.report(DROP_DATABASE, statement.line(), "DROP DATABASE deletes " + name + " as a whole, irreversibly,"
                    + " and cannot run in a transaction.", "Drop " + name + " by hand, after a backup, not in a"
                    + " migration");
        } else if (c.accept("truncate")) {
            truncate(statement, c, out);
        } else if (c.accept("vacuum")) {
            List<SqlToken> options = c.parenthesised();
            boolean full = options.isEmpty() ? c.accept("full") : fullOption(options);
            if (full) {
                while (c.acceptAny("freeze", "verbose", "analyze", "analyse") != null) {
                    // the old syntax's other option words
                }
                String tables = String.join(", ", names(c));
                out.report(VACUUM_FULL, statement.line(), "VACUUM FULL rewrites " + (tables.isEmpty() ? "every table"
                        + " of the database" : tables) + " while it holds an ACCESS EXCLUSIVE lock on each, which blocks"
                        + " every read and write until the copy is done.", "VACUUM" + (tables.isEmpty() ? "" : " " + tables) + "; (plain VACUUM"
                        + " takes no lock against reads and writes), or rebuild online with pg_repack, outside"
                        + " migrations");
            }
        } else if (c.accept("cluster")) {
            c.accept("verbose");
            ObjectName table = c.name();
            String what = table == null ? "every table clustered before" : table.raw();
            out.report(VACUUM_FULL, statement.line(), "CLUSTER rewrites " + what + " in index order while it holds an"
                    + " ACCESS EXCLUSIVE lock on it and its indexes, which blocks every read and write until it ends.",
                    "Rebuild " + what + " online with pg_repack, outside migrations; or accept the downtime and say so"
                    + " with -- lint:ignore " + VACUUM_FULL);
        }
    }

    private static void dropTable(LintStatement statement, RevisionFacts facts, TokenCursor names, Findings out) {
        // a table this revision created is new and unused; the others in the same DROP are not
        List<String> existing = new ArrayList<>();
        names.accept("if", "exists");
        for (ObjectName table = names.name(); table != null; table = names.accept(",") ? names.name() : null) {
            if (!facts.isNewTable(table)) {
                existing.add(table.raw());
            }
        }
        if (existing.isEmpty()) {
            return;
        }
        String list = String.join(", ", existing);
        boolean one = existing.size() == 1;
        out.report(DROP_TABLE, statement.line(), "DROP TABLE deletes " + list + " and " + (one ? "its" : "their")
                + " data, and the application version still running may still query " + (one ? "it" : "them")
                + "; it also takes an ACCESS EXCLUSIVE lock on " + (one ? "it" : "each") + ", which blocks every read"
                + " and write.", "Release an"
                + " application that no longer uses " + list + " first, take a backup, then in a later revision:"
                + " -- lint:ignore " + DROP_TABLE + " on the line before DROP TABLE " + list + ";");
    }

    private static void truncate(LintStatement statement, TokenCursor c, Findings out) {
        if (!c.containsAtTopLevel("cascade")) {
            return;
        }
        c.accept("table");
        c.accept("only");
        List<String> tables = names(c);
        // the statement without its CASCADE word, as written
        StringBuilder fix = new StringBuilder();
        List<SqlToken> tokens = statement.tokens();
        String sql = statement.sql();
        int from = 0;
        for (SqlToken t : tokens) {
            if (t.text().equals("cascade")) {
                fix.append(sql, from, t.start());
                from = t.end();
            }
        }
        int end = tokens.get(tokens.size() - 1).end();
        if (from < end) {
            fix.append(sql, from, end);
        }
        out.report(TRUNCATE_CASCADE, statement.line(), "TRUNCATE " + String.join(", ", tables) + " CASCADE also"
                + " empties every table that references " + (tables.size() == 1 ? "it" : "them") + " through a foreign"
                + " key, and their referrers in turn, under an ACCESS EXCLUSIVE lock on each: more data than the"
                + " statement names is lost.", "Name every table to empty and leave out CASCADE: "
                + fix.toString().replaceAll("\\s+", " ").strip() + "; (PostgreSQL then refuses if another table"
                + " still references them)");
    }

    /** {@code FULL} among {@code VACUUM (...)} options, unless it is set false. */
    private static boolean fullOption(List<SqlToken> options) {
        for (List<SqlToken> option : TokenCursor.splitAtCommas(options)) {
            if (!option.isEmpty() && option.get(0).text().equals("full")) {
                return option.size() == 1 || !List.of("false", "off", "0").contains(option.get(1).text());
            }
        }
        return false;
    }

    /** The comma-separated names that follow, as written (a column list after a name is skipped). */
    private static List<String> names(TokenCursor c) {
        List<String> names = new ArrayList<>();
        for (ObjectName name = c.name(); name != null; name = c.accept(",") ? c.name() : null) {
            names.add(name.raw());
            c.accept("*");
            c.parenthesised();
        }
        return names;
    }
}
