package com.intellipost.migrator.lint.trace;

import com.intellipost.migrator.config.Configuration;
import com.intellipost.migrator.config.DataSourceAddress;
import com.intellipost.migrator.execute.ConnectionLoss;
import com.intellipost.migrator.execute.ConnectionLostException;
import com.intellipost.migrator.execute.Direction;
import com.intellipost.migrator.execute.MigrationFailedException;
import com.intellipost.migrator.execute.MigrationRunner;
import com.intellipost.migrator.execute.PreparedScript;
import com.intellipost.migrator.history.SchemaHistory;
import com.intellipost.migrator.lint.StatementTrace;
import com.intellipost.migrator.scratch.ScratchDatabase;
import com.intellipost.migrator.scratch.ScratchDatabaseException;
import com.intellipost.migrator.scratch.ScratchDatabases;
import com.intellipost.migrator.script.Script;
import com.intellipost.migrator.script.ScriptParser;
import com.intellipost.migrator.script.SqlSplitter;
import com.intellipost.migrator.script.SqlStatement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the revisions in lint's scope on a scratch database (DESIGN 2.7, 2.12) and asks PostgreSQL what each
 * statement did. The revisions before the first one in scope are applied first, with the normal runner; then each
 * revision up to the last one in scope runs in order: one in scope that runs in a transaction is traced statement by
 * statement inside it ({@link CatalogProbe}) and committed, so later revisions see its effects; one that runs outside
 * a transaction is applied and its statements listed with the locks PostgreSQL documents for them; one out of scope
 * (applied in the configured database on another branch) is just applied. The scratch database is dropped at the
 * end, also on failure; the configured database is never written. A connection lost there (Ctrl-C, a terminated
 * session) is a {@link com.intellipost.migrator.scratch.ScratchConnectionLostException} saying so, not the
 * runner's message for {@code migrate}.
 */
public final class Tracer {

    private static final Logger LOG = LoggerFactory.getLogger(Tracer.class);

    private Tracer() {
    }

    /**
     * Traces the revisions of {@code order} (every revision, in upgrade order) that are in {@code scope}; returns one
     * entry per statement, in order. Nothing in scope: no scratch database, no entry. Throws
     * {@link TraceFailedException} when a revision fails there, and
     * {@link com.intellipost.migrator.scratch.ScratchDatabaseException} when no scratch database can be made.
     */
    public static List<StatementTrace> trace(Configuration target, List<Script> order, Set<String> scope) {
        return trace(target, Optional.empty(), order, scope);
    }

    /** The same for a target whose connections come from a DataSource at {@code dataSource}. */
    public static List<StatementTrace> trace(Configuration target, Optional<DataSourceAddress> dataSource,
                                             List<Script> order, Set<String> scope) {
        return trace(target, dataSource, order, scope, null);
    }

    /** {@code flushes}: whether scan counts are flushed between revisions (null: when the server can, 15+). */
    static List<StatementTrace> trace(Configuration target, List<Script> order, Set<String> scope, Boolean flushes) {
        return trace(target, Optional.empty(), order, scope, flushes);
    }

    private static List<StatementTrace> trace(Configuration target, Optional<DataSourceAddress> dataSource,
                                              List<Script> order, Set<String> scope, Boolean flushes) {
        int first = -1;
        int last = -1;
        for (int i = 0; i < order.size(); i++) {
            if (scope.contains(order.get(i).revision())) {
                first = first < 0 ? i : first;
                last = i;
            }
        }
        if (first < 0) {
            return List.of();
        }
        List<PreparedScript> prepared = PreparedScript.prepareAll(order.subList(0, last + 1), Direction.UP);
        long start = System.nanoTime();
        try (ScratchDatabase scratch = ScratchDatabases.create(target, dataSource, "lint --trace")) {
            try {
                scratch.apply(order.subList(0, first));
            } catch (MigrationFailedException e) {
                throw failed(scratch, e, "a revision before the ones in scope");
            }
            List<StatementTrace> traces = traceInOrder(scratch, prepared.subList(first, last + 1), scope, flushes);
            LOG.info("Traced {} statement(s) of {} revision(s) on scratch database {} in {} ms", traces.size(),
                    scope.size(), scratch.name(), (System.nanoTime() - start) / 1_000_000);
            return traces;
        }
    }

    private static List<StatementTrace> traceInOrder(ScratchDatabase scratch, List<PreparedScript> prepared,
                                                     Set<String> scope, Boolean flushes) {
        Configuration configuration = scratch.configuration();
        List<StatementTrace> traces = new ArrayList<>();
        String doing = "reading its catalogs";
        try (Connection c = scratch.open();
             MigrationRunner runner = MigrationRunner.start(configuration, new SchemaHistory(configuration), c)) {
            CatalogProbe probe = new CatalogProbe(c, flushes != null ? flushes
                    : c.getMetaData().getDatabaseMajorVersion() >= 15);
            String schema = currentSchema(c);
            for (PreparedScript p : prepared) {
                Script script = p.script();
                doing = ScratchDatabase.applying(script);
                try {
                    if (!scope.contains(script.revision())) {
                        runner.run(p);
                        probe.stale();
                    } else if (!p.transactional()) {
                        traces.addAll(untraced(script, schema));
                        runner.run(p);
                        probe.stale();
                    } else {
                        probe.beforeRevision(c, script);
                        runner.run(p, probe);
                        traces.addAll(probe.traces());
                    }
                } catch (MigrationFailedException e) {
                    throw failed(scratch, e, scope.contains(script.revision()) ? "it" : "a revision out of scope");
                }
            }
        } catch (ConnectionLostException e) {
            throw scratch.connectionLost(doing, e);
        } catch (SQLException e) {
            if (ConnectionLoss.is(e)) {
                throw scratch.connectionLost(doing, e);
            }
            throw new ScratchDatabaseException("lint --trace cannot read the catalogs of scratch database "
                    + scratch.name() + ": " + configuration.redact(e.getMessage()), e);
        }
        return traces;
    }

    /** The statements of a revision that runs outside a transaction, with their documented locks. */
    private static List<StatementTrace> untraced(Script script, String schema) {
        List<StatementTrace> traces = new ArrayList<>();
        try (SqlSplitter splitter = ScriptParser.openUp(script)) {
            for (SqlStatement s = splitter.next(); s != null; s = splitter.next()) {
                traces.add(new StatementTrace(script.revision(), script.source().name(), s.line(), s.sql(), false,
                        DocumentedLocks.of(s, schema), List.of(), List.of(), List.of()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(script.source().name() + ": cannot be read: " + e.getMessage(), e);
        }
        return traces;
    }

    private static String currentSchema(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT current_schema()")) {
            rs.next();
            String schema = rs.getString(1);
            return schema == null ? "public" : schema;
        }
    }

    private static TraceFailedException failed(ScratchDatabase scratch, MigrationFailedException e, String what) {
        String where = e.file() + (e.line() > 0 ? ":" + e.line() : "");
        String server = e.getCause() != null ? scratch.configuration().redact(e.getCause().getMessage())
                + e.sqlState().map(state -> " [SQLSTATE " + state + "]").orElse("") : e.getMessage();
        return new TraceFailedException("lint --trace: revision " + e.revision() + " failed on scratch database "
                + scratch.name() + " at " + where + ": " + server + ". migrate would fail there too, unless " + what
                + " needs data or objects that only the configured database has (the scratch database holds the"
                + " revisions before it, with empty tables). The scratch database is dropped; the configured database"
                + " was not written.", e);
    }
}
