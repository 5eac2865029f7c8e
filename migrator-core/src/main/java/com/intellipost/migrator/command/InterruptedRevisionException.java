package com.intellipost.migrator.command;

import com.intellipost.migrator.MigratorException;
import java.util.List;

/**
 * The history marks a revision in progress while no run holds the lock: a run was killed (or lost its connection)
 * inside a non-transactional section. Nothing else runs until the user has cleaned up what it left and run repair.
 */
public class InterruptedRevisionException extends MigratorException {

    private final List<String> revisions;
    private final List<String> invalidIndexes;

    public InterruptedRevisionException(String message, List<String> revisions, List<String> invalidIndexes) {
        super(message);
        this.revisions = List.copyOf(revisions);
        this.invalidIndexes = List.copyOf(invalidIndexes);
    }

    /** The revisions marked in progress. */
    public List<String> revisions() {
        return revisions;
    }

    /** The INVALID indexes found, schema-qualified. */
    public List<String> invalidIndexes() {
        return invalidIndexes;
    }
}
