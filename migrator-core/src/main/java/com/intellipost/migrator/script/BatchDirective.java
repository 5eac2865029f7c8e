package com.intellipost.migrator.script;

import com.intellipost.migrator.config.ConfigurationException;
import com.intellipost.migrator.config.Durations;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code -- batch: table=posts key=id size=10000 [pause=50ms]} on the comment line(s) before an UPDATE, DELETE or
 * INSERT ... SELECT: the statement runs once per half-open key range {@code [${batch_start}, ${batch_end})}, each
 * range in a transaction of its own. Read from {@link SqlSplitter#leadingComments()}, when the script loads and
 * again when it runs.
 *
 * @param table the table whose key is ranged, as written (schema-qualified or not)
 * @param key   the integer key column, lower case
 * @param size  keys per batch
 * @param pause sleep between batches
 */
public record BatchDirective(String table, String key, long size, Duration pause) {

    public static final String START = "${batch_start}";
    public static final String END = "${batch_end}";

    private static final String PREFIX = "batch:";
    private static final Set<String> KEYS = Set.of("table", "key", "size", "pause");
    private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*)?");
    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");
    private static final Pattern INSERT_SELECT = Pattern.compile("(?is)^insert\\b.*\\bselect\\b.*");
    private static final String USAGE = "write it as -- batch: table=posts key=id size=10000 (optionally pause=50ms)";

    /**
     * The directive among {@code statement}'s leading comments, checked against the statement; empty when there is
     * none. Throws {@link SqlSyntaxException} naming {@code file:line} when the directive or the statement is wrong.
     */
    public static Optional<BatchDirective> find(String leadingComments, SqlStatement statement, String file) {
        String found = null;
        for (String line : leadingComments.split("\n")) {
            String body = line.strip();
            if (body.toLowerCase(Locale.ROOT).startsWith(PREFIX)) {
                if (found != null) {
                    throw error(file, statement, "two batch directives before one statement; keep one");
                }
                found = body.substring(PREFIX.length()).strip();
            }
        }
        if (found == null) {
            if (statement.sql().contains(START) || statement.sql().contains(END)) {
                throw error(file, statement, "this statement uses " + (statement.sql().contains(START) ? START : END)
                        + " without a batch directive; put -- batch: table=<table> key=<integer column>"
                        + " size=<keys per batch> on the line before it");
            }
            return Optional.empty();
        }
        return Optional.of(parse(found, statement, file));
    }

    private static BatchDirective parse(String text, SqlStatement statement, String file) {
        Map<String, String> values = new HashMap<>();
        for (String pair : text.split("\\s+")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq).toLowerCase(Locale.ROOT);
            if (eq < 0 || !KEYS.contains(name)) {
                throw error(file, statement, "the batch directive has '" + pair + "', which is not table=, key=,"
                        + " size= or pause=; " + USAGE);
            }
            if (values.put(name, pair.substring(eq + 1)) != null) {
                throw error(file, statement, "the batch directive names " + name + " twice; " + USAGE);
            }
        }
        for (String required : new String[] {"table", "key", "size"}) {
            if (!values.containsKey(required) || values.get(required).isEmpty()) {
                throw error(file, statement, "the batch directive has no " + required + "=; " + USAGE);
            }
        }
        String table = values.get("table");
        if (!TABLE.matcher(table).matches()) {
            throw error(file, statement, "the batch directive's table '" + table + "' is not a plain table name"
                    + " (schema.table allowed, no quotes)");
        }
        String key = values.get("key");
        if (!KEY.matcher(key).matches()) {
            throw error(file, statement, "the batch directive's key '" + key + "' is not a plain column name");
        }
        long size;
        try {
            size = Long.parseLong(values.get("size").replace("_", ""));
        } catch (NumberFormatException e) {
            size = 0;
        }
        if (size <= 0) {
            throw error(file, statement, "the batch directive's size '" + values.get("size") + "' is not a positive"
                    + " whole number of keys per batch, e.g. size=10000");
        }
        Duration pause = Duration.ZERO;
        if (values.containsKey("pause")) {
            try {
                pause = Durations.parse(values.get("pause"), "pause");
            } catch (ConfigurationException e) {
                throw error(file, statement, "the batch directive's " + e.getMessage());
            }
        }
        checkStatement(statement, file);
        return new BatchDirective(table, key.toLowerCase(Locale.ROOT), size, pause);
    }

    private static void checkStatement(SqlStatement statement, String file) {
        String sql = statement.sql().strip();
        String lower = sql.toLowerCase(Locale.ROOT);
        boolean dml = lower.startsWith("update") || lower.startsWith("delete") || INSERT_SELECT.matcher(sql).matches();
        if (!dml) {
            throw error(file, statement, "a batch directive goes before an UPDATE, DELETE or INSERT ... SELECT;"
                    + " this statement is none of them");
        }
        if (!sql.contains(START) || !sql.contains(END)) {
            throw error(file, statement, "a batched statement must use both " + START + " and " + END + " for its key"
                    + " range, e.g. WHERE id >= " + START + " AND id < " + END + " (" + (sql.contains(START) ? END
                    : sql.contains(END) ? START : "both") + " missing)");
        }
    }

    /** {@code sql} with the placeholders replaced by the range's bounds, as integer literals. */
    public static String substitute(String sql, long start, long end) {
        return sql.replace(START, Long.toString(start)).replace(END, Long.toString(end));
    }

    /**
     * How the script loader describes a section that must run outside a transaction because of a directive. Callers
     * put it in parentheses, so it has none of its own.
     */
    public static String autocommitReason(String file, int line) {
        return "a batch directive at " + file + ":" + line + ", each batch committing on its own";
    }

    private static SqlSyntaxException error(String file, SqlStatement statement, String problem) {
        return new SqlSyntaxException(file, statement.line(), problem);
    }
}
