package com.intellipost.migrator.schema;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Event triggers that record, in the database itself, what DDL changed in objects that already existed, so that the
 * next snapshot reads only that (see {@link SnapshotReader#incremental}). Installed only in scratch databases, never
 * in a database the user configured. Creating event triggers needs a superuser.
 *
 * <p>Each row names a group to read again ({@code grp}, see {@link SnapshotQuery}): the object altered, commented on
 * or replaced ({@code CREATE OR REPLACE} keeps its oid), or the group it belongs to (an index's table, a trigger's
 * table...), looked up while the statement ends. A drop also names the dropped object ({@code dropped}, its
 * identity) and, for a column, default, constraint, trigger or policy, the table it was taken from, looked up by
 * name while that still exists: a dropped default changes its table's text.
 *
 * <p>Statements that only create objects ({@code CREATE TABLE}, {@code CREATE INDEX}...) fire no trigger: each
 * firing costs about as much as a small statement, and a new object is found instead by its oid, which is above
 * every oid the previous read saw ({@link SnapshotQuery#CHANGES_AND_RELATIONS}). So {@code ddl_command_end} fires only for the
 * tags that change an existing object, unless the OID counter is below the database's objects (see
 * {@link #install}).
 */
final class ChangeLog {

    /** The schema holding the log; snapshots never read it. */
    static final String SCHEMA = "intellipost_scratch_ddl";

    /** A change's group, from {@code classid} and {@code objid}, while the object exists. */
    private static final String GROUP = """
            CASE classid
              WHEN 'pg_class'::regclass THEN
                (SELECT CASE WHEN c.relkind IN ('r', 'p', 'f', 'v', 'm', 'S') THEN 'c:' || c.oid
                             WHEN c.relkind IN ('i', 'I') THEN (SELECT 'c:' || i.indrelid FROM pg_index i
                                                               WHERE i.indexrelid = c.oid)
                             WHEN c.relkind = 'c' THEN 't:' || c.reltype END
                 FROM pg_class c WHERE c.oid = objid)
              WHEN 'pg_constraint'::regclass THEN
                (SELECT CASE WHEN k.conrelid <> 0 THEN 'c:' || k.conrelid ELSE 't:' || k.contypid END
                 FROM pg_constraint k WHERE k.oid = objid)
              WHEN 'pg_trigger'::regclass THEN (SELECT 'c:' || g.tgrelid FROM pg_trigger g WHERE g.oid = objid)
              WHEN 'pg_policy'::regclass THEN (SELECT 'c:' || p.polrelid FROM pg_policy p WHERE p.oid = objid)
              WHEN 'pg_proc'::regclass THEN 'p:' || objid
              WHEN 'pg_type'::regclass THEN 't:' || objid
              WHEN 'pg_namespace'::regclass THEN 'n:' || objid
              WHEN 'pg_extension'::regclass THEN 'x:' || objid END""";

    /** A dropped object's identity (see {@link SnapshotQuery}). */
    private static final String IDENTITY = """
            CASE classid
              WHEN 'pg_class'::regclass THEN CASE WHEN objsubid = 0 THEN 'c:' || objid
                                                  ELSE 'a:' || objid || ':' || objsubid END
              WHEN 'pg_constraint'::regclass THEN 'k:' || objid
              WHEN 'pg_trigger'::regclass THEN 'g:' || objid
              WHEN 'pg_policy'::regclass THEN 'o:' || objid
              WHEN 'pg_proc'::regclass THEN 'p:' || objid
              WHEN 'pg_type'::regclass THEN 't:' || objid
              WHEN 'pg_namespace'::regclass THEN 'n:' || objid
              WHEN 'pg_extension'::regclass THEN 'x:' || objid END""";

    // The expressions are written into the PL/pgSQL bodies (not SQL functions they call), so that each trigger's
    // INSERT is planned once per session: the revisions' DDL pays a cached plan, not a planning per statement.
    private static final String INSTALL = """
            CREATE SCHEMA {s};
            CREATE UNLOGGED TABLE {s}.changes (grp text, dropped text);
            CREATE FUNCTION {s}.ended() RETURNS event_trigger LANGUAGE plpgsql SET search_path = pg_catalog AS $$
            BEGIN
              INSERT INTO {s}.changes (grp)
              SELECT g FROM (SELECT {group} AS g FROM pg_event_trigger_ddl_commands()) c WHERE g IS NOT NULL;
            END $$;
            CREATE FUNCTION {s}.dropped() RETURNS event_trigger LANGUAGE plpgsql SET search_path = pg_catalog AS $$
            BEGIN
              INSERT INTO {s}.changes (grp, dropped)
              SELECT CASE WHEN object_type IN ('table column', 'composite type column', 'default value',
                                               'table constraint', 'trigger', 'policy')
                          THEN (SELECT CASE WHEN c.relkind = 'c' THEN 't:' || c.reltype ELSE 'c:' || c.oid END
                                FROM pg_class c WHERE c.oid = to_regclass(quote_ident(address_names[1]) || '.'
                                                                          || quote_ident(address_names[2]))) END,
                     {identity}
              FROM pg_event_trigger_dropped_objects();
            END $$;
            CREATE EVENT TRIGGER {s}_dropped ON sql_drop EXECUTE FUNCTION {s}.dropped()
            """.replace("{group}", GROUP).replace("{identity}", IDENTITY).replace("{s}", SCHEMA)
            .replace("{s}", SCHEMA);

    /** The tags of the statements that can change an object that already exists. */
    private static final List<String> CHANGING_TAGS = List.of("ALTER AGGREGATE", "ALTER DOMAIN", "ALTER EXTENSION",
            "ALTER FOREIGN TABLE", "ALTER FUNCTION", "ALTER INDEX", "ALTER MATERIALIZED VIEW", "ALTER POLICY",
            "ALTER PROCEDURE", "ALTER ROUTINE", "ALTER SCHEMA", "ALTER SEQUENCE", "ALTER TABLE", "ALTER TRIGGER",
            "ALTER TYPE", "ALTER VIEW", "COMMENT", "CREATE AGGREGATE", "CREATE FUNCTION", "CREATE PROCEDURE",
            "CREATE RULE", "CREATE TRIGGER", "CREATE TYPE", "CREATE VIEW");

    private ChangeLog() {
    }

    /** Whether the connected user may create event triggers (PostgreSQL allows superusers only). */
    static boolean allowed(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    /**
     * Creates the log's schema, table, functions and event triggers. Returns whether new objects can be found by
     * oid: true when the oid PostgreSQL just gave the log's schema is above every oid already in the database. It is
     * not when the cluster's OID counter wrapped around after objects of the template database were made; then
     * {@code ddl_command_end} records every statement, creations included.
     */
    static boolean install(Connection c) throws SQLException {
        return install(c, true);
    }

    /** {@link #install(Connection)}; with {@code byOidIfPossible} false, creations are always recorded (tests). */
    static boolean install(Connection c, boolean byOidIfPossible) throws SQLException {
        try (Statement s = c.createStatement()) {
            long highest = highestOid(s);
            s.execute(INSTALL);
            boolean byOid;
            try (ResultSet rs = s.executeQuery("SELECT '" + SCHEMA + "'::regnamespace::oid::bigint")) {
                rs.next();
                byOid = byOidIfPossible && rs.getLong(1) > highest;
            }
            s.execute("CREATE EVENT TRIGGER " + SCHEMA + "_ended ON ddl_command_end "
                    + (byOid ? "WHEN TAG IN ('" + String.join("', '", CHANGING_TAGS) + "') " : "")
                    + "EXECUTE FUNCTION " + SCHEMA + ".ended()");
            return byOid;
        }
    }

    private static long highestOid(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery(SnapshotQuery.HIGHEST_OID)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
