package com.intellipost.migrator.command;

import com.intellipost.migrator.config.LintOptions;
import com.intellipost.migrator.graph.RevisionGraph;
import com.intellipost.migrator.history.AppliedRevision;
import com.intellipost.migrator.lint.Findings;
import com.intellipost.migrator.lint.LintResult;
import com.intellipost.migrator.lint.Linter;
import com.intellipost.migrator.lint.StatementTrace;
import com.intellipost.migrator.lint.TracedRules;
import com.intellipost.migrator.lint.trace.Tracer;
import com.intellipost.migrator.script.Script;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs the static lint rules (DESIGN 2.7, 2.11) over the revisions in scope: those the configured database has not
 * applied, or every revision when no database is configured, less {@code lintBaseline} and its ancestors. Reads the
 * database only (history and server version); changes nothing and takes no lock. With {@code trace=true} the
 * revisions in scope also run on a scratch database, where PostgreSQL reports what each statement did, and the
 * traced rules judge that ({@link Tracer}, {@link TracedRules}).
 */
public final class LintCommand {

    private final CommandContext context;

    public LintCommand(CommandContext context) {
        this.context = context;
    }

    public LintResult run() {
        CommandContext.Loaded<Map<String, AppliedRevision>> loaded = load(context, graph -> { });
        return lint(context, loaded.graph(), loaded.history(), context.configuration().lint().trace());
    }

    /**
     * The graph, and the history when a database is configured (else none: every revision is in scope). What
     * {@code checkGraph} refuses, then what lint refuses whatever the history says ({@code lintDisabled} or
     * {@code lintBaseline} naming nothing, a suppression naming an unknown rule), is refused before the history read
     * is waited for: at once, even when the database is down (DESIGN 2.4).
     */
    static CommandContext.Loaded<Map<String, AppliedRevision>> load(CommandContext context,
                                                                    Consumer<RevisionGraph> checkGraph) {
        if (!context.hasDatabase()) {
            RevisionGraph graph = context.loadGraph();
            checkGraph.accept(graph);
            leftOutByBaseline(context.configuration().lint(), graph);
            return new CommandContext.Loaded<>(graph, Map.of()); // lint itself checks the suppressions of every revision
        }
        return context.loadWithHistory(graph -> {
            checkGraph.accept(graph);
            LintOptions options = context.configuration().lint();
            new Linter(options.postgresVersion(), options.disabled()); // refuses an unknown lintDisabled id
            Set<String> leftOut = leftOutByBaseline(options, graph);
            // Every revision the baseline leaves in, applied or not: which are applied is not known yet. An unknown
            // id in an applied revision is refused too; it turned nothing off when it ran either.
            Linter.refuseUnknownSuppressions(graph.order().stream().filter(s -> !leftOut.contains(s.revision()))
                    .toList());
        });
    }

    /** Lints the revisions of {@code graph} that {@code applied} does not hold successfully, less the baseline. */
    static LintResult lint(CommandContext context, RevisionGraph graph, Map<String, AppliedRevision> applied) {
        return lint(context, graph, applied, false);
    }

    private static LintResult lint(CommandContext context, RevisionGraph graph, Map<String, AppliedRevision> applied,
                                   boolean trace) {
        LintOptions options = context.configuration().lint();
        List<String> scope = scope(options, graph, applied);
        int version = serverVersion(context).orElse(options.postgresVersion());
        Linter linter = new Linter(version, options.disabled());
        if (!trace) {
            return new LintResult(linter.lint(graph.order(), Set.copyOf(scope)), scope, version, options.failOn());
        }
        // the static rules first: a suppression naming an unknown rule stops lint before a database is created
        List<Findings> revisions = linter.lintRevisions(graph.order(), Set.copyOf(scope));
        List<StatementTrace> statements = Tracer.trace(context.configuration(),
                scope.isEmpty() ? Optional.empty() : context.dataSourceAddress(), graph.order(), Set.copyOf(scope));
        return new LintResult(TracedRules.apply(revisions, statements), scope, version, options.failOn(),
                Optional.of(statements));
    }

    /** The revisions {@code applied} does not hold successfully, less the baseline and its ancestors, in order. */
    private static List<String> scope(LintOptions options, RevisionGraph graph, Map<String, AppliedRevision> applied) {
        Set<String> leftOut = leftOutByBaseline(options, graph);
        applied.values().stream().filter(AppliedRevision::success).forEach(r -> leftOut.add(r.revision()));
        return graph.order().stream().map(Script::revision).filter(r -> !leftOut.contains(r)).toList();
    }

    /** {@code lintBaseline} and its ancestors (none without a baseline); refuses a baseline that names no script. */
    static Set<String> leftOutByBaseline(LintOptions options, RevisionGraph graph) {
        Set<String> leftOut = new HashSet<>();
        options.baseline().ifPresent(baseline -> {
            Script base = graph.find(baseline).orElseThrow(() -> new UnknownRevisionException("intellipost.lintBaseline="
                    + baseline + " is not a revision of any script; name the revision whose ancestors (and itself)"
                    + " lint should leave out, as info shows it"));
            leftOut.addAll(graph.ancestorsOf(base.revision()));
        });
        return leftOut;
    }

    /** The connected server's major version, so that version-dependent verdicts are right for it. */
    static Optional<Integer> serverVersion(CommandContext context) {
        if (!context.hasDatabase()) {
            return Optional.empty();
        }
        Optional<Connection> connection = context.connections().openIfExists();
        if (connection.isEmpty()) {
            return Optional.empty();
        }
        try (Connection c = connection.get()) {
            return Optional.of(c.getMetaData().getDatabaseMajorVersion());
        } catch (SQLException e) {
            throw context.history().failure("read the server version beside", e);
        }
    }
}
