package com.intellipost.migrator.lint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Judges what the trace measured (DESIGN 2.7, 2.11): {@code table-rewrite} and {@code full-scan-under-lock} on
 * tables that existed before the revision, {@code lock-held-across-statements} after an ACCESS EXCLUSIVE lock on one.
 * Static findings about a statement's cost are checked against the measurement: a confirmed one carries the
 * measured facts (and stands for the traced error of its statement), a refuted one is dropped. Suppressions apply to
 * the traced rules as to the others.
 */
public final class TracedRules {

    static final String REWRITE = "table-rewrite";
    static final String SCAN = "full-scan-under-lock";
    static final String LOCK_HELD = "lock-held-across-statements";
    static final List<LintRule.RuleId> IDS = List.of(new LintRule.RuleId(REWRITE, Severity.ERROR),
            new LintRule.RuleId(SCAN, Severity.ERROR), new LintRule.RuleId(LOCK_HELD, Severity.WARNING));

    /** Static rules that guess at a rewrite or a scan under a lock: the trace confirms them. */
    private static final Set<String> COST = Set.of(ColumnRules.TYPE, ColumnRules.DEFAULT, ColumnRules.NOT_NULL,
            ConstraintRules.NOT_VALID, ConstraintRules.UNIQUE, ConstraintRules.PRIMARY_KEY, IndexRules.CREATION,
            DestructiveRules.VACUUM_FULL);
    /** Of those, the ones whose whole point is the rewrite or the scan: no rewrite and no scan, no finding. */
    private static final Set<String> REFUTABLE = Set.of(ColumnRules.TYPE, ColumnRules.DEFAULT, ColumnRules.NOT_NULL,
            ConstraintRules.NOT_VALID);

    private TracedRules() {
    }

    /**
     * The findings of {@code revisions} (the static ones, with their suppressions) judged against {@code traces}:
     * every finding, in revision order then line order.
     */
    public static List<Finding> apply(List<Findings> revisions, List<StatementTrace> traces) {
        Map<String, List<StatementTrace>> byRevision = new LinkedHashMap<>();
        for (StatementTrace t : traces) {
            byRevision.computeIfAbsent(t.revision(), r -> new ArrayList<>()).add(t);
        }
        List<Finding> all = new ArrayList<>();
        for (Findings findings : revisions) {
            List<StatementTrace> statements = byRevision.getOrDefault(findings.script().revision(), List.of());
            if (!statements.isEmpty() && statements.get(0).transactional()) {
                judge(statements, findings);
            }
            all.addAll(findings.list());
        }
        return all;
    }

    private static void judge(List<StatementTrace> statements, Findings findings) {
        Map<Integer, Measured> byLine = new HashMap<>();
        Map<String, RelationLock> held = new HashMap<>(); // relation -> strongest lock so far in the transaction
        for (StatementTrace t : statements) {
            for (RelationLock lock : t.locks()) {
                held.merge(lock.relation(), lock, (a, b) -> b.strongerThan(a) ? b : a);
            }
            byLine.merge(t.line(), measure(t, held), Measured::and); // two statements on one line: one verdict
        }
        Set<Integer> absorbed = new HashSet<>();
        findings.revise(f -> {
            Measured m = byLine.get(f.line());
            if (m == null || !COST.contains(f.rule())) {
                return f;
            }
            if (m.hurts()) {
                absorbed.add(f.line());
                return new Finding(f.rule(), f.severity(), f.revision(), f.file(), f.line(), f.message()
                        + " Traced on a scratch database: " + m.facts() + ".", f.fix());
            }
            return REFUTABLE.contains(f.rule()) ? null : f;
        });
        for (StatementTrace t : statements) {
            Measured m = byLine.get(t.line());
            if (!absorbed.contains(t.line())) {
                reportRewrite(t, m, findings);
                reportScan(t, m, findings);
            }
        }
        reportLocksHeld(statements, findings);
    }

    /** What hurts in one statement: existing tables rewritten, or scanned under a lock that blocks reads or writes. */
    private static Measured measure(StatementTrace t, Map<String, RelationLock> held) {
        Map<String, RelationLock> rewritten = new LinkedHashMap<>();
        for (String table : t.rewrites()) {
            if (t.existedBefore(table)) { // a rewrite takes ACCESS EXCLUSIVE: the lock is there
                rewritten.put(table, held.getOrDefault(table, new RelationLock(table, RelationLock.ACCESS_EXCLUSIVE,
                        true)));
            }
        }
        Map<String, RelationLock> scanned = new LinkedHashMap<>();
        for (String table : t.scans()) {
            RelationLock lock = held.get(table);
            if (lock != null && t.existedBefore(table) && !rewritten.containsKey(table) && lock.blocksReadsOrWrites()) {
                scanned.put(table, lock);
            }
        }
        return new Measured(rewritten, scanned);
    }

    private static void reportRewrite(StatementTrace t, Measured m, Findings findings) {
        if (m.rewritten().isEmpty()) {
            return;
        }
        findings.report(REWRITE, t.line(), "Traced on a scratch database: PostgreSQL rewrote "
                + names(m.rewritten().keySet()) + " (pg_class.relfilenode changed) while holding "
                + locks(m.rewritten()) + ": it writes a new copy of the table and of every index on it, for as long"
                + " as that takes on the real table.",
                "Change the table without rewriting it: for a new column type, add a column of that type, fill it in"
                + " batches and switch to it; for a volatile default, add the column without it, then SET DEFAULT,"
                + " then fill the old rows in batches. If the table is small enough to be rewritten during a deploy,"
                + " accept it with -- lint:ignore " + REWRITE + ".");
    }

    private static void reportScan(StatementTrace t, Measured m, Findings findings) {
        if (m.scanned().isEmpty()) {
            return;
        }
        findings.report(SCAN, t.line(), "Traced on a scratch database: the statement read every row of "
                + names(m.scanned().keySet()) + " (seq_scan rose) while the transaction held " + locks(m.scanned())
                + ": on a large table they wait for the whole scan.",
                "Move the scan out from under the lock: a data change (UPDATE, INSERT ... SELECT) in a revision of its"
                + " own, where it takes only row locks; a constraint added NOT VALID and validated in a later revision"
                + " (SHARE UPDATE EXCLUSIVE blocks neither reads nor writes); an index built CONCURRENTLY in a revision"
                + " of its own; before SET NOT NULL, a CHECK (column IS NOT NULL) validated in an earlier revision. If"
                + " the table is small, accept it with -- lint:ignore " + SCAN + ".");
    }

    /**
     * One warning per statement that takes ACCESS EXCLUSIVE on tables that existed before the revision, when
     * statements follow it: reported at the first of those, since they are what holds the lock longer.
     */
    private static void reportLocksHeld(List<StatementTrace> statements, Findings findings) {
        Set<String> locked = new HashSet<>();
        for (int i = 0; i < statements.size() - 1; i++) {
            StatementTrace t = statements.get(i);
            Set<String> tables = new LinkedHashSet<>();
            for (RelationLock lock : t.locks()) {
                if (lock.table() && lock.blocksReads() && t.existedBefore(lock.relation())
                        && locked.add(lock.relation())) {
                    tables.add(lock.relation());
                }
            }
            if (tables.isEmpty()) {
                continue;
            }
            StatementTrace next = statements.get(i + 1);
            int after = statements.size() - 1 - i;
            int lastLine = statements.get(statements.size() - 1).line();
            String first = tables.iterator().next();
            findings.report(LOCK_HELD, next.line(), "Traced on a scratch database: line " + t.line() + " took an"
                    + " ACCESS EXCLUSIVE lock on " + names(tables) + ", which blocks every read and write of "
                    + (tables.size() == 1 ? "it" : "them") + " until the revision commits; this statement"
                    + (after == 1 ? "" : " and the " + (after - 1) + " after it (to line " + lastLine + ")")
                    + " run" + (after == 1 ? "s" : "") + " while it is held.",
                    "Keep the lock short: put the statement of line " + t.line() + " last in its revision, or in a"
                    + " revision of its own, and make several changes to one table one statement (ALTER TABLE "
                    + first + " <action>, <action>), which takes the lock once.");
        }
    }

    private static String names(Set<String> relations) {
        List<String> list = List.copyOf(relations);
        return list.size() == 1 ? list.get(0)
                : String.join(", ", list.subList(0, list.size() - 1)) + " and " + list.get(list.size() - 1);
    }

    /** {@code an ACCESS EXCLUSIVE lock on public.acct, which blocks every read and write of it; ...}. */
    private static String locks(Map<String, RelationLock> byTable) {
        List<String> parts = new ArrayList<>();
        byTable.values().forEach(l -> parts.add(("AE".indexOf(l.modeWords().charAt(0)) >= 0 ? "an " : "a ") + l.modeWords()
                + " lock on " + l.relation() + ", " + l.blocks()));
        return String.join("; ", parts);
    }

    /** The existing tables a statement rewrote, and those it scanned (not rewriting them) under a blocking lock. */
    private record Measured(Map<String, RelationLock> rewritten, Map<String, RelationLock> scanned) {

        Measured and(Measured other) {
            Map<String, RelationLock> r = new LinkedHashMap<>(rewritten);
            r.putAll(other.rewritten);
            Map<String, RelationLock> s = new LinkedHashMap<>(scanned);
            s.putAll(other.scanned);
            return new Measured(r, s);
        }

        boolean hurts() {
            return !rewritten.isEmpty() || !scanned.isEmpty();
        }

        String facts() {
            List<String> parts = new ArrayList<>();
            if (!rewritten.isEmpty()) {
                parts.add("PostgreSQL rewrote " + names(rewritten.keySet()) + " under " + modes(rewritten));
            }
            if (!scanned.isEmpty()) {
                parts.add("it read every row of " + names(scanned.keySet()) + " under " + modes(scanned));
            }
            return String.join("; ", parts);
        }

        private static String modes(Map<String, RelationLock> byTable) {
            return String.join(", ", byTable.values().stream().map(l -> l.modeWords() + " on " + l.relation())
                    .toList());
        }
    }
}
