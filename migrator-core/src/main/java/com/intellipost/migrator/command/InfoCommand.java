package com.intellipost.migrator.command;

import com.intellipost.migrator.graph.RevisionGraph;
import com.intellipost.migrator.history.AppliedRevision;
import com.intellipost.migrator.script.Script;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Reports every revision's state; changes nothing and takes no lock. */
public final class InfoCommand {

    private final CommandContext context;

    public InfoCommand(CommandContext context) {
        this.context = context;
    }

    public InfoResult run() {
        var loaded = context.loadWithHistory();
        return describe(loaded.graph(), loaded.history());
    }

    static InfoResult describe(RevisionGraph graph, Map<String, AppliedRevision> applied) {
        return new InfoResult(RevisionStates.of(graph, applied), graph.heads().stream().map(Script::revision).toList(),
                graph.currentRevisions(succeeded(applied))); // a failed revision is not where the schema is
    }

    private static Set<String> succeeded(Map<String, AppliedRevision> applied) {
        return applied.values().stream().filter(AppliedRevision::success).map(AppliedRevision::revision)
                .collect(Collectors.toSet());
    }
}
