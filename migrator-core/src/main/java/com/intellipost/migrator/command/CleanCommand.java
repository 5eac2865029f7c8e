package com.intellipost.migrator.command;

import com.intellipost.migrator.config.Configuration;
import com.intellipost.migrator.config.Environment;
import com.intellipost.migrator.history.AuditEntry;
import com.intellipost.migrator.history.SchemaHistory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.postgresql.util.PSQLWarning;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops every object in the configured schema, the migrator's history and audit tables included (DESIGN 2.9):
 * tables, views, materialized views, sequences, functions, procedures, aggregates, types, domains, collations,
 * operators, text search objects and extensions installed there. Refused in {@code production} whatever
 * {@code cleanEnabled} says, and elsewhere unless {@code cleanEnabled=true}.
 *
 * <p>Object by object, not {@code DROP SCHEMA ... CASCADE}: the schema keeps its owner, its grants and its default
 * privileges (what {@code init-db.sql} gives the application role), and the migration role needs no CREATE on the
 * database. All in one transaction under the migration lock: a failure drops nothing. A CASCADE that would reach an
 * object of another schema (a view there on a table here, a column there of a type here) is refused, naming it.
 * The audit row of the clean itself is the first row of a new audit table, which says how many rows went with the
 * old one.
 */
public final class CleanCommand {

    private static final Logger LOG = LoggerFactory.getLogger(CleanCommand.class);
    private static final Pattern CASCADE = Pattern.compile("drop cascades to (.+)");
    private static final Pattern CASCADE_COUNT = Pattern.compile("drop cascades to \\d+ other objects");

    private final CommandContext context;

    public CleanCommand(CommandContext context) {
        this.context = context;
    }

    public CleanResult run() {
        Configuration configuration = context.configuration();
        String schema = configuration.schema();
        if (configuration.environment() == Environment.PRODUCTION) {
            throw new CleanRefusedException("clean is refused in production, whatever cleanEnabled says: it would drop"
                    + " every object in schema " + schema + " and the data in it. Nothing was changed.");
        }
        if (!configuration.cleanEnabled()) {
            throw new CleanRefusedException("clean drops every object in schema " + schema + " (tables and their"
                    + " data, views, functions, types, sequences, extensions, and the migrator's history and audit"
                    + " tables), so it runs only with cleanEnabled=true (--cleanEnabled=true,"
                    + " -Dintellipost.cleanEnabled=true or INTELLIPOST_CLEAN_ENABLED=true), and never in production."
                    + " Nothing was changed.");
        }
        SchemaHistory history = context.history();
        Instant startedAt = Instant.now();
        long start = System.nanoTime();
        try (LockedSession session = LockedSession.open(context)) {
            if (!schemaExists(session.connection(), schema)) {
                LOG.info("Schema {} does not exist: nothing to clean", schema);
                return new CleanResult(schema, Map.of(), 0);
            }
            CleanResult[] result = new CleanResult[1];
            session.inTransaction(c -> {
                try (Statement s = c.createStatement()) {
                    // every name in a notice and in pg_get_* output is then schema-qualified
                    s.execute("SELECT set_config('search_path', '', true)");
                }
                long earlierAuditRows = auditRows(c, configuration.qualifiedAuditTable());
                Map<String, Integer> dropped = new LinkedHashMap<>();
                List<String> cascaded = new ArrayList<>();
                for (String[] object : objects(c, schema)) {
                    dropped.merge(object[0], 1, Integer::sum);
                    cascaded.addAll(drop(c, object[1]));
                }
                refuseOutside(cascaded, schema);
                List<String[]> left = objects(c, schema);
                if (!left.isEmpty()) {
                    throw new CleanRefusedException("clean could not drop every object of schema " + schema + "; "
                            + left.get(0)[1] + " left something. Nothing was changed.");
                }
                history.createIfMissing(c);
                CleanResult r = new CleanResult(schema, dropped, earlierAuditRows);
                history.audit(c, AuditEntry.success("clean", null, startedAt, (System.nanoTime() - start) / 1_000_000,
                        "dropped " + r.describe() + " in schema " + schema + (earlierAuditRows == 0 ? "" : "; the "
                        + earlierAuditRows + " audit row(s) before this one went with the old audit table")));
                result[0] = r;
            });
            CleanResult r = result[0];
            LOG.info("Cleaned schema {}: dropped {}; the history is empty, the audit table starts with this clean",
                    schema, r.describe());
            return r;
        } catch (SQLException e) {
            throw history.failure("clean the schema of", e);
        }
    }

    private static boolean schemaExists(Connection c, String schema) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regnamespace(?) IS NOT NULL")) {
            ps.setString(1, Configuration.quote(schema));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static long auditRows(Connection c, String auditTable) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, auditTable);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return 0;
                }
            }
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + auditTable)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Runs one DROP; returns what PostgreSQL said went with it ("drop cascades to view other.v"). */
    private static List<String> drop(Connection c, String statement) throws SQLException {
        LOG.debug("clean: {}", statement);
        List<String> cascades = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            s.execute(statement);
            for (SQLWarning w = s.getWarnings(); w != null; w = w.getNextWarning()) {
                List<String> lines = new ArrayList<>(List.of(String.valueOf(w.getMessage()).split("\n")));
                if (w instanceof PSQLWarning pw && pw.getServerErrorMessage() != null
                        && pw.getServerErrorMessage().getDetail() != null) {
                    lines.addAll(List.of(pw.getServerErrorMessage().getDetail().split("\n")));
                }
                lines.stream().map(String::trim).filter(l -> CASCADE.matcher(l).matches()).forEach(cascades::add);
            }
        }
        return cascades;
    }

    /** Names in notices are qualified (empty search_path): one of this schema reads {@code ... <schema>.name}. */
    private static void refuseOutside(List<String> cascaded, String schema) {
        Pattern ours = Pattern.compile("(^|\\s)" + Pattern.quote(quoteIdent(schema) + "."));
        List<String> outside = cascaded.stream().filter(line -> !CASCADE_COUNT.matcher(line).matches())
                .map(line -> line.substring("drop cascades to ".length()))
                .filter(object -> !ours.matcher(object).find()).toList();
        if (!outside.isEmpty()) {
            throw new CleanRefusedException("clean of schema " + schema + " would also drop what other schemas hold: "
                    + String.join("; ", outside) + ". Nothing was changed. Drop those (or what makes them depend on"
                    + " schema " + schema + ") first, or clean that schema too.");
        }
    }

    /** PostgreSQL's {@code quote_ident}: quotes unless the name is a plain lower-case identifier. */
    private static String quoteIdent(String name) {
        return name.matches("[a-z_][a-z0-9_$]*") ? name : Configuration.quote(name);
    }

    /** Every object of the schema to drop, as {kind, DROP statement}: one query over the catalogs. */
    private static List<String[]> objects(Connection c, String schema) throws SQLException {
        List<String[]> objects = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(OBJECTS)) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    objects.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
        }
        return objects;
    }

    /**
     * Objects of the schema with a catalog row of their own, less those that go with another (an index with its
     * table, a serial's sequence, a range type's constructors: internal or auto dependencies) and extension members
     * (they go with their extension). Tables first, extensions last.
     */
    private static final String OBJECTS = "WITH ns AS (SELECT oid, quote_ident(nspname) || '.' AS q FROM pg_namespace"
            + " WHERE nspname = ?), objects AS ("
            + " SELECT 'pg_class'::regclass AS catalog, c.oid, CASE c.relkind WHEN 'v' THEN 'view'"
            + " WHEN 'm' THEN 'materialized view' WHEN 'S' THEN 'sequence' WHEN 'f' THEN 'foreign table'"
            + " ELSE 'table' END AS kind, 'DROP ' || CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN"
            + " 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END"
            + " || ' IF EXISTS ' || ns.q || quote_ident(c.relname) || ' CASCADE' AS statement,"
            + " CASE c.relkind WHEN 'v' THEN 2 WHEN 'm' THEN 2 WHEN 'S' THEN 3 ELSE 1 END AS rank"
            + " FROM pg_class c JOIN ns ON c.relnamespace = ns.oid WHERE c.relkind IN ('r', 'p', 'f', 'v', 'm', 'S')"
            + " UNION ALL SELECT 'pg_proc'::regclass, p.oid, CASE p.prokind WHEN 'p' THEN 'procedure'"
            + " WHEN 'a' THEN 'aggregate' ELSE 'function' END, 'DROP ROUTINE IF EXISTS ' || ns.q"
            + " || quote_ident(p.proname) || '(' || pg_get_function_identity_arguments(p.oid) || ') CASCADE', 4"
            + " FROM pg_proc p JOIN ns ON p.pronamespace = ns.oid"
            + " UNION ALL SELECT 'pg_type'::regclass, t.oid, CASE t.typtype WHEN 'd' THEN 'domain' ELSE 'type' END,"
            + " 'DROP ' || CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END || ' IF EXISTS ' || ns.q"
            + " || quote_ident(t.typname) || ' CASCADE', 5 FROM pg_type t JOIN ns ON t.typnamespace = ns.oid"
            + " WHERE t.typtype IN ('b', 'd', 'e', 'r')"
            + " OR t.typtype = 'c' AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c'"
            + " UNION ALL SELECT 'pg_collation'::regclass, o.oid, 'collation', 'DROP COLLATION IF EXISTS ' || ns.q"
            + " || quote_ident(o.collname) || ' CASCADE', 6 FROM pg_collation o JOIN ns ON o.collnamespace = ns.oid"
            + " UNION ALL SELECT 'pg_conversion'::regclass, o.oid, 'conversion', 'DROP CONVERSION IF EXISTS '"
            + " || ns.q || quote_ident(o.conname) || ' CASCADE', 6 FROM pg_conversion o"
            + " JOIN ns ON o.connamespace = ns.oid"
            + " UNION ALL SELECT 'pg_operator'::regclass, o.oid, 'operator', 'DROP OPERATOR IF EXISTS ' || ns.q"
            + " || o.oprname || ' (' || coalesce(format_type(nullif(o.oprleft, 0), NULL), 'NONE') || ', '"
            + " || format_type(o.oprright, NULL) || ') CASCADE', 6 FROM pg_operator o JOIN ns ON o.oprnamespace = ns.oid"
            + " UNION ALL SELECT 'pg_opfamily'::regclass, o.oid, 'operator family', 'DROP OPERATOR FAMILY IF EXISTS '"
            + " || ns.q || quote_ident(o.opfname) || ' USING ' || quote_ident(a.amname) || ' CASCADE', 6"
            + " FROM pg_opfamily o JOIN ns ON o.opfnamespace = ns.oid JOIN pg_am a ON a.oid = o.opfmethod"
            + " UNION ALL SELECT 'pg_ts_config'::regclass, o.oid, 'text search configuration',"
            + " 'DROP TEXT SEARCH CONFIGURATION IF EXISTS ' || ns.q || quote_ident(o.cfgname) || ' CASCADE', 6"
            + " FROM pg_ts_config o JOIN ns ON o.cfgnamespace = ns.oid"
            + " UNION ALL SELECT 'pg_ts_dict'::regclass, o.oid, 'text search dictionary',"
            + " 'DROP TEXT SEARCH DICTIONARY IF EXISTS ' || ns.q || quote_ident(o.dictname) || ' CASCADE', 6"
            + " FROM pg_ts_dict o JOIN ns ON o.dictnamespace = ns.oid"
            + " UNION ALL SELECT 'pg_ts_parser'::regclass, o.oid, 'text search parser',"
            + " 'DROP TEXT SEARCH PARSER IF EXISTS ' || ns.q || quote_ident(o.prsname) || ' CASCADE', 6"
            + " FROM pg_ts_parser o JOIN ns ON o.prsnamespace = ns.oid"
            + " UNION ALL SELECT 'pg_ts_template'::regclass, o.oid, 'text search template',"
            + " 'DROP TEXT SEARCH TEMPLATE IF EXISTS ' || ns.q || quote_ident(o.tmplname) || ' CASCADE', 6"
            + " FROM pg_ts_template o JOIN ns ON o.tmplnamespace = ns.oid"
            + " UNION ALL SELECT 'pg_extension'::regclass, e.oid, 'extension', 'DROP EXTENSION IF EXISTS '"
            + " || quote_ident(e.extname) || ' CASCADE', 7 FROM pg_extension e JOIN ns ON e.extnamespace = ns.oid)"
            + " SELECT kind, statement FROM objects o WHERE NOT EXISTS (SELECT 1 FROM pg_depend d"
            + " WHERE d.classid = o.catalog AND d.objid = o.oid AND d.deptype IN ('e', 'i', 'a')"
            + " AND NOT (d.refclassid = o.catalog AND d.refobjid = o.oid)) ORDER BY rank, statement";
}
