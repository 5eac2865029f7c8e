package com.intellipost.migrator.command;

import java.util.List;

/** Checks the scripts (graph, syntax) and, against the history, checksums, missing files and failures. */
public final class ValidateCommand {

    private final CommandContext context;

    public ValidateCommand(CommandContext context) {
        this.context = context;
    }

    /** Returns the state of every revision; throws {@link ValidationException} listing every problem. */
    public InfoResult run() {
        InfoResult info = new InfoCommand(context).run();
        List<String> problems = RevisionStates.problems(info.revisions());
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        return info;
    }
}
