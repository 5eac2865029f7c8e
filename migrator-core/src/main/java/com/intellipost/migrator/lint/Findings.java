package com.intellipost.migrator.lint;

import com.intellipost.migrator.script.Script;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects the findings of one revision, dropping those its suppressions turn off: the project's {@code lintDisabled},
 * the header's {@code -- lint:disable} and a statement's {@code -- lint:ignore}.
 */
public final class Findings {

    private final Script script;
    private final Map<String, Severity> severities;
    private final Set<String> disabled;
    private final List<Finding> found = new ArrayList<>();
    private Set<String> ignoredHere = Set.of();
    /**
     * Every statement's {@code -- lint:ignore} by the line of its first token: a revision-wide finding reported at a
     * statement's line (concurrently-mixed-with-ddl) must obey that statement's ignore too.
     */
    private final Map<Integer, Set<String>> ignoredAtLine = new HashMap<>();

    Findings(Script script, Map<String, Severity> severities, Set<String> disabled) {
        this.script = script;
        this.severities = severities;
        this.disabled = disabled;
    }

    /** Reports {@code rule} at {@code line}; the rule must be registered. */
    public void report(String rule, int line, String message, String fix) {
        Severity severity = severities.get(rule);
        if (severity == null) {
            throw new IllegalArgumentException("Unregistered lint rule " + rule);
        }
        if (disabled.contains(rule) || ignoredHere.contains(rule)
                || ignoredAtLine.getOrDefault(line, Set.of()).contains(rule)) {
            return;
        }
        found.add(new Finding(rule, severity, script.revision(), script.source().name(), line, message, fix));
    }

    /** The revision these findings are about. */
    Script script() {
        return script;
    }

    /**
     * Replaces each finding by what {@code revise} makes of it, dropping those it maps to null (the trace confirms
     * or refutes static findings).
     */
    void revise(java.util.function.UnaryOperator<Finding> revise) {
        List<Finding> revised = new ArrayList<>();
        for (Finding f : found) {
            Finding r = revise.apply(f);
            if (r != null) {
                revised.add(r);
            }
        }
        found.clear();
        found.addAll(revised);
    }

    /** Rules that the statement about to be checked, at {@code line}, turns off with {@code -- lint:ignore}. */
    void ignoring(int line, Set<String> rules) {
        ignoredHere = rules;
        if (!rules.isEmpty()) {
            ignoredAtLine.computeIfAbsent(line, l -> new HashSet<>()).addAll(rules);
        }
    }

    /** After the last statement: only the ignores kept by line apply. */
    void statementsDone() {
        ignoredHere = Set.of();
    }

    /** In line order: revision-wide findings are reported last but belong at their line. */
    List<Finding> list() {
        List<Finding> sorted = new ArrayList<>(found);
        sorted.sort(java.util.Comparator.comparingInt(Finding::line)); // stable: one line's findings keep their order
        return sorted;
    }
}
