package com.intellipost.migrator.script;

import com.intellipost.migrator.MigratorException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

/**
 * Scripts could not be loaded; nothing was run. Holds every problem found, each naming its file and line.
 */
public class ScriptLoadException extends MigratorException {

    private final List<String> problems;

    public ScriptLoadException(List<String> problems) {
        super(problems.size() == 1 ? problems.get(0)
                : problems.size() + " problems in the migration scripts:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public ScriptLoadException(String problem) {
        this(List.of(problem));
    }

    /**
     * Applies {@code action} to every item in parallel and, if any failed, throws one exception with every
     * problem, sorted, so that the user sees all bad scripts at once rather than the first.
     */
    public static <T, R> List<R> mapAll(List<T> items, Function<T, R> action) {
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        List<R> results = items.parallelStream().map(item -> {
            try {
                return action.apply(item);
            } catch (ScriptLoadException e) {
                problems.addAll(e.problems());
                return null;
            }
        }).toList();
        if (!problems.isEmpty()) {
            List<String> sorted = new ArrayList<>(problems);
            sorted.sort(null);
            throw new ScriptLoadException(sorted);
        }
        return results;
    }

    /** Each problem, {@code file:line: what and how to fix}. */
    public List<String> problems() {
        return problems;
    }
}
