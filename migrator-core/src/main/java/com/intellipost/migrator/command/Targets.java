package com.intellipost.migrator.command;

import com.intellipost.migrator.graph.RevisionGraph;
import com.intellipost.migrator.script.Script;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Resolves upgrade targets ({@code head}, {@code heads}, a revision) to the set of revisions they require. */
final class Targets {

    static final String HEAD = "head";
    static final String HEADS = "heads";

    private Targets() {
    }

    /** Every revision that must be applied for {@code target} to be reached, applied or not. */
    static Set<String> required(RevisionGraph graph, String target, String command) {
        Set<String> required = new HashSet<>();
        for (Script s : targetRevisions(graph, target, command)) {
            required.addAll(graph.ancestorsOf(s.revision()));
        }
        return required;
    }

    static List<Script> targetRevisions(RevisionGraph graph, String target, String command) {
        String t = target == null || target.isBlank() ? HEAD : target.trim();
        if (t.equals(HEADS)) {
            return graph.heads();
        }
        if (t.equals(HEAD)) {
            List<Script> heads = graph.heads();
            if (heads.size() > 1) {
                throw new MultipleHeadsException(command, heads, true);
            }
            return heads;
        }
        return List.of(graph.find(t).orElseThrow(() -> new UnknownRevisionException("Target " + t
                + " is not a revision of any script; use head, heads or a revision id shown by info")));
    }
}
