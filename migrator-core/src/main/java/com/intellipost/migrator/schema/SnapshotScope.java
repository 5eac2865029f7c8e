package com.intellipost.migrator.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which schemas a snapshot reads, and where the migrator's own tables are (left out).
 *
 * @param schemas        the schemas by name; empty means every schema of the database except PostgreSQL's own
 *                       ({@code pg_catalog}, {@code information_schema}, {@code pg_toast}, temporary schemas)
 * @param migratorSchema the schema of {@code intellipost_schema_history} and {@code intellipost_schema_audit}
 */
public record SnapshotScope(Optional<List<String>> schemas, String migratorSchema) {

    public SnapshotScope {
        schemas = schemas.map(List::copyOf);
    }

    /** Every schema of the database: right for a scratch database, where everything comes from the revisions. */
    public static SnapshotScope everySchema(String migratorSchema) {
        return new SnapshotScope(Optional.empty(), migratorSchema);
    }

    /**
     * The managed schemas of a database built from the revisions alone (a scratch database): the migrator's schema,
     * every schema the revisions created, and every other schema they put a relation, function or type in (such
     * as {@code public} when the migrator's schema is another one). A schema that came with the database and stayed
     * empty is not managed.
     */
    public static SnapshotScope managedBy(Connection built, String migratorSchema) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement q = built.prepareStatement("""
                SELECT n.nspname FROM pg_namespace n
                WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', ?) AND n.nspname !~ '^pg_(toast|temp_)'
                  AND (n.nspname = ? OR n.oid >= 16384
                       OR EXISTS (SELECT 1 FROM pg_class c WHERE c.relnamespace = n.oid)
                       OR EXISTS (SELECT 1 FROM pg_proc p WHERE p.pronamespace = n.oid)
                       OR EXISTS (SELECT 1 FROM pg_type t WHERE t.typnamespace = n.oid))
                ORDER BY 1""")) {
            q.setString(1, ChangeLog.SCHEMA);
            q.setString(2, migratorSchema);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return new SnapshotScope(Optional.of(names), migratorSchema);
    }
}
