package com.intellipost.migrator.lint;

import java.util.ArrayList;
import java.util.List;

/** {@link LintResult} as text for people and as the JSON document of DESIGN 2.11 for tools. */
public final class LintReport {

    private LintReport() {
    }

    /**
     * One block per finding ({@code error ban-drop-table db/x.sql:8 (revision 4f1c2a9e7b3d)}, the message, the fix)
     * and a closing summary line.
     */
    public static List<String> text(LintResult result) {
        List<String> lines = new ArrayList<>();
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
                + result.postgresVersion() + ")" + (result.failed() ? "; failing (lintFailOn="
                + result.failOn().name().toLowerCase(java.util.Locale.ROOT) + ")" : "");
    }

    /** {@code {"findings": [{"rule": ..., "severity": ..., "revision": ..., "file": ..., "line": ..., ...}]}}. */
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
        return sb.append(result.findings().isEmpty() ? "]}" : "\n]}").toString();
    }

    /** A JSON string literal (the other commands' JSON documents use it too). */
    public static String quote(String s) {
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
