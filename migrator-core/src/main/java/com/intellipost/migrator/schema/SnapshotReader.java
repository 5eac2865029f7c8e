package com.intellipost.migrator.schema;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import com.intellipost.migrator.schema.SnapshotQuery.Part;
import java.util.EnumSet;
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
    /** The highest oid there is: no object has one above it. */
    private static final long NO_OID_ABOVE = 0xFFFF_FFFFL;

    private final Connection connection;
    private final SnapshotScope scope;
    private final PreparedStatement full;
    /** The change log read out with the relations it names read again; null without a change log. */
    private final PreparedStatement changes;
    /** The statements reading changed groups of other kinds, by the kinds they read; prepared when first needed. */
    private final Map<Set<Part>, PreparedStatement> changed = new HashMap<>();
    private State last;
    /** Whether objects created since the last read are found by their oid ({@link ChangeLog#install}). */
    private final boolean newObjectsByOid;
    private int fullReads;

    private SnapshotReader(Connection connection, SnapshotScope scope, boolean changeLog, boolean newObjectsByOid)
            throws SQLException {
        this.connection = connection;
        this.scope = scope;
        this.newObjectsByOid = newObjectsByOid;
        // A generic plan, made once: planning the query costs more than running it on a few changed objects.
        String planOnce = connection.getMetaData().getDatabaseMajorVersion() >= 12
                ? "; SET plan_cache_mode = force_generic_plan" : "";
        try (Statement s = connection.createStatement()) {
            s.execute("SET search_path = pg_catalog" + planOnce);
        }
        this.full = prepare(SnapshotQuery.FULL);
        this.changes = changeLog ? prepare(SnapshotQuery.CHANGES_AND_RELATIONS) : null;
    }

    /** A reader that reads every object each time; it changes nothing in the database. */
    public static SnapshotReader of(Connection connection, SnapshotScope scope) throws SQLException {
        return new SnapshotReader(connection, scope, false, false);
    }

    /**
     * A reader for a scratch database: installs the {@link ChangeLog} when the user may create event triggers and
     * then reads only what changed; otherwise it reads everything each time.
     */
    public static SnapshotReader incremental(Connection scratch, SnapshotScope scope) throws SQLException {
        return incremental(scratch, scope, true);
    }

    /** {@link #incremental(Connection, SnapshotScope)}; {@code byOidIfPossible} false logs creations too (tests). */
    static SnapshotReader incremental(Connection scratch, SnapshotScope scope, boolean byOidIfPossible)
            throws SQLException {
        boolean allowed = ChangeLog.allowed(scratch);
        boolean byOid = false;
        if (allowed) {
            byOid = ChangeLog.install(scratch, byOidIfPossible);
        } else {
            LOG.debug("Not a superuser: no change log, every read reads everything");
        }
        return new SnapshotReader(scratch, scope, allowed, byOid);
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
        long highestOid = NO_OID_ABOVE; // without the change log's triggers for creations, nothing is found by oid
        if (changes != null) {
            try (Statement s = connection.createStatement()) {
                s.execute("DELETE FROM " + ChangeLog.SCHEMA + ".changes"); // what it says is in this read already
                if (newObjectsByOid) {
                    try (ResultSet rs = s.executeQuery(SnapshotQuery.HIGHEST_OID)) {
                        rs.next();
                        highestOid = rs.getLong(1); // what is created from now on has a higher one
                    }
                }
            }
        }
        Map<String, Entry> entries = new HashMap<>();
        Set<String> inheritance = new HashSet<>();
        try (ResultSet rs = execute(full)) {
            while (rs.next()) {
                add(rs, entries, inheritance);
            }
        }
        return new State(entries, inheritance, highestOid);
    }

    /** The previous state with the groups the change log names read again; everything when that cannot be exact. */
    private State readChanges(State previous) throws SQLException {
        Set<String> touched = new HashSet<>();
        Set<String> dropped = new HashSet<>();
        Map<String, Entry> read = new HashMap<>();
        Set<String> inheritance = new HashSet<>();
        long highestOid = previous.highestOid();
        bindScope(changes);
        changes.setLong(3, highestOid);
        try (ResultSet rs = changes.executeQuery()) {
            while (rs.next()) {
                String kind = rs.getString(SnapshotQuery.KIND);
                switch (kind) {
                    case SnapshotQuery.READ_AGAIN -> touched.add(rs.getString(SnapshotQuery.GROUP));
                    case SnapshotQuery.DROPPED -> dropped.add(rs.getString(SnapshotQuery.IDENTITY));
                    case SnapshotQuery.HIGHEST -> {
                        if (newObjectsByOid) {
                            highestOid = Long.parseLong(rs.getString(SnapshotQuery.DEFINITION));
                        }
                    }
                    default -> add(rs, read, inheritance);
                }
            }
        }
        if (touched.isEmpty() && dropped.isEmpty()) {
            return new State(previous.entries(), previous.inheritance(), highestOid, previous.snapshot());
        }
        Set<Part> others = EnumSet.noneOf(Part.class);
        touched.forEach(g -> others.add(Part.of(g)));
        others.remove(Part.RELATIONS); // read by the statement above
        if (!others.isEmpty()) {
            readGroups(others, touched, read, inheritance);
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
        return new State(entries, stillInherits, highestOid);
    }

    /** Reads the touched groups of these kinds (not relations) into {@code read}. */
    private void readGroups(Set<Part> parts, Set<String> touched, Map<String, Entry> read, Set<String> inheritance)
            throws SQLException {
        PreparedStatement statement = changed.get(parts);
        if (statement == null) {
            statement = prepare(SnapshotQuery.changed(parts));
            changed.put(parts, statement);
        }
        bindScope(statement);
        Part[] order = {Part.RELATIONS, Part.FUNCTIONS, Part.TYPES, Part.SCHEMAS, Part.EXTENSIONS};
        for (int i = 0; i < order.length; i++) {
            String prefix = order[i].prefix;
            Object[] oids = touched.stream().filter(g -> g.startsWith(prefix)).map(g -> Long.valueOf(g.substring(2)))
                    .toArray();
            statement.setArray(3 + i, connection.createArrayOf("oid", oids));
        }
        try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                add(rs, read, inheritance);
            }
        }
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
        }
        for (PreparedStatement statement : changed.values()) {
            statement.close();
        }
    }

    /** An object with its label, the group it is read again by and the catalog row it comes from. */
    private record Entry(String label, SchemaObject object, String group, String identity) {
        Entry(SchemaObject object, String group, String identity) {
            this(object.label(), object, group, identity);
        }
    }

    /**
     * What a read found: the objects, the groups (tables) that take part in inheritance, the highest oid of the
     * catalogs when it was made, and the snapshot.
     */
    private record State(Map<String, Entry> entries, Set<String> inheritance, long highestOid, SchemaSnapshot snapshot) {
        State(Map<String, Entry> entries, Set<String> inheritance, long highestOid) {
            this(entries, inheritance, highestOid, snapshotOf(entries));
        }

        private static SchemaSnapshot snapshotOf(Map<String, Entry> entries) {
            Map<String, SchemaObject> objects = new HashMap<>(entries.size() * 4 / 3 + 1);
            entries.forEach((label, e) -> objects.put(label, e.object()));
            return new SchemaSnapshot(objects);
        }
    }
}
