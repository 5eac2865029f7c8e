package com.intellipost.migrator.schema;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Event triggers that record, in the database itself, which objects each DDL statement created, altered, commented
 * on or dropped, so that the next snapshot reads only those (see {@link SnapshotReader#incremental}). Installed only
 * in scratch databases: never in a database the user configured. Creating event triggers needs a superuser.
 *
 * <p>A drop also records the table (or composite type) it was taken from, looked up by name while that still
 * exists, since a dropped default or constraint changes its table's text.
 */
final class ChangeLog {

    /** The schema holding the log; snapshots never read it. */
    static final String SCHEMA = "intellipost_scratch_ddl";

    private static final String INSTALL = """
            CREATE SCHEMA {s};
            CREATE UNLOGGED TABLE {s}.changes (dropped boolean NOT NULL, classid oid NOT NULL, objid oid NOT NULL,
                                               objsubid integer NOT NULL, parent oid);
            CREATE FUNCTION {s}.ended() RETURNS event_trigger LANGUAGE plpgsql SET search_path = pg_catalog AS $$
            BEGIN
              INSERT INTO {s}.changes SELECT false, classid, objid, objsubid, NULL FROM pg_event_trigger_ddl_commands();
            END $$;
            CREATE FUNCTION {s}.dropped() RETURNS event_trigger LANGUAGE plpgsql SET search_path = pg_catalog AS $$
            BEGIN
              INSERT INTO {s}.changes
              SELECT true, classid, objid, objsubid,
                     CASE WHEN object_type IN ('table column', 'composite type column', 'default value',
                                               'table constraint', 'trigger', 'policy')
                          THEN to_regclass(quote_ident(address_names[1]) || '.' || quote_ident(address_names[2])) END
              FROM pg_event_trigger_dropped_objects();
            END $$;
            CREATE EVENT TRIGGER {s}_ended ON ddl_command_end EXECUTE FUNCTION {s}.ended();
            CREATE EVENT TRIGGER {s}_dropped ON sql_drop EXECUTE FUNCTION {s}.dropped()
            """.replace("{s}", SCHEMA);

    private ChangeLog() {
    }

    /** Whether the connected user may create event triggers (PostgreSQL allows superusers only). */
    static boolean allowed(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    /** Creates the log's schema, table, functions and event triggers, in one round trip. */
    static void install(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(INSTALL);
        }
    }
}
