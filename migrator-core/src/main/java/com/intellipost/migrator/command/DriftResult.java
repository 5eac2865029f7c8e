package com.intellipost.migrator.command;

import com.intellipost.migrator.schema.SchemaDiff;
import java.util.List;

/**
 * What {@code drift} found (DESIGN 2.12): the configured database's schema against the one its applied revisions
 * build on a scratch database.
 *
 * @param database  the configured database, as displayed (no password)
 * @param revisions the applied revisions, in the order they were built
 * @param schemas   the managed schemas compared
 * @param diff      what the database has that the revisions do not build ({@code extra}), what it lacks
 *                  ({@code missing}), and what differs ({@code before}: as built; {@code after}: as it is)
 */
public record DriftResult(String database, List<String> revisions, List<String> schemas, SchemaDiff diff,
                          long totalMs) {

    public DriftResult {
        revisions = List.copyOf(revisions);
        schemas = List.copyOf(schemas);
    }

    /** Whether the database differs from what its revisions build. */
    public boolean drifted() {
        return !diff.isEmpty();
    }
}
