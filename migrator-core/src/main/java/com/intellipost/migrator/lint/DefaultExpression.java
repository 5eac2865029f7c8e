package com.intellipost.migrator.lint;

import com.intellipost.migrator.script.SqlToken;
import java.util.List;
import java.util.Set;

/**
 * Decides from its text whether a column default makes ADD COLUMN rewrite the table. Since PostgreSQL 11 a default
 * that is the same for every row (a constant, or a stable function such as {@code now()}, evaluated once) is stored
 * in the catalog and no row is touched; a volatile one ({@code gen_random_uuid()}, {@code clock_timestamp()},
 * {@code nextval()}) is evaluated per row, which rewrites the table. The text cannot tell for functions it does not
 * know: those are reported as possibly volatile ({@code lint --trace} measures instead of guessing).
 */
final class DefaultExpression {

    /** Functions whose value is the same for every row of one statement (stable or immutable). */
    private static final Set<String> SAME_FOR_EVERY_ROW = Set.of("now", "transaction_timestamp",
            "statement_timestamp", "current_setting", "lower", "upper", "coalesce", "nullif", "greatest", "least",
            "make_interval", "make_date", "make_timestamp", "make_timestamptz", "to_timestamp", "to_date", "to_char",
            "to_json", "to_jsonb", "jsonb_build_object", "json_build_object", "jsonb_build_array", "json_build_array",
            "array_fill", "length", "concat", "concat_ws", "replace", "substring", "trim", "abs", "round",
            "date_trunc", "timezone", "current_schema", "current_database", "inet", "point", "int4range",
            "int8range", "tstzrange", "daterange", "numrange", "tsrange", "format");
    /** Functions PostgreSQL marks volatile that defaults commonly use. */
    private static final Set<String> VOLATILE = Set.of("random", "gen_random_uuid", "uuid_generate_v1",
            "uuid_generate_v1mc", "uuid_generate_v4", "clock_timestamp", "timeofday", "nextval", "txid_current",
            "setseed", "random_normal", "uuidv7", "uuidv4");

    private DefaultExpression() {
    }

    /** Why the default is evaluated per row, or null when it is the same for every row. */
    static String perRowReason(List<SqlToken> expression) {
        for (int i = 0; i + 1 < expression.size(); i++) {
            SqlToken t = expression.get(i);
            if (!t.isName() || !expression.get(i + 1).text().equals("(")) {
                continue;
            }
            // a schema-qualified call may be a user function of the same name; pg_catalog's are the built-ins
            boolean qualified = i > 1 && expression.get(i - 1).text().equals(".")
                    && !expression.get(i - 2).text().equals("pg_catalog");
            String function = t.identifier();
            if (VOLATILE.contains(function)) {
                return function + "() is volatile: it is evaluated for every row";
            }
            if (!qualified && SAME_FOR_EVERY_ROW.contains(function)) {
                continue;
            }
            if (!TYPE_NAMES.contains(function)) {
                return function + "() is not known to be stable or immutable: if it is volatile, it is evaluated"
                        + " for every row";
            }
        }
        return null;
    }

    /** Type names that take a parenthesised modifier in a cast ({@code 'x'::varchar(10)}), not functions. */
    private static final Set<String> TYPE_NAMES = Set.of("varchar", "char", "character", "varying", "numeric",
            "decimal", "timestamp", "timestamptz", "time", "timetz", "interval", "bit", "float");
}
