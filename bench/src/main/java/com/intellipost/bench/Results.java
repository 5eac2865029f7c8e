package com.intellipost.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The measurements of one run, printed as one table with ratios against psql and Flyway. */
final class Results {

    record Row(String benchCase, String tool, double seconds, String note) {
    }

    private final List<Row> rows = new ArrayList<>();

    void add(String benchCase, String tool, double seconds, String note) {
        rows.add(new Row(benchCase, tool, seconds, note));
        System.out.printf("  %-24s %-28s %10.3f s  %s%n", benchCase, tool, seconds, note);
    }

    Optional<Row> find(String benchCase, String toolPrefix) {
        return rows.stream().filter(r -> r.benchCase().equals(benchCase) && r.tool().startsWith(toolPrefix)).findFirst();
    }

    /** Markdown table: case, tool, seconds, ratio to psql, ratio to Flyway, note. */
    String table() {
        StringBuilder sb = new StringBuilder();
        sb.append("| case | tool | seconds | × psql | × Flyway | note |\n");
        sb.append("| --- | --- | ---: | ---: | ---: | --- |\n");
        for (Row r : rows) {
            sb.append("| ").append(r.benchCase()).append(" | ").append(r.tool()).append(" | ")
                    .append(Double.isNaN(r.seconds()) ? "—" : String.format("%.3f", r.seconds())).append(" | ")
                    .append(ratio(r, "psql")).append(" | ").append(ratio(r, "Flyway")).append(" | ")
                    .append(r.note()).append(" |\n");
        }
        return sb.toString();
    }

    private String ratio(Row r, String against) {
        if (Double.isNaN(r.seconds())) {
            return "";
        }
        // The baseline is the case's first row of that tool; another row of it (psql with other settings) is compared.
        return find(r.benchCase(), against).filter(b -> b.seconds() > 0)
                .map(b -> b == r ? "1.00" : String.format("%.2f", r.seconds() / b.seconds())).orElse("");
    }
}
