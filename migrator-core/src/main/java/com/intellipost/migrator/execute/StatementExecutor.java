package com.intellipost.migrator.execute;

import com.intellipost.migrator.script.BatchDirective;
import com.intellipost.migrator.script.SqlSplitter;
import com.intellipost.migrator.script.SqlStatement;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Streams statements from a splitter to the server; {@code COPY ... FROM STDIN} data goes through pgjdbc's
 * CopyManager straight from the script.
 *
 * <p>Inside a transaction, consecutive statements that return no rows are sent as a JDBC batch, up to
 * {@link #MAX_BATCH_STATEMENTS} or {@link #MAX_BATCH_CHARS} at a time: pgjdbc pipelines a batch in one round trip.
 * The transaction makes that safe: when a batch fails nothing of it stays, and the caller runs the section again
 * statement by statement, which names the failing line. Outside a transaction every statement is its own round trip.
 */
final class StatementExecutor {

    static final int MAX_BATCH_STATEMENTS = 200;
    static final int MAX_BATCH_CHARS = 256 * 1024;
    private static final Set<String> ROW_RETURNING = Set.of("select", "with", "values", "table", "show", "explain",
            "fetch", "call");
    private static final Pattern RETURNING = Pattern.compile("(?i)\\breturning\\b");

    private StatementExecutor() {
    }

    /** Executes every statement, batching when {@code batch} (only inside a transaction); returns how many ran. */
    static int executeAll(Connection connection, SqlSplitter splitter, boolean batch)
            throws StatementFailureException, IOException {
        return executeAll(connection, splitter, batch, null, null, null);
    }

    /**
     * As above; with an {@code observer} (not null) every statement runs on its own, followed in the same round trip
     * by the observer's query, and the observer is called after each; a failure of the observer fails the
     * statement's line.
     */
    static int executeAll(Connection connection, SqlSplitter splitter, boolean batch, StatementObserver observer)
            throws StatementFailureException, IOException {
        return executeAll(connection, splitter, batch, observer, null, null);
    }

    /**
     * The same outside a transaction, with {@code batches} running the statements under a {@code -- batch:}
     * directive (and skipping those a resumed run already completed); {@code file} names the script in errors.
     */
    static int executeAll(Connection connection, SqlSplitter splitter, boolean batch, BatchRunner batches,
                          String file) throws StatementFailureException, IOException {
        return executeAll(connection, splitter, batch, null, batches, file);
    }

    private static int executeAll(Connection connection, SqlSplitter splitter, boolean batch,
                                  StatementObserver observer, BatchRunner batches, String file)
            throws StatementFailureException, IOException {
        if (observer != null) {
            batch = false;
        }
        int count = 0;
        CopyManager copy = null;
        Batch pending = new Batch();
        try (Statement statement = connection.createStatement()) {
            statement.setEscapeProcessing(false);
            for (SqlStatement s = splitter.next(); s != null; s = splitter.next()) {
                count++;
                if (batches != null) {
                    if (batches.skips(s)) {
                        continue;
                    }
                    Optional<BatchDirective> directive = BatchDirective.find(splitter.leadingComments(), s, file);
                    if (directive.isPresent()) {
                        batches.run(s, directive.get());
                        continue;
                    }
                }
                if (batch && !s.copyFromStdin() && !returnsRows(s.sql())) {
                    pending.add(statement, s);
                    continue;
                }
                pending.flush(statement);
                if (s.copyFromStdin()) {
                    if (copy == null) {
                        copy = connection.unwrap(PGConnection.class).getCopyAPI();
                    }
                    copyIn(copy, s, splitter);
                    if (observer != null) {
                        observeAfterCopy(statement, s, observer, connection);
                    }
                } else if (observer != null) {
                    executeObserved(statement, s, observer, connection);
                } else {
                    execute(statement, s);
                }
            }
            pending.flush(statement);
        } catch (SQLException e) {
            throw new StatementFailureException(0, e);
        }
        return count;
    }

    /** Statements whose results a JDBC batch refuses; they run on their own. */
    static boolean returnsRows(String sql) {
        int end = 0;
        while (end < sql.length() && Character.isLetter(sql.charAt(end))) {
            end++;
        }
        String keyword = sql.substring(0, end).toLowerCase(Locale.ROOT);
        if (ROW_RETURNING.contains(keyword)) {
            return true;
        }
        boolean dml = keyword.equals("insert") || keyword.equals("update") || keyword.equals("delete")
                || keyword.equals("merge");
        return dml && RETURNING.matcher(sql).find();
    }

    private static void execute(Statement statement, SqlStatement s) throws StatementFailureException {
        try {
            statement.execute(s.sql());
        } catch (SQLException e) {
            throw new StatementFailureException(s.line(), e);
        }
    }

    /**
     * The statement and the observer's query in one round trip: the statement first, on its own line (it may end in
     * a {@code --} comment), then the query, whose rows are the last result. When the statement fails, the query
     * does not run.
     */
    private static void executeObserved(Statement statement, SqlStatement s, StatementObserver observer,
                                        Connection connection) throws StatementFailureException {
        String query = observer.query();
        try {
            if (query == null) {
                statement.execute(s.sql());
                observer.afterStatement(connection, s, null);
                return;
            }
            try (ResultSet rows = lastResult(statement, s.sql() + "\n;\n" + query)) {
                observer.afterStatement(connection, s, rows);
            }
        } catch (SQLException e) {
            throw new StatementFailureException(s.line(), e);
        }
    }

    private static void observeAfterCopy(Statement statement, SqlStatement s, StatementObserver observer,
                                         Connection connection) throws StatementFailureException {
        String query = observer.query();
        try (ResultSet rows = query == null ? null : lastResult(statement, query)) {
            observer.afterStatement(connection, s, rows);
        } catch (SQLException e) {
            throw new StatementFailureException(s.line(), e);
        }
    }

    /** The rows of the last statement of {@code sql} that returns rows (the observer's query comes last). */
    private static ResultSet lastResult(Statement statement, String sql) throws SQLException {
        boolean isRows = statement.execute(sql);
        ResultSet last = null;
        do {
            if (isRows) {
                last = statement.getResultSet();
            }
            isRows = statement.getMoreResults(Statement.KEEP_CURRENT_RESULT);
        } while (isRows || statement.getUpdateCount() != -1);
        return last;
    }

    private static void copyIn(CopyManager copy, SqlStatement s, SqlSplitter splitter)
            throws StatementFailureException, IOException {
        try {
            copy.copyIn(s.sql(), splitter.copyData());
        } catch (SQLException e) {
            throw new StatementFailureException(s.line(), e);
        }
    }

    /** Statements added to the JDBC batch and not yet sent. */
    private static final class Batch {
        private int size;
        private int chars;
        private int firstLine;
        private int lastLine;
        private SqlStatement only;

        void add(Statement statement, SqlStatement s) throws StatementFailureException {
            try {
                statement.addBatch(s.sql());
            } catch (SQLException e) {
                throw new StatementFailureException(s.line(), e);
            }
            if (size == 0) {
                firstLine = s.line();
                only = s;
            }
            size++;
            chars += s.sql().length();
            lastLine = s.line();
            if (size >= MAX_BATCH_STATEMENTS || chars >= MAX_BATCH_CHARS) {
                flush(statement);
            }
        }

        void flush(Statement statement) throws StatementFailureException {
            if (size == 0) {
                return;
            }
            try {
                statement.executeBatch();
            } catch (SQLException e) {
                SQLException cause = e.getNextException() != null ? e.getNextException() : e;
                throw size == 1 ? new StatementFailureException(only.line(), cause)
                        : new StatementFailureException(firstLine, lastLine, cause);
            } finally {
                size = 0;
                chars = 0;
                only = null;
            }
        }
    }
}
