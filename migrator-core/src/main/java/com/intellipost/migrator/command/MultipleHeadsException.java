package com.intellipost.migrator.command;

import com.intellipost.migrator.MigratorException;
import com.intellipost.migrator.script.Script;
import java.util.List;
import java.util.stream.Collectors;

/** The graph has several heads and the command needs one; nothing was changed. */
public class MultipleHeadsException extends MigratorException {

    private final List<String> heads;

    /**
     * @param command           what could not be done, e.g. "migrate"
     * @param offerHeadsTarget  whether {@code target=heads} is a way out for this command (migrate, stamp)
     */
    public MultipleHeadsException(String command, List<Script> heads, boolean offerHeadsTarget) {
        super("Cannot " + command + ": the revision graph has " + heads.size() + " heads (branches were added in"
                + " parallel), so there is no single head:\n" + heads.stream()
                .map(h -> "  - " + h.revision() + " (" + h.source().name() + ")"
                        + (h.message().isEmpty() ? "" : ": " + h.message()))
                .collect(Collectors.joining("\n"))
                + "\nJoin them with a merge revision: run merge (mvn intellipost:merge) and commit the new file"
                + (offerHeadsTarget ? "; or apply every branch without merging: target heads (" + command
                        + " heads on the command line, -Dintellipost.target=heads with Maven)." : "."));
        this.heads = heads.stream().map(Script::revision).toList();
    }

    /** The head revision ids. */
    public List<String> heads() {
        return heads;
    }
}
