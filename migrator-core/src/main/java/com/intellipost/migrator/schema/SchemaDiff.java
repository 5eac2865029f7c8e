package com.intellipost.migrator.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * How one snapshot differs from the one expected: objects that are there and should not be ({@code extra}),
 * objects that should be there and are not ({@code missing}), and objects whose definition changed. Each list is
 * sorted by label, so by kind and then qualified name.
 */
public record SchemaDiff(List<String> extra, List<String> missing, List<Change> changed) {

    /** No difference. */
    public static final SchemaDiff NONE = new SchemaDiff(List.of(), List.of(), List.of());

    public SchemaDiff {
        extra = List.copyOf(extra);
        missing = List.copyOf(missing);
        changed = List.copyOf(changed);
    }

    /** An object whose definition differs: its label and both definitions. */
    public record Change(String object, String before, String after) {
    }

    /** What {@code actual} has that {@code expected} has not, what it lacks, and what differs. */
    public static SchemaDiff between(SchemaSnapshot expected, SchemaSnapshot actual) {
        if (expected.objects().equals(actual.objects())) {
            return NONE;
        }
        Map<String, SchemaObject> before = expected.objects();
        Map<String, SchemaObject> after = actual.objects();
        List<String> extra = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<Change> changed = new ArrayList<>();
        TreeSet<String> labels = new TreeSet<>(before.keySet());
        labels.addAll(after.keySet());
        for (String label : labels) {
            SchemaObject was = before.get(label);
            SchemaObject is = after.get(label);
            if (was == null) {
                extra.add(label);
            } else if (is == null) {
                missing.add(label);
            } else if (!was.definition().equals(is.definition())) {
                changed.add(new Change(label, was.definition(), is.definition()));
            }
        }
        return new SchemaDiff(extra, missing, changed);
    }

    public boolean isEmpty() {
        return extra.isEmpty() && missing.isEmpty() && changed.isEmpty();
    }

    /** The labels of the changed objects, as the JSON document lists them. */
    public List<String> changedObjects() {
        return changed.stream().map(Change::object).toList();
    }

    /**
     * One line per difference, each starting with {@code indent}: {@code extra: type public.mood},
     * {@code missing: index public.manual_idx}, {@code changed: column public.acct.email} followed by its
     * {@code before:} and {@code after:} definitions (continuation lines of a long definition indented further).
     */
    public List<String> lines(String indent) {
        List<String> lines = new ArrayList<>();
        extra.forEach(label -> lines.add(indent + "extra:   " + label));
        missing.forEach(label -> lines.add(indent + "missing: " + label));
        for (Change c : changed) {
            lines.add(indent + "changed: " + c.object());
            definition(lines, indent + "  before: ", c.before());
            definition(lines, indent + "  after:  ", c.after());
        }
        return lines;
    }

    /** {@code 1 extra, 2 missing, 0 changed}. */
    public String summary() {
        return extra.size() + " extra, " + missing.size() + " missing, " + changed.size() + " changed";
    }

    private static void definition(List<String> lines, String prefix, String text) {
        String[] parts = (text.isEmpty() ? "(empty)" : text).strip().split("\n");
        lines.add(prefix + parts[0]);
        String continuation = " ".repeat(prefix.length());
        for (int i = 1; i < parts.length; i++) {
            lines.add(continuation + parts[i]);
        }
    }
}
