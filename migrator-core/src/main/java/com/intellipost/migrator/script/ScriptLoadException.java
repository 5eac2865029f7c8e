package com.intellipost.migrator.script;

import com.intellipost.migrator.MigratorException;
import java.util.List;

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

    /** Each problem, {@code file:line: what and how to fix}. */
    public List<String> problems() {
        return problems;
    }
}
