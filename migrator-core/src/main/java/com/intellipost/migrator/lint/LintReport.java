package com.intellipost.migrator.lint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** {@link LintResult} as text for people and as the JSON document of DESIGN 2.11 for tools. */
public final class LintReport {

    private LintReport() {
    }

    /** Longest statement text shown in a trace table; longer ones are cut. */
    private static final int STATEMENT_WIDTH = 60;

    /**
     * With the trace, a table per revision ({@link #traceTables}); one block per finding ({@code error
     * ban-drop-table db/x.sql:8 (revision 4f1c2a9e7b3d)}, the message, the fix); and a closing summary line.
     */
    public static List<String> text(LintResult result) {
        List<String> lines = new ArrayList<>(traceTables(result));
        for (Finding f : result.findings()) {
            lines.addAll(text(f));
        }
        lines.add(summary(result));
        return lines;
    }

    /** One finding: where and which rule, what PostgreSQL will do, the fix. */
    public static List<String> text(Finding f) {
        return List.of(f.severity().id() + " " + f.rule() + " " + f.location() + " (revision " + f.revision() + ")",
                "  " + f.message(), "  Fix: " + f.fix());
    }

    /** {@code Lint: 2 error(s), 1 warning(s) in 5 revision(s) (PostgreSQL 15 rules)}, and whether that fails. */
    public static String summary(LintResult result) {
        return "Lint: " + result.count(Severity.ERROR) + " error(s), " + result.count(Severity.WARNING)
                + " warning(s) in " + result.revisions().size() + " revision(s) (rules for PostgreSQL "
                + result.postgresVersion() + result.statements().map(s -> "; " + s.size() + " statement(s) traced on"
                + " a scratch database").orElse("") + ")" + (result.failed() ? "; failing (lintFailOn="
                + result.failOn().name().toLowerCase(java.util.Locale.ROOT) + ")" : "");
    }

    /**
     * With the trace, one table per revision in scope: each statement's line, its text (shortened), the locks it took
     * that block reads or writes of a table, the tables it rewrote and those it read in full, and the verdict (the
     * findings at its line, or {@code ok}). Relations the revision created itself are left out: nobody uses them yet.
     */
    public static List<String> traceTables(LintResult result) {
        if (result.statements().isEmpty()) {
            return List.of();
        }
        Map<String, List<StatementTrace>> byRevision = new LinkedHashMap<>();
        result.statements().get().forEach(t -> byRevision.computeIfAbsent(t.revision(), r -> new ArrayList<>()).add(t));
        Map<String, Set<String>> verdicts = new HashMap<>();
        for (Finding f : result.findings()) {
            verdicts.computeIfAbsent(f.revision() + ":" + f.line(), k -> new LinkedHashSet<>())
                    .add(f.severity().id() + " " + f.rule());
        }
        List<String> lines = new ArrayList<>();
        for (List<StatementTrace> statements : byRevision.values()) {
            StatementTrace first = statements.get(0);
            lines.add("Trace of " + first.revision() + " (" + first.file() + ")" + (first.transactional()
                    ? ":" : ", not traced: it runs outside a transaction; locks as PostgreSQL documents them:"));
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"line", "statement", "locks blocking reads/writes", "rewrite", "scan", "verdict"});
            Map<String, RelationLock> held = new LinkedHashMap<>(); // table -> strongest lock so far
            Map<String, Integer> takenAt = new HashMap<>();
            for (StatementTrace t : statements) {
                if (!t.transactional()) {
                    held.clear(); // each statement commits on its own
                }
                for (RelationLock lock : t.locks()) {
                    RelationLock before = held.get(lock.relation());
                    if (lock.table() && lock.blocksReadsOrWrites() && t.existedBefore(lock.relation())
                            && (before == null || lock.strongerThan(before))) {
                        held.put(lock.relation(), lock);
                        takenAt.put(lock.relation(), t.line());
                    }
                }
                Set<String> found = verdicts.get(t.revision() + ":" + t.line());
                String verdict = found != null ? String.join(", ", found) : t.transactional() ? "ok" : "not traced";
                rows.add(new String[] {String.valueOf(t.line()), shorten(t.sql()), heldLocks(held, takenAt, t.line()),
                        orDash(t.rewrites().stream().filter(t::existedBefore).toList()),
                        orDash(t.scans().stream().filter(t::existedBefore).toList()), verdict});
            }
            lines.addAll(align(rows));
        }
        return lines;
    }

    /**
     * The locks held on tables that existed before the revision, while the statement at {@code line} runs:
     * {@code public.acct AccessExclusive}, with {@code (line 6)} when an earlier statement took it.
     */
    private static String heldLocks(Map<String, RelationLock> held, Map<String, Integer> takenAt, int line) {
        return orDash(held.values().stream().map(l -> l.relation() + " " + l.mode().replaceAll("Lock$", "")
                + (takenAt.get(l.relation()) == line ? "" : " (line " + takenAt.get(l.relation()) + ")")).toList());
    }

    private static String orDash(List<String> items) {
        return items.isEmpty() ? "-" : String.join(", ", items);
    }

    /** The statement on one line, cut to {@link #STATEMENT_WIDTH} characters. */
    private static String shorten(String sql) {
        String flat = sql.replaceAll("\\s+", " ").strip();
        return flat.length() <= STATEMENT_WIDTH ? flat : flat.substring(0, STATEMENT_WIDTH - 3) + "...";
    }

    /** Rows as columns padded to their widest cell, indented by two spaces; the last column is not padded. */
    private static List<String> align(List<String[]> rows) {
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (String[] row : rows) {
            StringBuilder sb = new StringBuilder(" ");
            for (int i = 0; i < columns; i++) {
                sb.append(' ').append(i == columns - 1 ? row[i] : String.format("%-" + widths[i] + "s ", row[i]));
            }
            lines.add(sb.toString().stripTrailing());
        }
        return lines;
    }

    /**
     * {@code {"findings": [{"rule": ..., "severity": ..., "revision": ..., "file": ..., "line": ..., ...}]}}, with the
     * trace also {@code "statements": [{"revision": ..., "file": ..., "line": ..., "sql": ..., "transactional": ...,
     * "locks": [{"relation": ..., "mode": ...}], "rewrites": [...], "scans": [...]}]}.
     */
    public static String json(LintResult result) {
        StringBuilder sb = new StringBuilder("{\"findings\": [");
        String separator = "";
        for (Finding f : result.findings()) {
            sb.append(separator).append("\n  {\"rule\": ").append(quote(f.rule()))
                    .append(", \"severity\": ").append(quote(f.severity().id()))
                    .append(", \"revision\": ").append(quote(f.revision()))
                    .append(", \"file\": ").append(quote(f.file()))
                    .append(", \"line\": ").append(f.line())
                    .append(", \"message\": ").append(quote(f.message()))
                    .append(", \"fix\": ").append(quote(f.fix())).append('}');
            separator = ",";
        }
        sb.append(result.findings().isEmpty() ? "]" : "\n]");
        result.statements().ifPresent(statements -> statements(sb, statements));
        return sb.append('}').toString();
    }

    private static void statements(StringBuilder sb, List<StatementTrace> statements) {
        sb.append(",\n \"statements\": [");
        String separator = "";
        for (StatementTrace t : statements) {
            sb.append(separator).append("\n  {\"revision\": ").append(quote(t.revision()))
                    .append(", \"file\": ").append(quote(t.file()))
                    .append(", \"line\": ").append(t.line())
                    .append(", \"sql\": ").append(quote(t.sql()))
                    .append(", \"transactional\": ").append(t.transactional())
                    .append(", \"locks\": [").append(t.locks().stream().map(l -> "{\"relation\": " + quote(l.relation())
                            + ", \"mode\": " + quote(l.mode()) + "}").collect(Collectors.joining(", ")))
                    .append("], \"rewrites\": ").append(array(t.rewrites()))
                    .append(", \"scans\": ").append(array(t.scans())).append('}');
            separator = ",";
        }
        sb.append(statements.isEmpty() ? "]" : "\n]");
    }

    private static String array(List<String> items) {
        return items.stream().map(LintReport::quote).collect(Collectors.joining(", ", "[", "]"));
    }

    /** A JSON string literal. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
