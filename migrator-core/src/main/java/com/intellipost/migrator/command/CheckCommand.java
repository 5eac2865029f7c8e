package com.intellipost.migrator.command;

import com.intellipost.migrator.execute.Direction;
import com.intellipost.migrator.execute.PreparedScript;
import com.intellipost.migrator.graph.RevisionGraph;
import com.intellipost.migrator.script.Script;
import java.util.List;

/**
 * The offline part of the CI gate: reads and lexes every script, builds the graph (script and graph errors are
 * thrown as they are for every command) and refuses a graph with several heads. Needs no database.
 */
public final class CheckCommand {

    private final CommandContext context;

    public CheckCommand(CommandContext context) {
        this.context = context;
    }

    /** Throws {@link MultipleHeadsException} when branches were added in parallel and not merged. */
    public CheckResult run() {
        RevisionGraph graph = context.loadGraph();
        PreparedScript.prepareAll(graph.order(), Direction.UP); // unterminated quotes and the like, in every script
        PreparedScript.prepareAll(graph.order().stream().filter(Script::hasDown).toList(), Direction.DOWN);
        List<Script> heads = graph.heads();
        if (heads.size() > 1) {
            throw new MultipleHeadsException("pass check", heads, false);
        }
        return new CheckResult(graph.size(), heads.stream().map(Script::revision).toList());
    }

    /** How many revisions the scripts declare and the head (none when there are no scripts). */
    public record CheckResult(int revisions, List<String> heads) {
    }
}
