package com.intellipost.migrator.lint;

/**
 * A possibly schema-qualified name as written in a statement.
 *
 * @param schema the schema, or null when not qualified
 * @param name   the object's name as PostgreSQL stores it (unquoted names folded to lower case)
 * @param raw    the name as written, for the SQL of a fix
 */
public record ObjectName(String schema, String name, String raw) {
}
