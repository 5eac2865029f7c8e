package com.intellipost.migrator.command;

import java.util.Map;

/**
 * What {@code clean} dropped: how many objects of each kind ({@code table}, {@code view}, {@code function}...), the
 * migrator's tables included (what went with them, such as indexes, constraints and triggers, is not counted), and
 * how many audit rows went with the audit table.
 */
public record CleanResult(String schema, Map<String, Integer> droppedByKind, long earlierAuditRows) {

    /** Objects dropped. */
    public int dropped() {
        return droppedByKind.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** {@code 3 table(s), 1 view(s)}, or {@code nothing}. */
    public String describe() {
        if (droppedByKind.isEmpty()) {
            return "nothing";
        }
        StringBuilder text = new StringBuilder();
        droppedByKind.forEach((kind, n) -> text.append(text.length() == 0 ? "" : ", ").append(n).append(' ')
                .append(kind).append("(s)"));
        return text.toString();
    }
}
