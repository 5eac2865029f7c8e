package com.intellipost.migrator.schema;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;

/**
 * The objects of the managed schema(s) at one moment, by {@link SchemaObject#label()}. Read by a
 * {@link SnapshotReader}; compared with {@link SchemaDiff#between}.
 */
public record SchemaSnapshot(Map<String, SchemaObject> objects) {

    public SchemaSnapshot {
        objects = Collections.unmodifiableMap(objects);
    }

    /** The object with this label ({@code table public.acct}), if there is one. */
    public Optional<SchemaObject> find(String label) {
        return Optional.ofNullable(objects.get(label));
    }

    public int size() {
        return objects.size();
    }
}
