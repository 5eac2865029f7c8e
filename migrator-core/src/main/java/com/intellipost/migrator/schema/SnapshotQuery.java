package com.intellipost.migrator.schema;

import com.intellipost.migrator.config.Configuration;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The catalog query behind a {@link SchemaSnapshot}: uniform rows, one per object, whose definitions are PostgreSQL's
 * own {@code pg_get_*def}, {@code format_type} and {@code pg_get_expr} text.
 *
 * <p>Parameters: the schemas to read ({@code text[]}, null for every schema but the system ones and the
 * {@link ChangeLog}'s) and the schema holding the migrator's own tables, which are left out with everything that
 * hangs on them. Objects that belong to an extension (a {@code pg_depend} row of type {@code e}) are left out;
 * the extension itself is listed.
 *
 * <p>Every row also names the object's group and identity. A group is what a change is read again by: a relation
 * with its columns, constraints, indexes, triggers and policies ({@code c:<oid>}), a function ({@code p:}), a type
 * or domain with its constraints ({@code t:}), a schema ({@code n:}), an extension ({@code x:}). The identity is
 * the catalog row ({@code a:<table>:<attnum>} for a column, {@code k:} constraint, {@code g:} trigger, {@code o:}
 * policy, otherwise the group's own id). {@link #CHANGES_AND_RELATIONS} reads what changed since the last read
 * and the relations it touched, {@link #changed} the groups of other kinds; {@link #FULL} reads everything.
 */
final class SnapshotQuery {

    private SnapshotQuery() {
    }

    /** Column positions of the result. */
    static final int KIND = 1;
    static final int NAME = 2;
    static final int DEFINITION = 3;
    static final int COMMENT = 4;
    static final int GROUP = 5;
    static final int IDENTITY = 6;
    /** True for a table that has or is a partition or an inheritance child: its neighbours' text depends on it. */
    static final int INHERITS = 7;

    /** {@code {comment <oid> <catalog> [<subid>]}}: an object's comment. */
    private static final Pattern COMMENT_OF = Pattern.compile("\\{comment (\\S+) (\\S+)(?: (\\S+))?}");

    /** The common table expressions: the schemas in scope, the migrator's tables, the relations in scope. */
    private static final String HEAD = """
            WITH params AS (SELECT ?::text[] AS schemas, ?::text AS own_schema),
            {changes}
            ns AS (
              SELECT n.oid, quote_ident(n.nspname) AS qname
              FROM pg_namespace n, params p
              WHERE CASE WHEN p.schemas IS NULL
                         THEN n.nspname NOT IN ('pg_catalog', 'information_schema', '{log}')
                              AND n.nspname !~ '^pg_(toast|temp_)'
                         ELSE n.nspname = ANY (p.schemas) END
                AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_namespace'::regclass AND e.objid = n.oid
                                AND e.deptype = 'e')
            ),
            own AS (
              SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, params p
              WHERE n.nspname = p.own_schema AND c.relname IN ('{history}', '{audit}')
            ),
            rel AS MATERIALIZED (
              SELECT c.oid, c.relkind, ns.qname || '.' || quote_ident(c.relname) AS name, c.relpersistence, c.reloptions,
                     c.relrowsecurity, c.relforcerowsecurity, c.relispartition, c.relpartbound, c.relhassubclass,
                     'c:' || c.oid AS grp
              FROM pg_class c JOIN ns ON ns.oid = c.relnamespace
              WHERE c.relkind IN ('r', 'p', 'f', 'v', 'm', 'S') {relationFilter}
                AND c.oid NOT IN (SELECT oid FROM own)
                AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid
                                AND (e.deptype = 'e' OR (e.deptype IN ('a', 'i') AND e.refobjid IN (SELECT oid FROM own))))
            ),
            tab AS (SELECT * FROM rel WHERE relkind IN ('r', 'p', 'f'))
            """;

    /** Group {@code n:}: the schema itself. */
    private static final String SCHEMAS = """
            SELECT 'schema' AS kind, ns.qname AS name, '' AS def, {comment ns.oid pg_namespace} AS comment,
                   'n:' || ns.oid AS grp, 'n:' || ns.oid AS ident, NULL::boolean AS inh
            FROM ns {schemas}
            """;

    /** Group {@code c:}: a table, view or sequence with its columns, constraints, indexes, triggers, policies. */
    private static final String RELATIONS = """
            SELECT CASE r.relkind WHEN 'f' THEN 'foreign table' ELSE 'table' END, r.name,
                   concat_ws(' ', CASE WHEN r.relpersistence = 'u' THEN 'UNLOGGED' END,
                             CASE WHEN r.relkind = 'p' THEN 'PARTITION BY ' || pg_get_partkeydef(r.oid) END,
                             CASE WHEN r.relispartition THEN 'PARTITION OF '
                                  || (SELECT i.inhparent::regclass::text FROM pg_inherits i WHERE i.inhrelid = r.oid)
                                  || ' ' || pg_get_expr(r.relpartbound, r.oid) END,
                             CASE WHEN NOT r.relispartition THEN (SELECT 'INHERITS ('
                                  || string_agg(i.inhparent::regclass::text, ', ' ORDER BY i.inhseqno) || ')'
                                  FROM pg_inherits i WHERE i.inhrelid = r.oid) END,
                             'WITH (' || array_to_string(r.reloptions, ', ') || ')',
                             CASE WHEN r.relrowsecurity THEN 'ROW LEVEL SECURITY' END,
                             CASE WHEN r.relforcerowsecurity THEN 'FORCE ROW LEVEL SECURITY' END),
                   {comment r.oid pg_class}, r.grp, r.grp,
                   r.relispartition OR r.relhassubclass OR EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = r.oid)
            FROM tab r
            UNION ALL
            SELECT 'column', r.name || '.' || quote_ident(a.attname),
                   concat_ws(' ', format_type(a.atttypid, a.atttypmod),
                             CASE WHEN a.attcollation <> t.typcollation THEN 'COLLATE '
                                  || a.attcollation::regcollation::text END,
                             CASE WHEN a.attnotnull THEN 'NOT NULL' END,
                             CASE WHEN a.attgenerated = 's' THEN 'GENERATED ALWAYS AS ('
                                  || pg_get_expr(ad.adbin, ad.adrelid) || ') STORED'
                                  WHEN ad.adbin IS NOT NULL THEN 'DEFAULT ' || pg_get_expr(ad.adbin, ad.adrelid) END,
                             CASE a.attidentity WHEN 'a' THEN 'GENERATED ALWAYS AS IDENTITY'
                                  WHEN 'd' THEN 'GENERATED BY DEFAULT AS IDENTITY' END),
                   {comment r.oid pg_class a.attnum}, r.grp, 'a:' || r.oid || ':' || a.attnum, NULL
            FROM tab r JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
            JOIN pg_type t ON t.oid = a.atttypid
            LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
            UNION ALL
            SELECT 'constraint', r.name || '.' || quote_ident(k.conname), pg_get_constraintdef(k.oid),
                   {comment k.oid pg_constraint}, r.grp, 'k:' || k.oid, NULL
            FROM tab r JOIN pg_constraint k ON k.conrelid = r.oid
            UNION ALL
            SELECT 'index', ns.qname || '.' || quote_ident(ic.relname),
                   pg_get_indexdef(i.indexrelid) || CASE WHEN i.indisvalid THEN '' ELSE ' INVALID' END,
                   {comment i.indexrelid pg_class}, r.grp, 'c:' || i.indexrelid, NULL
            FROM rel r JOIN pg_index i ON i.indrelid = r.oid JOIN pg_class ic ON ic.oid = i.indexrelid
            JOIN ns ON ns.oid = ic.relnamespace
            WHERE r.relkind IN ('r', 'p', 'm')
            UNION ALL
            SELECT CASE r.relkind WHEN 'v' THEN 'view' ELSE 'materialized view' END, r.name, pg_get_viewdef(r.oid),
                   {comment r.oid pg_class}, r.grp, r.grp, NULL
            FROM rel r WHERE r.relkind IN ('v', 'm')
            UNION ALL
            SELECT 'sequence', r.name,
                   concat_ws(' ', 'AS ' || format_type(s.seqtypid, NULL), 'START ' || s.seqstart,
                             'INCREMENT ' || s.seqincrement, 'MINVALUE ' || s.seqmin, 'MAXVALUE ' || s.seqmax,
                             'CACHE ' || s.seqcache, CASE WHEN s.seqcycle THEN 'CYCLE' END,
                             (SELECT 'OWNED BY ' || quote_ident(tn.nspname) || '.' || quote_ident(tc.relname) || '.'
                                     || quote_ident(ta.attname) || CASE WHEN d.deptype = 'i' THEN ' (identity)' ELSE '' END
                              FROM pg_depend d JOIN pg_class tc ON tc.oid = d.refobjid
                              JOIN pg_namespace tn ON tn.oid = tc.relnamespace
                              JOIN pg_attribute ta ON ta.attrelid = d.refobjid AND ta.attnum = d.refobjsubid
                              WHERE d.classid = 'pg_class'::regclass AND d.objid = r.oid
                                AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i'))),
                   {comment r.oid pg_class}, r.grp, r.grp, NULL
            FROM rel r JOIN pg_sequence s ON s.seqrelid = r.oid
            WHERE r.relkind = 'S'
            UNION ALL
            SELECT 'trigger', r.name || '.' || quote_ident(g.tgname),
                   pg_get_triggerdef(g.oid) || CASE g.tgenabled WHEN 'O' THEN '' WHEN 'D' THEN ' DISABLED'
                                                   WHEN 'R' THEN ' ENABLE REPLICA' ELSE ' ENABLE ALWAYS' END,
                   {comment g.oid pg_trigger}, r.grp, 'g:' || g.oid, NULL
            FROM rel r JOIN pg_trigger g ON g.tgrelid = r.oid AND NOT g.tgisinternal
            UNION ALL
            SELECT 'policy', r.name || '.' || quote_ident(p.polname),
                   concat_ws(' ', CASE WHEN p.polpermissive THEN 'PERMISSIVE' ELSE 'RESTRICTIVE' END,
                             'FOR ' || CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE'
                                                     WHEN 'd' THEN 'DELETE' ELSE 'ALL' END,
                             'TO ' || (SELECT string_agg(CASE WHEN x = 0 THEN 'PUBLIC' ELSE x::regrole::text END, ', '
                                                         ORDER BY 1) FROM unnest(p.polroles) x),
                             'USING (' || pg_get_expr(p.polqual, p.polrelid) || ')',
                             'WITH CHECK (' || pg_get_expr(p.polwithcheck, p.polrelid) || ')'),
                   {comment p.oid pg_policy}, r.grp, 'o:' || p.oid, NULL
            FROM tab r JOIN pg_policy p ON p.polrelid = r.oid
            """;

    /** Group {@code p:}: a function, procedure or aggregate. */
    private static final String FUNCTIONS = """
            SELECT CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' ELSE 'function' END,
                   ns.qname || '.' || quote_ident(p.proname) || '(' || pg_get_function_identity_arguments(p.oid) || ')',
                   CASE WHEN p.prokind = 'a'
                        THEN (SELECT concat_ws(' ', 'SFUNC ' || g.aggtransfn::text,
                                               'STYPE ' || format_type(g.aggtranstype, NULL),
                                               'FINALFUNC ' || nullif(g.aggfinalfn::oid, 0)::regproc::text,
                                               'INITCOND ' || g.agginitval)
                              FROM pg_aggregate g WHERE g.aggfnoid = p.oid)
                        ELSE pg_get_functiondef(p.oid) END,
                   {comment p.oid pg_proc}, 'p:' || p.oid, 'p:' || p.oid, NULL
            FROM pg_proc p JOIN ns ON ns.oid = p.pronamespace
            WHERE NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_proc'::regclass AND e.objid = p.oid
                              AND e.deptype = 'e') {functionFilter}
            """;

    /** Group {@code t:}: a type or domain, with a domain's constraints. */
    private static final String TYPES = """
            SELECT CASE t.typtype WHEN 'd' THEN 'domain' ELSE 'type' END, ns.qname || '.' || quote_ident(t.typname),
                   CASE t.typtype
                     WHEN 'e' THEN 'ENUM (' || coalesce((SELECT string_agg(quote_literal(l.enumlabel), ', '
                                                         ORDER BY l.enumsortorder)
                                                         FROM pg_enum l WHERE l.enumtypid = t.oid), '') || ')'
                     WHEN 'c' THEN 'AS (' || coalesce((SELECT string_agg(quote_ident(a.attname) || ' '
                                                       || format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum)
                                                       FROM pg_attribute a WHERE a.attrelid = t.typrelid
                                                       AND a.attnum > 0 AND NOT a.attisdropped), '') || ')'
                     WHEN 'd' THEN concat_ws(' ', format_type(t.typbasetype, t.typtypmod),
                                             CASE WHEN t.typcollation <> (SELECT b.typcollation FROM pg_type b
                                                                          WHERE b.oid = t.typbasetype)
                                                  THEN 'COLLATE ' || t.typcollation::regcollation::text END,
                                             CASE WHEN t.typnotnull THEN 'NOT NULL' END, 'DEFAULT ' || t.typdefault)
                     WHEN 'r' THEN (SELECT 'RANGE (SUBTYPE = ' || format_type(g.rngsubtype, NULL) || ')'
                                    FROM pg_range g WHERE g.rngtypid = t.oid)
                     ELSE 'BASE' END,
                   {comment t.oid pg_type}, 't:' || t.oid, 't:' || t.oid, NULL
            FROM pg_type t JOIN ns ON ns.oid = t.typnamespace
            WHERE (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'b' AND t.typcategory <> 'A')
                   OR (t.typtype = 'c' AND (SELECT c.relkind FROM pg_class c WHERE c.oid = t.typrelid) = 'c'))
              AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_type'::regclass AND e.objid = t.oid
                              AND e.deptype = 'e') {typeFilter}
            UNION ALL
            SELECT 'constraint', ns.qname || '.' || quote_ident(t.typname) || '.' || quote_ident(k.conname),
                   pg_get_constraintdef(k.oid), {comment k.oid pg_constraint}, 't:' || t.oid, 'k:' || k.oid, NULL
            FROM pg_type t JOIN ns ON ns.oid = t.typnamespace JOIN pg_constraint k ON k.contypid = t.oid
            WHERE t.typtype = 'd'
              AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_type'::regclass AND e.objid = t.oid
                              AND e.deptype = 'e') {typeFilter}
            """;

    /** Group {@code x:}: an extension. */
    private static final String EXTENSIONS = """
            SELECT 'extension', quote_ident(x.extname), x.extversion, {comment x.oid pg_extension},
                   'x:' || x.oid, 'x:' || x.oid, NULL
            FROM pg_extension x JOIN ns ON ns.oid = x.extnamespace {extensionFilter}
            """;

    private static final String HIGHEST_EXPRESSION = """
            greatest((SELECT max(oid) FROM pg_class), (SELECT max(oid) FROM pg_constraint),
                     (SELECT max(oid) FROM pg_trigger), (SELECT max(oid) FROM pg_policy), (SELECT max(oid) FROM pg_proc),
                     (SELECT max(oid) FROM pg_type), (SELECT max(oid) FROM pg_namespace),
                     (SELECT max(oid) FROM pg_extension))::bigint""";

    /** The highest oid of the catalogs new objects are looked for in (index-only lookups). */
    static final String HIGHEST_OID = "SELECT " + HIGHEST_EXPRESSION.strip();

    /**
     * What changed since the last read, and the relations it touched read again, in one statement: the
     * {@link ChangeLog}'s rows, taken out of the log; the groups of the objects created since (their oid is above
     * parameter 3, the highest oid the last read saw: OIDs are handed out in increasing order); the relation
     * branches for the relation groups among them; then marker rows: {@link #READ_AGAIN} for every group touched
     * (of any kind; those of other kinds are read by {@link #changed}), {@link #DROPPED} for every object dropped
     * (its identity), {@link #HIGHEST} with the highest oid now (in the definition column). Every lookup is a range
     * or point lookup on an index.
     */
    static final String CHANGES_AND_RELATIONS;

    private static final String CHANGES = """
            seen AS (SELECT ?::bigint::oid AS oid),
            changed AS (DELETE FROM {log}.changes RETURNING grp, dropped),
            created AS (
              SELECT CASE WHEN c.relkind IN ('r', 'p', 'f', 'v', 'm', 'S') THEN 'c:' || c.oid
                          WHEN c.relkind IN ('i', 'I') THEN (SELECT 'c:' || i.indrelid FROM pg_index i
                                                            WHERE i.indexrelid = c.oid)
                          WHEN c.relkind = 'c' THEN 't:' || c.reltype END AS grp
              FROM pg_class c WHERE c.oid > (SELECT oid FROM seen)
              UNION ALL
              SELECT CASE WHEN k.conrelid <> 0 THEN 'c:' || k.conrelid ELSE 't:' || k.contypid END
              FROM pg_constraint k WHERE k.oid > (SELECT oid FROM seen)
              UNION ALL
              SELECT 'c:' || g.tgrelid FROM pg_trigger g WHERE g.oid > (SELECT oid FROM seen) AND NOT g.tgisinternal
              UNION ALL
              SELECT 'c:' || p.polrelid FROM pg_policy p WHERE p.oid > (SELECT oid FROM seen)
              UNION ALL
              SELECT 'p:' || p.oid FROM pg_proc p WHERE p.oid > (SELECT oid FROM seen)
              UNION ALL
              SELECT 't:' || t.oid FROM pg_type t
              WHERE t.oid > (SELECT oid FROM seen) AND t.typrelid = 0 AND t.typcategory <> 'A'
              UNION ALL
              SELECT 'n:' || n.oid FROM pg_namespace n WHERE n.oid > (SELECT oid FROM seen)
              UNION ALL
              SELECT 'x:' || x.oid FROM pg_extension x WHERE x.oid > (SELECT oid FROM seen)
            ),
            touched AS (SELECT grp FROM changed WHERE grp IS NOT NULL UNION SELECT grp FROM created WHERE grp IS NOT NULL),
            groups AS (SELECT array_agg(substr(grp, 3)::oid) FILTER (WHERE grp LIKE 'c:%') AS relations FROM touched),
            """;

    private static final String MARKS = """
            UNION ALL
            SELECT '{again}', NULL, NULL, NULL, grp, NULL, NULL FROM touched
            UNION ALL
            SELECT '{dropped}', NULL, NULL, NULL, NULL, dropped, NULL FROM changed WHERE dropped IS NOT NULL
            UNION ALL
            SELECT '{highest}', NULL, ({highestOid})::text, NULL, NULL, NULL, NULL
            """;

    /** Marker rows of {@link #CHANGES_AND_RELATIONS}, in the kind column. */
    static final String READ_AGAIN = "~group";
    static final String DROPPED = "~dropped";
    static final String HIGHEST = "~highest";

    /** The groups to read again, by kind ({@code oid[]} parameters 3 to 7): {@code = ANY} on each oid index. */
    private static final String GROUPS = """
            groups AS (SELECT ?::oid[] AS relations, ?::oid[] AS functions, ?::oid[] AS types, ?::oid[] AS schemas,
                              ?::oid[] AS extensions),
            """;

    /** The kinds of group, by the prefix of their id, with the branches that read them and their filter. */
    enum Part {
        SCHEMAS("n:", SnapshotQuery.SCHEMAS, "{schemas}", "WHERE ns.oid = ANY ((SELECT schemas FROM groups)::oid[])"),
        RELATIONS("c:", SnapshotQuery.RELATIONS, "{relationFilter}",
                "AND c.oid = ANY ((SELECT relations FROM groups)::oid[])"),
        FUNCTIONS("p:", SnapshotQuery.FUNCTIONS, "{functionFilter}",
                "AND p.oid = ANY ((SELECT functions FROM groups)::oid[])"),
        TYPES("t:", SnapshotQuery.TYPES, "{typeFilter}", "AND t.oid = ANY ((SELECT types FROM groups)::oid[])"),
        EXTENSIONS("x:", SnapshotQuery.EXTENSIONS, "{extensionFilter}",
                "WHERE x.oid = ANY ((SELECT extensions FROM groups)::oid[])");

        final String prefix;
        private final String branches;
        private final String placeholder;
        private final String filter;

        Part(String prefix, String branches, String placeholder, String filter) {
            this.prefix = prefix;
            this.branches = branches;
            this.placeholder = placeholder;
            this.filter = filter;
        }

        /** The part a group id ({@code c:16384}) belongs to. */
        static Part of(String group) {
            for (Part p : values()) {
                if (group.startsWith(p.prefix)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("Unknown group " + group);
        }
    }

    /** Every object of the schemas in scope. */
    static final String FULL = query(EnumSet.allOf(Part.class), false);

    /**
     * Touched groups of the given kinds only: a smaller statement is a cheaper one to start. Parameters 3 to 7: the
     * groups' oids ({@code oid[]}) by kind.
     */
    static String changed(Set<Part> parts) {
        return query(parts, true);
    }

    static {
        String sql = HEAD.replace("{changes}", CHANGES) + Part.RELATIONS.branches + MARKS;
        for (Part p : Part.values()) {
            sql = sql.replace(p.placeholder, p == Part.RELATIONS ? p.filter : "");
        }
        CHANGES_AND_RELATIONS = fill(sql.replace("{again}", READ_AGAIN).replace("{dropped}", DROPPED)
                .replace("{highest}", HIGHEST).replace("{highestOid}", HIGHEST_EXPRESSION.strip()));
    }

    private static String query(Set<Part> parts, boolean onlyGroups) {
        String sql = HEAD.replace("{changes}", onlyGroups ? GROUPS : "") + parts.stream().map(p -> p.branches)
                .collect(Collectors.joining("            UNION ALL\n"));
        for (Part p : Part.values()) {
            sql = sql.replace(p.placeholder, onlyGroups ? p.filter : "");
        }
        return fill(sql);
    }

    private static String fill(String sql) {
        // pg_description read directly: obj_description() is a SQL function, planned again at every execution
        String withComments = COMMENT_OF.matcher(sql).replaceAll(m -> Matcher.quoteReplacement("(SELECT d.description"
                + " FROM pg_description d WHERE d.objoid = " + m.group(1) + " AND d.classoid = '" + m.group(2)
                + "'::regclass AND d.objsubid = " + (m.group(3) == null ? "0" : m.group(3)) + ")"));
        return withComments.replace("{log}", ChangeLog.SCHEMA)
                .replace("{history}", Configuration.HISTORY_TABLE)
                .replace("{audit}", Configuration.AUDIT_TABLE);
    }
}
