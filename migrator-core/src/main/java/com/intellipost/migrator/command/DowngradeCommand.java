package com.intellipost.migrator.command;

import com.intellipost.migrator.MigratorException;
import com.intellipost.migrator.execute.Backup;
import com.intellipost.migrator.execute.Direction;
import com.intellipost.migrator.execute.MigrationRunner;
import com.intellipost.migrator.execute.PreparedScript;
import com.intellipost.migrator.graph.RevisionGraph;
import com.intellipost.migrator.history.AppliedRevision;
import com.intellipost.migrator.history.ResumePoint;
import com.intellipost.migrator.script.Script;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs down sections, newest first: {@code -N} reverts the N latest applied revisions (in upgrade order),
 * {@code <revision>} reverts everything applied that builds on that revision (Alembic's meaning, so another
 * branch stays), {@code base} reverts everything.
 */
public final class DowngradeCommand {

    private static final Logger LOG = LoggerFactory.getLogger(DowngradeCommand.class);
    private static final Pattern RELATIVE = Pattern.compile("-(\\d+)");
    private static final String BASE = "base";

    private final CommandContext context;

    public DowngradeCommand(CommandContext context) {
        this.context = context;
    }

    public DowngradeResult run(String target) {
        requireTarget(target);
        long start = System.nanoTime();
        RevisionGraph graph = context.loadGraph();
        requireKnownTarget(graph, target.trim()); // refused before the database is touched
        try (LockedSession session = LockedSession.open(context)) {
            // a downgrade killed between its batches (or after its last statement) resumes: its revision is applied
            Map<String, ResumePoint> resumable = InterruptedRevisions.resumable(session.applied(), graph, "downgrade");
            Map<String, AppliedRevision> rows = InterruptedRevisions.asApplied(session.applied(), resumable.keySet());
            InterruptedRevisions.refuseIfAny(rows, graph, session.connection());
            List<String> problems = RevisionStates.problems(RevisionStates.of(graph, rows));
            if (!problems.isEmpty()) {
                throw new ValidationException(problems);
            }
            Set<String> applied = new HashSet<>(rows.keySet());
            List<Script> toRevert = toRevert(graph, applied, target.trim());
            requireDownSections(target, toRevert);
            InterruptedRevisions.requireResumedIncluded("downgrade", target, resumable, toRevert,
                    "Run a downgrade whose target reverts it (-1 reverts the newest applied revision)");
            List<PreparedScript> prepared = PreparedScript.prepareAll(toRevert, Direction.DOWN);
            List<String> reverted = new ArrayList<>();
            Optional<Backup.Taken> backup = prepared.isEmpty() ? Optional.empty()
                    : Backup.beforeRun(context.configuration(), session.connection(), "downgrade",
                            graph.currentRevisions(applied));
            try (MigrationRunner runner = session.startRun()) {
                backup.ifPresent(runner::backedUpBy);
                runner.resumingBatches(resumable);
                for (PreparedScript p : prepared) {
                    Script s = p.script();
                    long ms = runner.run(p);
                    applied.remove(s.revision());
                    reverted.add(s.revision());
                    LOG.info("Reverted {}{} ({}) in {} ms{}", s.revision(),
                            s.message().isEmpty() ? "" : " " + s.message(), s.source().name(), ms,
                            p.transactional() ? "" : " outside a transaction");
                }
            }
            List<String> current = graph.currentRevisions(applied);
            LOG.info("Reverted {} revision(s); now at {}", reverted.size(), current.isEmpty() ? "base" : current);
            return new DowngradeResult(reverted, current, (System.nanoTime() - start) / 1_000_000);
        } catch (SQLException e) {
            throw context.history().failure("downgrade with", e);
        }
    }

    /** Refuses, before anything runs, when a revision to revert has no down section. */
    static void requireDownSections(String target, List<Script> toRevert) {
        List<String> noDown = toRevert.stream().filter(s -> !s.hasDown())
                .map(s -> s.revision() + " (" + s.source().name() + ")").toList();
        if (!noDown.isEmpty()) {
            throw new MigratorException("Cannot downgrade to " + target + ": " + String.join(", ", noDown)
                    + " has no '-- migrate:down' section, so it cannot be reverted. Nothing was changed. Add a"
                    + " down section (editing it does not change the checksum), or downgrade to a later target.");
        }
    }

    /** Refuses a missing target. */
    static void requireTarget(String target) {
        if (target == null || target.isBlank()) {
            throw new UnknownRevisionException("downgrade needs a target: -1 (or -N) for the latest revision(s),"
                    + " a revision id to go back to, or base to revert everything (downgrade -1 on the command line,"
                    + " -Dintellipost.target=-1 with Maven)");
        }
    }

    /** Refuses a revision id that names no script ({@code -N} and {@code base} are checked against the history). */
    static void requireKnownTarget(RevisionGraph graph, String target) {
        if (!isRelativeOrBase(target)) {
            targetScript(graph, target);
        }
    }

    private static boolean isRelativeOrBase(String target) {
        return target.equals(BASE) || RELATIVE.matcher(target).matches();
    }

    private static Script targetScript(RevisionGraph graph, String target) {
        return graph.find(target).orElseThrow(() -> new UnknownRevisionException("Downgrade target " + target
                + " is not a revision of any script; use -N, base or a revision id shown by info"));
    }

    /** The applied revisions to revert, newest (latest in upgrade order) first. */
    static List<Script> toRevert(RevisionGraph graph, Set<String> applied, String target) {
        List<Script> newestFirst = graph.inOrder(applied).stream()
                .sorted(Comparator.comparingInt((Script s) -> graph.positionOf(s.revision())).reversed()).toList();
        Matcher relative = RELATIVE.matcher(target);
        if (relative.matches()) {
            int n = Integer.parseInt(relative.group(1));
            if (n > newestFirst.size()) {
                throw new UnknownRevisionException("Cannot downgrade " + target + ": only " + newestFirst.size()
                        + " revision(s) are applied; use base to revert them all");
            }
            return newestFirst.subList(0, n);
        }
        if (target.equals(BASE)) {
            return newestFirst;
        }
        Script t = targetScript(graph, target);
        if (!applied.contains(t.revision())) {
            throw new UnknownRevisionException("Downgrade target " + target + " is not applied; downgrade goes back"
                    + " to an applied revision (info lists them), -N or base");
        }
        Set<String> after = graph.descendantsOf(t.revision());
        after.remove(t.revision());
        return newestFirst.stream().filter(s -> after.contains(s.revision())).toList();
    }
}
