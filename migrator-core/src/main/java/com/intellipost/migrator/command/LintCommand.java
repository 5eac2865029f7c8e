package com.intellipost.migrator.command;

import com.intellipost.migrator.config.LintOptions;
import com.intellipost.migrator.graph.RevisionGraph;
import com.intellipost.migrator.history.AppliedRevision;
import com.intellipost.migrator.lint.LintResult;
import com.intellipost.migrator.lint.Linter;
import com.intellipost.migrator.script.Script;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs the static lint rules (DESIGN 2.7, 2.11) over the revisions in scope: those the configured database has not
 * applied, or every revision when no database is configured, less {@code lintBaseline} and its ancestors. Reads the
 * database only (history and server version); changes nothing and takes no lock.
 */
public final class LintCommand {

    private final CommandContext context;

    public LintCommand(CommandContext context) {
        this.context = context;
    }

    public LintResult run() {
        CommandContext.Loaded<Map<String, AppliedRevision>> loaded = load(context);
        return lint(context, loaded.graph(), loaded.history());
    }

    /** The graph, and the history when a database is configured (else none: every revision is in scope). */
    static CommandContext.Loaded<Map<String, AppliedRevision>> load(CommandContext context) {
        return context.hasDatabase() ? context.loadWithHistory()
                : new CommandContext.Loaded<>(context.loadGraph(), Map.of());
    }

    /** Lints the revisions of {@code graph} that {@code applied} does not hold successfully, less the baseline. */
    static LintResult lint(CommandContext context, RevisionGraph graph, Map<String, AppliedRevision> applied) {
        LintOptions options = context.configuration().lint();
        Set<String> leftOut = leftOutByBaseline(options, graph);
        applied.values().stream().filter(AppliedRevision::success).forEach(r -> leftOut.add(r.revision()));
        List<String> scope = graph.order().stream().map(Script::revision).filter(r -> !leftOut.contains(r)).toList();
        int version = serverVersion(context).orElse(options.postgresVersion());
        Linter linter = new Linter(version, options.disabled());
        return new LintResult(linter.lint(graph.order(), Set.copyOf(scope)), scope, version, options.failOn());
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
