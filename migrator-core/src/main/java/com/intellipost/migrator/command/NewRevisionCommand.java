package com.intellipost.migrator.command;

import com.intellipost.migrator.config.ConfigurationException;
import com.intellipost.migrator.graph.RevisionGraph;
import com.intellipost.migrator.script.Script;
import java.util.List;

/** Writes a new, empty revision whose parent is the single head. Needs no database. */
public final class NewRevisionCommand {

    private final CommandContext context;

    public NewRevisionCommand(CommandContext context) {
        this.context = context;
    }

    public NewRevisionResult run(String message) {
        if (message == null || message.isBlank()) {
            throw new ConfigurationException("new needs a message describing the change:"
                    + " -Dintellipost.message=\"Add user table\"");
        }
        RevisionGraph graph = context.loadGraphBeforeWriting();
        List<Script> heads = graph.heads();
        if (heads.size() > 1) {
            throw new MultipleHeadsException("create a new revision", heads, false);
        }
        List<String> parents = heads.stream().map(Script::revision).toList();
        return RevisionFileWriter.write(context.configuration().locations(), parents, message.trim(), "");
    }
}
