package com.intellipost.migrator.command;

import com.intellipost.migrator.MigratorException;
import com.intellipost.migrator.config.Configuration;
import com.intellipost.migrator.config.ConnectionFactory;
import com.intellipost.migrator.config.DataSourceAddress;
import com.intellipost.migrator.graph.RevisionGraph;
import com.intellipost.migrator.history.AppliedRevision;
import com.intellipost.migrator.history.HistoryFingerprint;
import com.intellipost.migrator.history.SchemaHistory;
import com.intellipost.migrator.script.ScriptLoadException;
import com.intellipost.migrator.script.ScriptParser;
import com.intellipost.migrator.script.ScriptScanner;
import com.intellipost.migrator.script.ScriptSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.sql.DataSource;

/** What every command works with: the configuration, the scripts as they are now, and the database. */
public final class CommandContext {

    private final Configuration configuration;
    private final ClassLoader classLoader;
    private final DataSource dataSource;
    private ConnectionFactory connections;
    private Optional<DataSourceAddress> dataSourceAddress;

    public CommandContext(Configuration configuration, ClassLoader classLoader) {
        this(configuration, classLoader, null);
    }

    /** {@code dataSource} (may be null) lends the connections unless the configuration has a URL. */
    public CommandContext(Configuration configuration, ClassLoader classLoader, DataSource dataSource) {
        this.configuration = configuration;
        this.classLoader = classLoader;
        this.dataSource = dataSource;
    }

    public Configuration configuration() {
        return configuration;
    }

    /** Opens connections; created on first use so that offline commands need no database settings. */
    public synchronized ConnectionFactory connections() {
        if (connections == null) {
            connections = new ConnectionFactory(configuration, dataSource);
        }
        return connections;
    }

    /**
     * Where the lent DataSource connects, read once from one of its connections: the server scratch databases go on
     * when neither {@code intellipost.url} nor {@code intellipost.devUrl} is set. Empty with either, or without a
     * DataSource (so that a command with a devUrl works while the application's database is unreachable).
     */
    public synchronized Optional<DataSourceAddress> dataSourceAddress() {
        if (dataSource == null || configuration.url().isPresent() || configuration.devUrl().isPresent()) {
            return Optional.empty();
        }
        if (dataSourceAddress == null) {
            try (Connection c = connections().open()) {
                dataSourceAddress = DataSourceAddress.of(c);
            } catch (SQLException e) {
                throw new MigratorException("Cannot read where the DataSource connects, for the scratch database's"
                        + " server: " + configuration.redact(e.getMessage()) + "; set intellipost.devUrl"
                        + " (INTELLIPOST_DEV_URL) or intellipost.url", e);
            }
        }
        return dataSourceAddress;
    }

    /** Whether a database is configured: a URL, or a DataSource lent by the application. */
    public boolean hasDatabase() {
        return configuration.url().isPresent() || dataSource != null;
    }

    public SchemaHistory history() {
        return new SchemaHistory(configuration);
    }

    /**
     * Loads the scripts while another thread reads the history, so that the two costs overlap. A load error wins:
     * it is thrown without waiting for the database. Nothing is created (a missing database or table reads as an
     * empty history).
     */
    public Loaded<Map<String, AppliedRevision>> loadWithHistory() {
        return loadWhileReading(SchemaHistory::readIfExists, LinkedHashMap::new);
    }

    /** The same, with {@code checkGraph} run on the loaded graph before the read is waited for. */
    public Loaded<Map<String, AppliedRevision>> loadWithHistory(Consumer<RevisionGraph> checkGraph) {
        return loadWhileReading(SchemaHistory::readIfExists, LinkedHashMap::new, checkGraph);
    }

    /**
     * The same, reading only the history's {@link HistoryFingerprint}: one row, whatever the number of revisions.
     * {@code checkGraph} runs on the loaded graph before the read is waited for: what it refuses (several heads, an
     * unknown target) is reported at once, even when the database is down.
     */
    public Loaded<String> loadWithFingerprint(Consumer<RevisionGraph> checkGraph) {
        return loadWhileReading(SchemaHistory::fingerprintIfExists, () -> HistoryFingerprint.EMPTY, checkGraph);
    }

    private <T> Loaded<T> loadWhileReading(HistoryRead<T> read, Supplier<T> whenNoDatabase) {
        return loadWhileReading(read, whenNoDatabase, graph -> { });
    }

    private <T> Loaded<T> loadWhileReading(HistoryRead<T> read, Supplier<T> whenNoDatabase,
                                           Consumer<RevisionGraph> checkGraph) {
        // A FutureTask, not a CompletableFuture: cancel(true) interrupts it, which ends the connection retries of a
        // read whose result nobody will use.
        FutureTask<T> history = new FutureTask<>(() -> readHistory(read, whenNoDatabase));
        Thread reader = new Thread(history, "intellipost-history-read");
        reader.setDaemon(true); // a CLI must not wait for a read whose result nobody needs any more
        reader.start();
        RevisionGraph graph;
        try {
            graph = loadGraph();
            checkGraph.accept(graph);
        } catch (RuntimeException e) {
            history.cancel(true);
            throw e;
        }
        try {
            return new Loaded<>(graph, history.get());
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new MigratorException(
                    "Cannot read the history: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            history.cancel(true);
            Thread.currentThread().interrupt();
            throw new MigratorException("Interrupted while reading the history", e);
        }
    }

    private <T> T readHistory(HistoryRead<T> read, Supplier<T> whenNoDatabase) {
        SchemaHistory history = history();
        Optional<Connection> connection = connections().openIfExists();
        if (connection.isEmpty()) {
            return whenNoDatabase.get();
        }
        try (Connection c = connection.get()) {
            return read.from(history, c);
        } catch (SQLException e) {
            throw history.failure("read", e);
        }
    }

    /** A read of the history table on an open connection. */
    private interface HistoryRead<T> {
        T from(SchemaHistory history, Connection c) throws SQLException;
    }

    /** The scripts' graph and what was read of the history meanwhile. */
    public record Loaded<T>(RevisionGraph graph, T history) {
    }

    /**
     * Reads every script (in parallel: each is one streaming pass) and builds the graph. Every problem in every
     * file is reported at once, before the database is touched.
     */
    public RevisionGraph loadGraph() {
        return graphOf(new ScriptScanner(classLoader).scan(configuration.locations()));
    }

    /** As {@link #loadGraph()}, for {@code new}: the directory it writes to may not exist yet (it creates it). */
    public RevisionGraph loadGraphBeforeWriting() {
        return graphOf(new ScriptScanner(classLoader).scanBeforeWriting(configuration.locations()));
    }

    private static RevisionGraph graphOf(List<ScriptSource> sources) {
        return RevisionGraph.of(ScriptLoadException.mapAll(sources, ScriptParser::parse));
    }
}
