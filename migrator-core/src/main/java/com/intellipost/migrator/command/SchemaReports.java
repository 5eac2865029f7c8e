package com.intellipost.migrator.command;

import com.intellipost.migrator.command.TestRollbackResult.RevisionCheck;
import com.intellipost.migrator.command.TestRollbackResult.Status;
import com.intellipost.migrator.lint.LintReport;
import com.intellipost.migrator.schema.SchemaDiff;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** {@code test-rollback} and {@code drift} results as text for people and as the JSON documents of DESIGN 2.12. */
public final class SchemaReports {

    private static final String INDENT = "      ";

    private SchemaReports() {
    }

    /**
     * One line per revision ({@code ok             59abd1823b34 Create users (db/...sql)}), what went wrong and the
     * differences under it, then {@link #summary}.
     */
    public static List<String> text(TestRollbackResult result) {
        List<String> lines = new ArrayList<>();
        for (RevisionCheck c : result.revisions()) {
            lines.addAll(text(c, result.requireDown()));
        }
        lines.add(summary(result));
        return lines;
    }

    /** One revision's line, what went wrong and the differences under it. */
    public static List<String> text(RevisionCheck c, boolean requireDown) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format("%-14s %s %s(%s)", c.status().id(), c.revision(),
                c.message().isEmpty() ? "" : c.message() + " ", c.file()));
        c.error().ifPresent(e -> lines.add(INDENT + (c.status() == Status.NOT_REVERSIBLE
                ? e + (requireDown ? " (requireDown=true makes it an error)"
                : " (a warning; requireDown=true makes it an error)") : e)));
        lines.addAll(c.diff().lines(INDENT));
        return lines;
    }

    /** {@code Test-rollback: 6 of 6 revision(s): 5 ok, 1 not-reversible; passed}. */
    public static String summary(TestRollbackResult result) {
        String counts = java.util.Arrays.stream(Status.values()).filter(s -> result.count(s) > 0)
                .map(s -> result.count(s) + " " + s.id()).collect(Collectors.joining(", "));
        List<RevisionCheck> walked = result.revisions();
        boolean stopped = !walked.isEmpty() && walked.get(walked.size() - 1).status() == Status.UP_FAILED;
        return "Test-rollback: " + walked.size() + " revision(s) walked (up, down, up again)"
                + (counts.isEmpty() ? "" : ": " + counts)
                + (stopped ? "; stopped at " + walked.get(walked.size() - 1).revision() + ", whose up section failed"
                : "") + "; " + (result.failed() ? "failed" : "passed") + " in " + result.totalMs() + " ms";
    }

    /**
     * {@code {"revisions": [{"revision": ..., "file": ..., "status": ..., "extra": [...], "missing": [...],
     * "changed": [...], "error": ...}]}}; {@code error} is null for {@code ok}.
     */
    public static String json(TestRollbackResult result) {
        StringBuilder sb = new StringBuilder("{\"revisions\": [");
        String separator = "";
        for (RevisionCheck c : result.revisions()) {
            sb.append(separator).append("\n  {\"revision\": ").append(LintReport.quote(c.revision()))
                    .append(", \"file\": ").append(LintReport.quote(c.file()))
                    .append(", \"status\": ").append(LintReport.quote(c.status().id()))
                    .append(", ").append(lists(c.diff()))
                    .append(", \"error\": ").append(c.error().map(LintReport::quote).orElse("null")).append('}');
            separator = ",";
        }
        return sb.append(result.revisions().isEmpty() ? "]}" : "\n]}").toString();
    }

    /** One line when the database matches; otherwise a headline and every difference. */
    public static List<String> text(DriftResult result) {
        String what = result.revisions().size() + " applied revision(s) (schemas " + String.join(", ", result.schemas())
                + ")";
        if (!result.drifted()) {
            return List.of("No drift: " + result.database() + " matches what its " + what + " build");
        }
        List<String> lines = new ArrayList<>();
        lines.add("Drift: " + result.database() + " differs from what its " + what + " build: "
                + result.diff().summary() + " (before: as the revisions build it; after: as it is)");
        lines.addAll(result.diff().lines("  "));
        return lines;
    }

    /** {@code {"extra": [...], "missing": [...], "changed": [...]}}. */
    public static String json(DriftResult result) {
        return "{" + lists(result.diff()) + "}";
    }

    private static String lists(SchemaDiff diff) {
        return "\"extra\": " + array(diff.extra()) + ", \"missing\": " + array(diff.missing())
                + ", \"changed\": " + array(diff.changedObjects());
    }

    private static String array(List<String> items) {
        return items.stream().map(LintReport::quote).collect(Collectors.joining(", ", "[", "]"));
    }
}
