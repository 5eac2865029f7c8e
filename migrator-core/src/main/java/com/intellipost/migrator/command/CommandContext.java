package com.intellipost.migrator.command;

import com.intellipost.migrator.config.Configuration;
import com.intellipost.migrator.config.ConnectionFactory;
import com.intellipost.migrator.graph.RevisionGraph;
import com.intellipost.migrator.history.SchemaHistory;
import com.intellipost.migrator.script.Script;
import com.intellipost.migrator.script.ScriptLoadException;
import com.intellipost.migrator.script.ScriptParser;
import com.intellipost.migrator.script.ScriptScanner;
import com.intellipost.migrator.script.ScriptSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

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
     * Reads every script (in parallel: each is one streaming pass) and builds the graph. Every problem in every
     * file is reported at once, before the database is touched.
     */
    public RevisionGraph loadGraph() {
        List<ScriptSource> sources = new ScriptScanner(classLoader).scan(configuration.locations());
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        List<Script> scripts = sources.parallelStream().map(source -> {
            try {
                return ScriptParser.parse(source);
            } catch (ScriptLoadException e) {
                problems.addAll(e.problems());
                return null;
            }
        }).filter(s -> s != null).toList();
        if (!problems.isEmpty()) {
            List<String> sorted = new ArrayList<>(problems);
            sorted.sort(null);
            throw new ScriptLoadException(sorted);
        }
        return RevisionGraph.of(scripts);
    }
}
