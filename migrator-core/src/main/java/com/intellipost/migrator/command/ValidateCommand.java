package com.intellipost.migrator.command;

import com.intellipost.migrator.execute.Direction;
import com.intellipost.migrator.execute.PreparedScript;
import com.intellipost.migrator.graph.RevisionGraph;
import java.util.List;

/**
 * Checks the scripts (graph; syntax of the pending ones, which are what would run) and, against the history,
 * checksums, missing files and failures. Changes nothing.
 */
public final class ValidateCommand {

    private final CommandContext context;

    public ValidateCommand(CommandContext context) {
        this.context = context;
    }

    /** Returns the state of every revision; throws {@link ValidationException} listing every problem. */
    public InfoResult run() {
        var loaded = context.loadWithHistory();
        RevisionGraph graph = loaded.graph();
        InfoResult info = InfoCommand.describe(graph, loaded.history());
        List<String> problems = RevisionStates.problems(info.revisions());
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        PreparedScript.prepareAll(info.pending().stream().map(r -> graph.find(r.revision()).orElseThrow()).toList(),
                Direction.UP);
        return info;
    }
}
