package com.intellipost.migrator.command;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** Renders {@link InfoResult} as the aligned text table that {@code info} prints (plugin and command line alike). */
public final class InfoTable {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final String[] HEADERS = {"Revision", "Message", "State", "Applied at (UTC)", "Duration"};

    private InfoTable() {
    }

    /** The table, then the heads and current revisions, one line per element. */
    public static List<String> lines(InfoResult info) {
        List<String[]> rows = new ArrayList<>();
        for (RevisionInfo r : info.revisions()) {
            rows.add(new String[] {r.revision(), r.message(), r.state().label(),
                    r.appliedAt().map(WHEN::format).orElse(""), r.executionMs().map(ms -> ms + " ms").orElse("")});
        }
        int[] widths = new int[HEADERS.length];
        for (int i = 0; i < HEADERS.length; i++) {
            widths[i] = HEADERS[i].length();
            for (String[] row : rows) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add(format(HEADERS, widths));
        lines.add(format(dashes(widths), widths));
        rows.forEach(row -> lines.add(format(row, widths)));
        lines.add("Heads:   " + (info.heads().isEmpty() ? "(none)" : String.join(", ", info.heads())));
        lines.add("Current: " + (info.currentRevisions().isEmpty() ? "base" : String.join(", ", info.currentRevisions())));
        lines.add("Pending: " + info.pending().size());
        return lines;
    }

    private static String[] dashes(int[] widths) {
        String[] d = new String[widths.length];
        for (int i = 0; i < widths.length; i++) {
            d[i] = "-".repeat(widths[i]);
        }
        return d;
    }

    private static String format(String[] cells, int[] widths) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                sb.append("  ");
            }
            sb.append(cells[i]);
            if (i < cells.length - 1) {
                sb.append(" ".repeat(widths[i] - cells[i].length()));
            }
        }
        return sb.toString().stripTrailing();
    }
}
