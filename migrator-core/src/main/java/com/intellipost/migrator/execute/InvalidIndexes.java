package com.intellipost.migrator.execute;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The INVALID indexes of the database ({@code pg_index.indisvalid = false}): what an interrupted or failed
 * {@code CREATE INDEX CONCURRENTLY} (or {@code REINDEX CONCURRENTLY}'s {@code _ccnew} copy) leaves behind. Indexes
 * that a session is building right now ({@code pg_stat_progress_create_index}) are left out: they are invalid only
 * until that build ends. System schemas are left out.
 */
public final class InvalidIndexes {

    /** Schema-qualified and quoted as SQL needs them, e.g. {@code public.posts_created_at_idx}. */
    private static final String SQL = "SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) FROM pg_index i"
            + " JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE NOT i.indisvalid AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
            + " AND n.nspname NOT LIKE 'pg_toast%'";
    /** PostgreSQL 12+: the view of index builds in progress. */
    private static final String NOT_BEING_BUILT = " AND NOT EXISTS (SELECT 1 FROM pg_stat_progress_create_index p"
            + " WHERE p.index_relid = i.indexrelid)";

    private InvalidIndexes() {
    }

    /** Their qualified names, in order. */
    public static List<String> list(Connection connection) throws SQLException {
        List<String> names = new ArrayList<>();
        String sql = SQL + (connection.getMetaData().getDatabaseMajorVersion() >= 12 ? NOT_BEING_BUILT : "")
                + " ORDER BY 1";
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    /** The statement that removes one without blocking writes to its table. */
    public static String dropStatement(String qualifiedName) {
        return "DROP INDEX CONCURRENTLY IF EXISTS " + qualifiedName + ";";
    }
}
