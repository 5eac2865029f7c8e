package com.intellipost.migrator.plan;

import com.intellipost.migrator.MigratorException;
import com.intellipost.migrator.script.SqlStatement;
import com.intellipost.migrator.script.SqlToken;
import java.util.List;

/**
 * Statements and values written so that psql sends the server exactly what the migrator sends it.
 *
 * <p>psql reads a script with a lexer of its own, which differs from the server's in two places outside quotes and
 * comments: a colon before a name ({@code :name}, {@code :'name'}, {@code :"name"}) is replaced by the psql variable
 * of that name when one is set (by {@code -v}, by psql itself: {@code :USER}, {@code :DBNAME}...), and a backslash
 * starts a meta-command. A colon that psql could take for a variable is written {@code \:}, which psql sends as a
 * plain colon; {@code ::} casts are left alone (psql does not read them as variables). A backslash outside quotes
 * is refused: PostgreSQL refuses it too, so the revision could not be migrated either.
 */
final class PsqlText {

    private PsqlText() {
    }

    /**
     * The statement and its terminating semicolon, as psql must read it. The semicolon goes on a line of its own
     * when the statement's last line holds {@code --}: a line comment there would swallow it.
     */
    static String statement(SqlStatement statement, String file) {
        String sql = statement.sql();
        if (sql.indexOf(':') >= 0 || sql.indexOf('\\') >= 0) {
            sql = protect(sql, file, statement.line());
        }
        int lastLine = sql.lastIndexOf('\n') + 1;
        return sql + (sql.indexOf("--", lastLine) >= 0 ? "\n;" : ";");
    }

    /**
     * An SQL string literal; {@code E'...'} when it holds a backslash, so that it reads the same whatever the
     * server's {@code standard_conforming_strings}.
     */
    static String literal(String value) {
        String quoted = value.replace("'", "''");
        return value.indexOf('\\') >= 0 ? "E'" + quoted.replace("\\", "\\\\") + "'" : "'" + quoted + "'";
    }

    /** Text for a {@code --} comment: one line, whatever it holds. */
    static String comment(String text) {
        return text.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }

    private static String protect(String sql, String file, int line) {
        List<SqlToken> tokens = SqlToken.of(sql); // strings, quoted names, dollar bodies and comments are skipped
        StringBuilder out = new StringBuilder(sql.length() + 8);
        int copied = 0;
        boolean changed = false;
        for (int i = 0; i < tokens.size(); i++) {
            SqlToken t = tokens.get(i);
            if (t.text().equals("\\")) {
                throw new MigratorException(file + ":" + line + ": the statement has a backslash outside quotes and"
                        + " comments; psql would read it as a meta-command, and PostgreSQL refuses it as well, so"
                        + " migrate would fail there too. Fix the statement, then make the plan again.");
            }
            if (!t.text().equals(":")) {
                continue;
            }
            int next = t.start() + 1;
            if (next < sql.length() && sql.charAt(next) == ':') {
                i++; // a :: cast, which psql passes through
                continue;
            }
            if (next < sql.length() && isVariableStart(sql.charAt(next))) {
                out.append(sql, copied, t.start()).append('\\');
                copied = t.start();
                changed = true;
            }
        }
        return !changed ? sql : out.append(sql, copied, sql.length()).toString();
    }

    /** What may follow a colon in a psql variable reference: a name character, or the quote of :'x' and :"x". */
    private static boolean isVariableStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c >= 0x80
                || c == '\'' || c == '"';
    }
}
