package com.intellipost.migrator.lint;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The registry: every static rule, and every rule id (the traced rules' too) with its severity. */
public final class LintRules {

    static final List<LintRule> ALL = List.of(new IndexRules(), new ConstraintRules(), new ColumnRules(),
            new CompatibilityRules(), new DestructiveRules(), new TransactionRules(), new IdentifierLengthRule(),
            new TypeRules(), new MissingDownSectionRule(), new UnbatchedDataChangeRule());

    private static final Map<String, Severity> SEVERITIES = register();

    private LintRules() {
    }

    /** Every rule id with its severity. */
    public static Map<String, Severity> severities() {
        return SEVERITIES;
    }

    private static Map<String, Severity> register() {
        Map<String, Severity> map = new LinkedHashMap<>();
        List<LintRule.RuleId> ids = new java.util.ArrayList<>();
        ALL.forEach(rule -> ids.addAll(rule.ids()));
        ids.addAll(TracedRules.IDS); // reported only with trace=true, but suppressible like the others
        for (LintRule.RuleId id : ids) {
            if (map.put(id.id(), id.severity()) != null) {
                throw new IllegalStateException("Lint rule id registered twice: " + id.id());
            }
        }
        return Map.copyOf(map);
    }

    /** The ids among {@code ids} that no rule has. */
    public static List<String> unknown(Set<String> ids) {
        return ids.stream().filter(id -> !severities().containsKey(id)).sorted().toList();
    }

    /** "known rules: a, b, c", for messages about an unknown id. */
    public static String knownIds() {
        return "known rules: " + String.join(", ", severities().keySet().stream().sorted().toList());
    }
}
