package com.intellipost.migrator.command;

import com.intellipost.migrator.MigratorException;
import com.intellipost.migrator.graph.RevisionGraph;
import com.intellipost.migrator.script.Script;
import java.util.List;

/** Writes a merge revision whose parents are all current heads (empty up and down sections). */
public final class MergeCommand {

    private final CommandContext context;

    public MergeCommand(CommandContext context) {
        this.context = context;
    }

    public NewRevisionResult run(String message) {
        RevisionGraph graph = context.loadGraph();
        List<Script> heads = graph.heads();
        if (heads.size() < 2) {
            throw new MigratorException("Nothing to merge: the graph has " + heads.size() + " head(s)"
                    + (heads.isEmpty() ? "" : " (" + heads.get(0).revision() + ")"));
        }
        List<String> parents = heads.stream().map(Script::revision).toList();
        String text = message == null || message.isBlank() ? "Merge " + String.join(", ", parents) : message.trim();
        return RevisionFileWriter.write(context.configuration().locations(), parents, text,
                "-- merge revision: joins the branches above; add SQL here only if they conflict");
    }
}
