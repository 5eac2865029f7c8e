package com.intellipost.migrator.command;

import com.intellipost.migrator.MigratorException;
import com.intellipost.migrator.config.ConfigurationException;
import com.intellipost.migrator.config.LintOptions;
import com.intellipost.migrator.config.PlanOptions;
import com.intellipost.migrator.config.TransactionMode;
import com.intellipost.migrator.execute.Direction;
import com.intellipost.migrator.execute.PreparedScript;
import com.intellipost.migrator.graph.RevisionGraph;
import com.intellipost.migrator.history.AppliedRevision;
import com.intellipost.migrator.history.HistoryFingerprint;
import com.intellipost.migrator.lint.Finding;
import com.intellipost.migrator.lint.Linter;
import com.intellipost.migrator.plan.Plan;
import com.intellipost.migrator.script.Script;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the plan of a {@code migrate} or, with {@code downgrade=<target>}, a {@code downgrade} (DESIGN 2.13): the
 * same revisions the command would run, found the way it finds them and refused for the reasons it refuses, with
 * the same exceptions and messages, before anything is written. It reads the history without the lock and changes
 * nothing; with {@code from=<revision>|base} it reads no database at all.
 */
public final class PlanCommand {

    private static final Logger LOG = LoggerFactory.getLogger(PlanCommand.class);
    private static final String BASE = "base";

    private final CommandContext context;

    public PlanCommand(CommandContext context) {
        this.context = context;
    }

    /** {@code target}: as for {@code migrate} (null is {@code head}); must be null for a downgrade plan. */
    public Plan run(String target) {
        PlanOptions options = context.configuration().plan();
        if (options.downgrade().isPresent()) {
            if (target != null && !target.isBlank()) {
                throw new ConfigurationException("plan was given an upgrade target (" + target.trim() + ") and"
                        + " downgrade=" + options.downgrade().get() + ": give one of them (plan <target> for a migrate"
                        + " plan, --downgrade=<target> or -Dintellipost.downgrade=<target> for a downgrade plan)");
            }
            return logged(downgrade(options.downgrade().get(), options.from()));
        }
        return logged(upgrade(target, options.from()));
    }

    private static Plan logged(Plan plan) {
        LOG.info("Plan: {} revision(s) to {} to {}, from {}", plan.revisions().size(),
                plan.direction() == Direction.UP ? "apply" : "revert", plan.target(), plan.from());
        return plan;
    }

    private Plan upgrade(String target, Optional<String> from) {
        Known known = from.isPresent()
                ? offline(from.get(), g -> Targets.targetRevisions(g, target, "migrate"))
                : online(g -> Targets.targetRevisions(g, target, "migrate"));
        RevisionGraph graph = known.graph();
        List<Script> pending = MigrateCommand.pending(graph, Targets.required(graph, target, "migrate"), known.applied());
        List<PreparedScript> prepared = PreparedScript.prepareAll(pending, Direction.UP);
        if (context.configuration().transactionMode() == TransactionMode.ALL) {
            AllInOneTransaction.requireTransactional(prepared);
        }
        String named = target == null || target.isBlank() ? Targets.HEAD : target.trim();
        String resolved = Targets.targetRevisions(graph, target, "migrate").stream().map(Script::revision)
                .collect(Collectors.joining(", "));
        Lint lint = pending.isEmpty() ? new Lint(Map.of(), Optional.empty()) : lint(graph, pending, from.isEmpty());
        return new Plan(context.configuration(), Direction.UP, named.equals(resolved) ? named : named + " (" + resolved
                + ")", known.from(), known.fingerprint(), prepared, lint.findings(), lint.note(), Instant.now());
    }

    private Plan downgrade(String target, Optional<String> from) {
        DowngradeCommand.requireTarget(target);
        String t = target.trim();
        Known known = from.isPresent()
                ? offline(from.get(), g -> DowngradeCommand.requireKnownTarget(g, t))
                : online(g -> DowngradeCommand.requireKnownTarget(g, t));
        List<Script> toRevert = DowngradeCommand.toRevert(known.graph(), known.applied().keySet(), t);
        DowngradeCommand.requireDownSections(target, toRevert);
        List<PreparedScript> prepared = PreparedScript.prepareAll(toRevert, Direction.DOWN);
        return new Plan(context.configuration(), Direction.DOWN, t, known.from(), known.fingerprint(), prepared,
                Map.of(), Optional.empty(), Instant.now());
    }

    /** The graph and the configured database's history, refused as the commands refuse it after taking the lock. */
    private Known online(Consumer<RevisionGraph> checkGraph) {
        if (!context.hasDatabase()) {
            throw new ConfigurationException("plan starts from the history of the configured database, and none is"
                    + " configured: set intellipost.url (or INTELLIPOST_DATABASE_URL, or lend a DataSource), or plan"
                    + " without a database from a known state with from=base (an empty database) or from=<revision>"
                    + " (--from=... on the command line, -Dintellipost.from=... for Maven)");
        }
        CommandContext.Loaded<Map<String, AppliedRevision>> loaded = context.loadWithHistory(checkGraph);
        List<String> problems = RevisionStates.problems(RevisionStates.of(loaded.graph(), loaded.history()));
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        Map<String, AppliedRevision> applied = loaded.history();
        List<String> current = loaded.graph().currentRevisions(applied.keySet());
        String from = "the history of " + context.connections().where() + " (schema "
                + context.configuration().schema() + "): " + (applied.isEmpty() ? "empty (base)"
                : applied.size() + " revision(s) applied, at " + String.join(", ", current));
        return new Known(loaded.graph(), applied, from);
    }

    /** The graph and the history {@code from} names: that revision and its ancestors applied, or none. */
    private Known offline(String from, Consumer<RevisionGraph> checkGraph) {
        RevisionGraph graph = context.loadGraph();
        checkGraph.accept(graph);
        Map<String, AppliedRevision> applied = new LinkedHashMap<>();
        String f = from.trim();
        if (!f.equals(BASE)) {
            Script at = graph.find(f).orElseThrow(() -> new UnknownRevisionException("from=" + f + " is not a"
                    + " revision of any script; use base (an empty database) or a revision id shown by info"));
            for (Script s : graph.inOrder(graph.ancestorsOf(at.revision()))) {
                applied.put(s.revision(), new AppliedRevision(s.revision(), s.downRevisions(), s.message(),
                        s.source().name(), s.checksum(), true, "plan", Instant.EPOCH, 0, true, Optional.empty()));
            }
        }
        String description = f.equals(BASE) ? "base (from=base; no database was read): an empty history"
                : f + " (from=" + f + "; no database was read): it and its ancestors applied, " + applied.size()
                + " revision(s)";
        return new Known(graph, applied, description);
    }

    /** The static lint findings of the revisions to apply, as {@code lint} reports them; a note when it cannot run. */
    private Lint lint(RevisionGraph graph, List<Script> pending, boolean online) {
        LintOptions options = context.configuration().lint();
        try {
            Set<String> leftOut = LintCommand.leftOutByBaseline(options, graph);
            Set<String> scope = pending.stream().map(Script::revision).filter(r -> !leftOut.contains(r))
                    .collect(Collectors.toSet());
            int version = (online ? LintCommand.serverVersion(context) : Optional.<Integer>empty())
                    .orElse(options.postgresVersion());
            Map<String, List<Finding>> byRevision = new HashMap<>();
            for (Finding f : new Linter(version, options.disabled()).lint(graph.order(), scope)) {
                byRevision.computeIfAbsent(f.revision(), r -> new ArrayList<>()).add(f);
            }
            return new Lint(byRevision, Optional.empty());
        } catch (MigratorException e) { // what stops lint (an unknown rule id) does not stop migrate
            return new Lint(Map.of(), Optional.of("did not run: " + e.getMessage()));
        }
    }

    /** What the plan starts from. */
    private record Known(RevisionGraph graph, Map<String, AppliedRevision> applied, String from) {

        /** The fingerprint of that history: every row is successful and matches its script, or it was refused. */
        String fingerprint() {
            Map<String, String> checksums = new HashMap<>();
            applied.values().forEach(r -> checksums.put(r.revision(), r.checksum()));
            return HistoryFingerprint.of(checksums);
        }
    }

    private record Lint(Map<String, List<Finding>> findings, Optional<String> note) {
    }
}
