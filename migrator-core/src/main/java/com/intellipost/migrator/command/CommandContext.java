package com.intellipost.migrator.command;

import com.intellipost.migrator.config.Configuration;
import com.intellipost.migrator.config.ConnectionFactory;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/** What every command works with: the configuration, the scripts as they are now, and the database. */
public final class CommandContext {

    private final Configuration configuration;
    private final ClassLoader classLoader;
    private ConnectionFactory connections;

    public CommandContext(Configuration configuration, ClassLoader classLoader) {
        this.configuration = configuration;
        this.classLoader = classLoader;
    }

    public Configuration configuration() {
        return configuration;
    }

    /** Opens connections; created on first use so that offline commands need no database settings. */
    public synchronized ConnectionFactory connections() {
        if (connections == null) {
            connections = new ConnectionFactory(configuration);
        }
        return connections;
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

    /** The same, reading only the history's {@link HistoryFingerprint}: one row, whatever the number of revisions. */
    public Loaded<String> loadWithFingerprint() {
        return loadWhileReading(SchemaHistory::fingerprintIfExists, () -> HistoryFingerprint.EMPTY);
    }

    private <T> Loaded<T> loadWhileReading(HistoryRead<T> read, Supplier<T> whenNoDatabase) {
        CompletableFuture<T> history = CompletableFuture.supplyAsync(() -> readHistory(read, whenNoDatabase),
                CommandContext::daemonThread);
        RevisionGraph graph;
        try {
            graph = loadGraph();
        } catch (RuntimeException e) {
            history.cancel(true);
            throw e;
        }
        try {
            return new Loaded<>(graph, history.join());
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
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

    private static void daemonThread(Runnable task) {
        Thread thread = new Thread(task, "intellipost-history-read");
        thread.setDaemon(true); // a CLI must not wait for a read whose result nobody needs any more
        thread.start();
    }

    /** The scripts' graph and what was read of the history meanwhile. */
    public record Loaded<T>(RevisionGraph graph, T history) {
    }

    /**
     * Reads every script (in parallel: each is one streaming pass) and builds the graph. Every problem in every
     * file is reported at once, before the database is touched.
     */
    public RevisionGraph loadGraph() {
        List<ScriptSource> sources = new ScriptScanner(classLoader).scan(configuration.locations());
        return RevisionGraph.of(ScriptLoadException.mapAll(sources, ScriptParser::parse));
    }
}
