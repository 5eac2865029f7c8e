package com.intellipost.migrator.command;

import com.intellipost.migrator.MigratorException;
import java.util.List;

/** The history and the scripts disagree (edited, missing or failed revisions); nothing was changed. */
public class ValidationException extends MigratorException {

    private final List<String> problems;

    public ValidationException(List<String> problems) {
        super(problems.size() == 1 ? problems.get(0)
                : problems.size() + " problems between the scripts and the history:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
