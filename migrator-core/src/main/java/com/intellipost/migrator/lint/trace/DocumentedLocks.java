package com.intellipost.migrator.lint.trace;

import com.intellipost.migrator.lint.LintStatement;
import com.intellipost.migrator.lint.ObjectName;
import com.intellipost.migrator.lint.RelationLock;
import com.intellipost.migrator.lint.TokenCursor;
import com.intellipost.migrator.script.AutocommitStatements;
import com.intellipost.migrator.script.SqlStatement;
import java.util.ArrayList;
import java.util.List;

/**
 * The locks PostgreSQL's documentation gives for the statements it refuses in a transaction block, which the trace
 * cannot measure (their locks are gone when the statement returns): CREATE/DROP INDEX CONCURRENTLY, REINDEX
 * CONCURRENTLY and DETACH PARTITION CONCURRENTLY take SHARE UPDATE EXCLUSIVE, VACUUM too, VACUUM FULL ACCESS
 * EXCLUSIVE. Other statements get none (an ordinary statement of such a revision is not measured either).
 * Unqualified names are given {@code schema}, the session's current schema.
 */
final class DocumentedLocks {

    private static final String SHARE_UPDATE_EXCLUSIVE = "ShareUpdateExclusiveLock";
    private static final String[] OPTIONS = {"full", "freeze", "verbose", "analyze"};

    private DocumentedLocks() {
    }

    static List<RelationLock> of(SqlStatement statement, String schema) {
        List<RelationLock> locks = new ArrayList<>();
        if (!AutocommitStatements.requiresAutocommit(statement.sql())) {
            return locks; // an ordinary statement in a revision that runs outside a transaction: not measured
        }
        TokenCursor c = new LintStatement(statement).cursor();
        if (c.accept("create")) {
            c.accept("unique");
            if (c.accept("index", "concurrently")) {
                c.accept("if", "not", "exists");
                if (!"on".equals(c.peek())) {
                    c.name();
                }
                if (c.accept("on")) {
                    c.accept("only");
                    add(locks, c.name(), SHARE_UPDATE_EXCLUSIVE, true, schema);
                }
            }
        } else if (c.accept("drop", "index", "concurrently")) {
            c.accept("if", "exists");
            add(locks, c.name(), SHARE_UPDATE_EXCLUSIVE, false, schema);
        } else if (c.accept("reindex")) {
            c.parenthesised();
            String what = c.acceptAny("index", "table");
            if (what != null) {
                c.accept("concurrently");
                add(locks, c.name(), SHARE_UPDATE_EXCLUSIVE, what.equals("table"), schema);
            }
        } else if (c.accept("alter", "table")) {
            c.accept("if", "exists");
            c.accept("only");
            add(locks, c.name(), SHARE_UPDATE_EXCLUSIVE, true, schema); // DETACH PARTITION ... CONCURRENTLY
        } else if (c.accept("vacuum")) {
            boolean full = c.parenthesised().stream().anyMatch(t -> t.text().equals("full"));
            for (String w = c.acceptAny(OPTIONS); w != null; w = c.acceptAny(OPTIONS)) {
                full |= w.equals("full");
            }
            for (ObjectName table = c.name(); table != null; table = c.accept(",") ? c.name() : null) {
                add(locks, table, full ? RelationLock.ACCESS_EXCLUSIVE : SHARE_UPDATE_EXCLUSIVE, true, schema);
                c.parenthesised(); // a column list
            }
        }
        return locks;
    }

    private static void add(List<RelationLock> locks, ObjectName name, String mode, boolean table, String schema) {
        if (name != null) {
            locks.add(new RelationLock((name.schema() == null ? schema : name.schema()) + "." + name.name(), mode,
                    table));
        }
    }
}
