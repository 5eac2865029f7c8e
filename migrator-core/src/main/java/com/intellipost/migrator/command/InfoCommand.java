package com.intellipost.migrator.command;

import com.intellipost.migrator.graph.RevisionGraph;
import com.intellipost.migrator.history.AppliedRevision;
import com.intellipost.migrator.history.SchemaHistory;
import com.intellipost.migrator.script.Script;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/** Reports every revision's state; changes nothing and takes no lock. */
public final class InfoCommand {

    private final CommandContext context;

    public InfoCommand(CommandContext context) {
        this.context = context;
    }

    public InfoResult run() {
        return describe(context.loadGraph(), readHistory(context));
    }

    static InfoResult describe(RevisionGraph graph, Map<String, AppliedRevision> applied) {
        return new InfoResult(RevisionStates.of(graph, applied), graph.heads().stream().map(Script::revision).toList(),
                graph.currentRevisions(applied.keySet()));
    }

    /** The history in one query, without creating the tables. */
    static Map<String, AppliedRevision> readHistory(CommandContext context) {
        SchemaHistory history = context.history();
        try (Connection c = context.connections().open()) {
            return history.readIfExists(c);
        } catch (SQLException e) {
            throw history.failure("read", e);
        }
    }
}
