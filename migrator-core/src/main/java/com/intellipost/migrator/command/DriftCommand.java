package com.intellipost.migrator.command;

import com.intellipost.migrator.MigratorException;
import com.intellipost.migrator.config.Configuration;
import com.intellipost.migrator.config.DataSourceAddress;
import com.intellipost.migrator.config.DatabaseUrl;
import com.intellipost.migrator.execute.ConnectionLoss;
import com.intellipost.migrator.graph.RevisionGraph;
import com.intellipost.migrator.history.AppliedRevision;
import com.intellipost.migrator.schema.SchemaDiff;
import com.intellipost.migrator.schema.SchemaSnapshot;
import com.intellipost.migrator.schema.SnapshotReader;
import com.intellipost.migrator.schema.SnapshotScope;
import com.intellipost.migrator.scratch.ScratchDatabase;
import com.intellipost.migrator.scratch.ScratchDatabases;
import com.intellipost.migrator.script.Script;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Did anyone change the database by hand? Builds the revisions the configured database's history lists on a
 * scratch database and compares the two schemas (DESIGN 2.12). The configured database is only read, in a
 * read-only transaction; the schemas compared are those the revisions build (see {@link SnapshotScope#managedBy}).
 */
public final class DriftCommand {

    private static final Logger LOG = LoggerFactory.getLogger(DriftCommand.class);

    private final CommandContext context;

    public DriftCommand(CommandContext context) {
        this.context = context;
    }

    public DriftResult run() {
        long start = System.nanoTime();
        Configuration configuration = context.configuration();
        CommandContext.Loaded<Map<String, AppliedRevision>> loaded = context.loadWithHistory();
        RevisionGraph graph = loaded.graph();
        List<String> problems = RevisionStates.problems(RevisionStates.of(graph, loaded.history()));
        if (!problems.isEmpty()) {
            throw new ValidationException(problems); // a failed, edited or missing revision cannot be built as applied
        }
        List<Script> applied = graph.inOrder(loaded.history().keySet());
        Optional<DataSourceAddress> dataSource = context.dataSourceAddress();
        String database = configuration.url().or(() -> dataSource.map(DataSourceAddress::url))
                .map(DatabaseUrl::display).orElseGet(() -> context.connections().where());
        try (Connection live = context.connections().openIfExists().orElseThrow(() -> new MigratorException(
                "Database " + database + " does not exist: there is no schema to compare. Check intellipost.url,"
                        + " or run migrate first"));
             ScratchDatabase scratch = ScratchDatabases.create(configuration, dataSource, "drift")) {
            scratch.apply(applied);
            SchemaSnapshot built;
            SnapshotScope scope;
            try (Connection c = scratch.open()) {
                scope = SnapshotScope.managedBy(c, configuration.schema());
                built = read(c, scope);
            } catch (SQLException e) {
                if (ConnectionLoss.is(e)) {
                    throw scratch.connectionLost("reading its schema", e);
                }
                throw e;
            }
            live.setReadOnly(true);
            live.setAutoCommit(false); // BEGIN READ ONLY: nothing of this command can write here
            SchemaSnapshot actual = read(live, scope);
            live.rollback();
            SchemaDiff diff = SchemaDiff.between(built, actual);
            long ms = (System.nanoTime() - start) / 1_000_000;
            LOG.debug("Compared {} with {} applied revision(s) built on a scratch database: {}", database,
                    applied.size(), diff.isEmpty() ? "no drift" : diff.summary());
            return new DriftResult(database, applied.stream().map(Script::revision).toList(),
                    scope.schemas().orElseThrow(), diff, ms);
        } catch (SQLException e) {
            throw new MigratorException("Cannot compare " + database + " with its revisions: "
                    + configuration.redact(e.getMessage()), e);
        }
    }

    private static SchemaSnapshot read(Connection c, SnapshotScope scope) throws SQLException {
        try (SnapshotReader reader = SnapshotReader.of(c, scope)) {
            return reader.read();
        }
    }
}
