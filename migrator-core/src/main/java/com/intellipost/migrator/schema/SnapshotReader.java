package com.intellipost.migrator.schema;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.postgresql.PGStatement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@link SchemaSnapshot}s of one database over one connection, with its statement prepared and planned
 * once. The connection's {@code search_path} is set to {@code pg_catalog}, so that every name PostgreSQL prints is
 * schema-qualified the same way in any database, whatever its own default.
 *
 * <p>A reader made by {@link #incremental} on a scratch database reads everything once, then only what the
 * {@link ChangeLog} says changed since its previous read: a statement that touched two tables costs two tables,
 * however large the schema. It reads everything again when a change may alter the text of objects the log does
 * not name: a rename (other objects print the new name), a type's definition (defaults print its labels), a table
 * with partitions or inheritance (its neighbours print it).
 */
public final class SnapshotReader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotReader.class);
    private static final String COMMENT_ON = "comment on ";

    private final Connection connection;
    private final SnapshotScope scope;
    private final PreparedStatement full;
    private final PreparedStatement changes;
    private final PreparedStatement changeLog;
    private State last;
    private int fullReads;

    private SnapshotReader(Connection connection, SnapshotScope scope, boolean changeLog) throws SQLException {
        this.connection = connection;
        this.scope = scope;
        // A generic plan, made once: planning the query costs more than running it on a few changed objects.
        String planOnce = connection.getMetaData().getDatabaseMajorVersion() >= 12
                ? "; SET plan_cache_mode = force_generic_plan" : "";
        try (Statement s = connection.createStatement()) {
            s.execute("SET search_path = pg_catalog" + planOnce);
        }
        this.full = prepare(SnapshotQuery.FULL);
        this.changes = changeLog ? prepare(SnapshotQuery.INCREMENTAL) : null;
        this.changeLog = changeLog ? prepare(SnapshotQuery.CHANGES) : null;
    }

    /** A reader that reads every object each time; it changes nothing in the database. */
    public static SnapshotReader of(Connection connection, SnapshotScope scope) throws SQLException {
        return new SnapshotReader(connection, scope, false);
    }

    /**
     * A reader for a scratch database: installs the {@link ChangeLog} when the user may create event triggers and
     * then reads only what changed; otherwise it reads everything each time.
     */
    public static SnapshotReader incremental(Connection scratch, SnapshotScope scope) throws SQLException {
        boolean allowed = ChangeLog.allowed(scratch);
        if (allowed) {
            ChangeLog.install(scratch);
        } else {
            LOG.debug("Not a superuser: no change log, every read reads everything");
        }
        return new SnapshotReader(scratch, scope, allowed);
    }

    /** Whether reads after the first one read only what changed. */
    public boolean readsChangesOnly() {
        return changes != null;
    }

    /** The schema as it is now. */
    public SchemaSnapshot read() throws SQLException {
        State next = last == null || changes == null ? readAll() : readChanges(last);
        last = next;
        return next.snapshot();
    }

    /** How many reads read everything (the first one, and those a change could not be followed by). */
    int fullReads() {
        return fullReads;
    }

    private State readAll() throws SQLException {
        fullReads++;
        if (changeLog != null) {
            changeLog.executeQuery().close(); // what the log says is in this read already
        }
        Map<String, Entry> entries = new HashMap<>();
        Set<String> inheritance = new HashSet<>();
        try (ResultSet rs = execute(full)) {
            while (rs.next()) {
                add(rs, entries, inheritance);
            }
        }
        return new State(entries, inheritance);
    }

    /** The previous state with the groups the change log names read again; everything when that cannot be exact. */
    private State readChanges(State previous) throws SQLException {
        Set<String> touched = new HashSet<>();
        Set<String> dropped = new HashSet<>();
        try (ResultSet rs = changeLog.executeQuery()) {
            while (rs.next()) {
                if (rs.getString(1) != null) {
                    touched.add(rs.getString(1));
                }
                if (rs.getString(2) != null) {
                    dropped.add(rs.getString(2));
                }
            }
        }
        if (touched.isEmpty() && dropped.isEmpty()) {
            return previous;
        }
        Map<String, Entry> read = new HashMap<>();
        Set<String> inheritance = new HashSet<>();
        if (!touched.isEmpty()) {
            bindScope(changes);
            String[] catalogs = {"c:", "p:", "t:", "n:", "x:"};
            for (int i = 0; i < catalogs.length; i++) {
                String prefix = catalogs[i];
                Object[] oids = touched.stream().filter(g -> g.startsWith(prefix)).map(g -> Long.valueOf(g.substring(2)))
                        .toArray();
                changes.setArray(3 + i, connection.createArrayOf("oid", oids));
            }
            try (ResultSet rs = changes.executeQuery()) {
                while (rs.next()) {
                    add(rs, read, inheritance);
                }
            }
        }
        Map<String, Entry> entries = new HashMap<>(previous.entries().size() + read.size());
        Map<String, Entry> replaced = new HashMap<>();
        for (Entry e : previous.entries().values()) {
            if (touched.contains(e.group())) {
                if (!e.object().kind().startsWith(COMMENT_ON)) {
                    replaced.put(e.identity(), e);
                }
            } else if (!dropped.contains(e.identity()) && !dropped.contains(e.group())) {
                entries.put(e.label(), e);
            }
        }
        for (Entry e : read.values()) {
            Entry before = replaced.get(e.identity());
            if (before != null && !e.object().kind().startsWith(COMMENT_ON) && affectsOthers(before, e)) {
                LOG.debug("{} became {}: reading the whole schema again", before.object(), e.object());
                return readAll();
            }
            entries.put(e.label(), e);
        }
        if (touched.stream().anyMatch(g -> inheritance.contains(g) || previous.inheritance().contains(g))) {
            return readAll();
        }
        Set<String> stillInherits = new HashSet<>(previous.inheritance());
        stillInherits.removeAll(dropped);
        return new State(entries, stillInherits);
    }

    /** A renamed object, or a type whose definition changed: other objects' text may show it. */
    private static boolean affectsOthers(Entry before, Entry after) {
        SchemaObject was = before.object();
        SchemaObject is = after.object();
        return !before.label().equals(after.label())
                || ((is.kind().equals("type") || is.kind().equals("domain")) && !was.definition().equals(is.definition()));
    }

    private static void add(ResultSet rs, Map<String, Entry> entries, Set<String> inheritance) throws SQLException {
        String kind = rs.getString(SnapshotQuery.KIND);
        String name = rs.getString(SnapshotQuery.NAME);
        String group = rs.getString(SnapshotQuery.GROUP);
        String identity = rs.getString(SnapshotQuery.IDENTITY);
        Entry entry = new Entry(new SchemaObject(kind, name, rs.getString(SnapshotQuery.DEFINITION)), group, identity);
        entries.put(entry.label(), entry);
        String comment = rs.getString(SnapshotQuery.COMMENT);
        if (comment != null) {
            Entry c = new Entry(new SchemaObject(COMMENT_ON + kind, name, comment), group, identity);
            entries.put(c.label(), c);
        }
        if (rs.getBoolean(SnapshotQuery.INHERITS)) {
            inheritance.add(group);
        }
    }

    private ResultSet execute(PreparedStatement statement) throws SQLException {
        bindScope(statement);
        return statement.executeQuery();
    }

    private void bindScope(PreparedStatement statement) throws SQLException {
        Array schemas = scope.schemas().isEmpty() ? null
                : connection.createArrayOf("text", scope.schemas().get().toArray());
        statement.setArray(1, schemas);
        statement.setString(2, scope.migratorSchema());
    }

    private PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        statement.unwrap(PGStatement.class).setPrepareThreshold(1); // a server-side statement from the first read
        return statement;
    }

    /** Closes the prepared statements; the connection is the caller's. */
    @Override
    public void close() throws SQLException {
        full.close();
        if (changes != null) {
            changes.close();
            changeLog.close();
        }
    }

    /** An object with its label, the group it is read again by and the catalog row it comes from. */
    private record Entry(String label, SchemaObject object, String group, String identity) {
        Entry(SchemaObject object, String group, String identity) {
            this(object.label(), object, group, identity);
        }
    }

    /** What a read found: the objects, the groups (tables) that take part in inheritance, and the snapshot. */
    private record State(Map<String, Entry> entries, Set<String> inheritance, SchemaSnapshot snapshot) {
        State(Map<String, Entry> entries, Set<String> inheritance) {
            this(entries, inheritance, snapshotOf(entries));
        }

        private static SchemaSnapshot snapshotOf(Map<String, Entry> entries) {
            Map<String, SchemaObject> objects = new HashMap<>(entries.size() * 4 / 3 + 1);
            entries.forEach((label, e) -> objects.put(label, e.object()));
            return new SchemaSnapshot(objects);
        }
    }
}
