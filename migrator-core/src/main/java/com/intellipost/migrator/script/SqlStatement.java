package com.intellipost.migrator.script;

import java.util.Objects;

/**
 * One statement cut out of a SQL script, ready to send to the server.
 *
 * @param sql           the statement text, trimmed, without its terminating semicolon and without
 *                      the comments that preceded its first token
 * @param line          1-based line number in the script file where the statement's first token starts
 * @param copyFromStdin true for {@code COPY ... FROM STDIN}: the inline data that follows it in the
 *                      script must be streamed with {@link SqlSplitter#copyData()}
 */
public record SqlStatement(String sql, int line, boolean copyFromStdin) {

    public SqlStatement {
        Objects.requireNonNull(sql, "sql");
        if (line < 1) {
            throw new IllegalArgumentException("line must be >= 1: " + line);
        }
    }
}
