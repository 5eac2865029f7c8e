package com.intellipost.migrator.command;

import com.intellipost.migrator.MigratorException;
import com.intellipost.migrator.config.Configuration;
import com.intellipost.migrator.config.DataSourceAddress;
import com.intellipost.migrator.execute.ConnectionLoss;
import com.intellipost.migrator.execute.ConnectionLostException;
import com.intellipost.migrator.execute.Direction;
import com.intellipost.migrator.execute.MigrationRunner;
import com.intellipost.migrator.execute.PreparedScript;
import com.intellipost.migrator.history.SchemaHistory;
import com.intellipost.migrator.schema.SchemaSnapshot;
import com.intellipost.migrator.schema.SnapshotReader;
import com.intellipost.migrator.schema.SnapshotScope;
import com.intellipost.migrator.scratch.ScratchDatabase;
import com.intellipost.migrator.scratch.ScratchDatabaseException;
import com.intellipost.migrator.scratch.ScratchDatabases;
import com.intellipost.migrator.script.Script;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scratch database {@code test-rollback} walks: one connection the revisions run on (the normal runner, as
 * {@code migrate} and {@code downgrade} run them) and one the snapshots are read on. After a failure,
 * {@link #rebuild} replaces it with a new scratch database holding what the revisions so far build, which is
 * cheaper than copying the database before every down when most downs are right. A connection lost there (Ctrl-C,
 * a terminated session) is a {@link com.intellipost.migrator.scratch.ScratchConnectionLostException} saying the
 * test was interrupted and the configured database was not written.
 */
final class Stairway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Stairway.class);
    private static final String COMMAND = "test-rollback";

    private final Configuration target;
    /** The DataSource's address, for a target without url and devUrl (see {@link ScratchDatabases#create}). */
    private final Optional<DataSourceAddress> dataSource;
    private ScratchDatabase scratch;
    private Connection work;
    private MigrationRunner runner;
    private Connection snapshots;
    private SnapshotReader reader;
    /** Replaced scratch databases being dropped meanwhile (a DROP DATABASE can take a second); joined at close. */
    private final List<CompletableFuture<Void>> dropping = new ArrayList<>();

    private Stairway(Configuration target, Optional<DataSourceAddress> dataSource) {
        this.target = target;
        this.dataSource = dataSource;
    }

    /** A new, empty scratch database with the history tables, ready for the first revision. */
    static Stairway start(Configuration target, Optional<DataSourceAddress> dataSource) {
        Stairway stairway = new Stairway(target, dataSource);
        try {
            stairway.scratch = ScratchDatabases.create(target, dataSource, COMMAND);
            stairway.fill(List.of());
            if (!stairway.reader.readsChangesOnly()) {
                LOG.info("Reading the whole schema after every step, which grows with the schema: only a superuser"
                        + " may create the event triggers that let a snapshot read just what a step changed");
            }
        } catch (RuntimeException e) {
            stairway.close();
            throw e;
        }
        return stairway;
    }

    /** Runs one section with the normal runner; a failure is its {@code MigrationFailedException}. */
    void run(PreparedScript section) {
        try {
            runner.run(section);
        } catch (ConnectionLostException e) {
            Script script = section.script();
            throw scratch.connectionLost(section.direction() == Direction.UP ? ScratchDatabase.applying(script)
                    : "reverting " + script.revision() + " (" + script.source().name() + ")", e);
        }
    }

    /** The scratch database's schema now. */
    SchemaSnapshot snapshot() {
        try {
            return reader.read();
        } catch (SQLException e) {
            if (ConnectionLoss.is(e)) {
                throw scratch.connectionLost("reading its schema", e);
            }
            throw new ScratchDatabaseException("Cannot read the schema of scratch database " + scratch.name() + ": "
                    + target.redact(e.getMessage()), e);
        }
    }

    /**
     * Replaces the scratch database with a new one holding what {@code applied}'s up sections build. The old one is
     * dropped meanwhile, once the new one exists (while its keeper session lives, no other run takes it for a
     * leftover).
     */
    void rebuild(List<Script> applied) {
        LOG.debug("Rebuilding the scratch database with {} revision(s)", applied.size());
        closeConnections();
        ScratchDatabase old = scratch;
        dropping.forEach(CompletableFuture::join); // an earlier one, still being dropped, is not a leftover to drop
        scratch = ScratchDatabases.create(target, dataSource, COMMAND);
        dropping.add(CompletableFuture.runAsync(old::close));
        fill(applied);
    }

    private void fill(List<Script> applied) {
        scratch.apply(applied);
        Configuration configuration = scratch.configuration();
        try {
            work = scratch.open();
            new SchemaHistory(configuration).createIfMissing(work);
            runner = MigrationRunner.start(configuration, new SchemaHistory(configuration), work);
            snapshots = scratch.open();
            reader = SnapshotReader.incremental(snapshots, SnapshotScope.everySchema(configuration.schema()));
        } catch (SQLException e) {
            if (ConnectionLoss.is(e)) {
                throw scratch.connectionLost("preparing it", e);
            }
            throw new ScratchDatabaseException("Cannot prepare scratch database " + scratch.name() + ": "
                    + configuration.redact(e.getMessage()), e);
        }
    }

    @Override
    public void close() {
        closeConnections();
        if (scratch != null) {
            scratch.close();
            scratch = null;
        }
        dropping.forEach(CompletableFuture::join);
    }

    private void closeConnections() {
        if (runner != null) {
            try {
                runner.close();
            } catch (MigratorException e) {
                LOG.debug("Ending the run on the scratch database: {}", e.getMessage()); // the database goes anyway
            }
            runner = null;
        }
        for (AutoCloseable c : new AutoCloseable[] {reader, snapshots, work}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.debug("Closing a scratch connection: {}", e.getMessage());
                }
            }
        }
        reader = null;
        snapshots = null;
        work = null;
    }
}
