package com.intellipost.migrator.command;

import com.intellipost.migrator.command.MigrateResult.AppliedMigration;
import com.intellipost.migrator.config.TransactionMode;
import com.intellipost.migrator.execute.Direction;
import com.intellipost.migrator.execute.MigrationRunner;
import com.intellipost.migrator.graph.RevisionGraph;
import com.intellipost.migrator.script.Script;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Upgrades the database to the head, to every head, or to one revision and its ancestors. */
public final class MigrateCommand {

    private static final Logger LOG = LoggerFactory.getLogger(MigrateCommand.class);

    private final CommandContext context;

    public MigrateCommand(CommandContext context) {
        this.context = context;
    }

    /** {@code target}: null or {@code head}, {@code heads}, or a revision id. */
    public MigrateResult run(String target) {
        long start = System.nanoTime();
        RevisionGraph graph = context.loadGraph();
        Set<String> required = Targets.required(graph, target, "migrate"); // refuses on several heads, offline
        try (LockedSession session = LockedSession.open(context)) {
            List<String> problems = RevisionStates.problems(RevisionStates.of(graph, session.applied()));
            if (!problems.isEmpty()) {
                throw new ValidationException(problems);
            }
            List<Script> pending = graph.inOrder(required).stream()
                    .filter(s -> !session.applied().containsKey(s.revision())).toList();
            Set<String> applied = new java.util.HashSet<>(session.applied().keySet());
            if (pending.isEmpty()) {
                List<String> current = graph.currentRevisions(applied);
                LOG.info("Schema is up to date at {}; nothing to migrate", current.isEmpty() ? "base" : current);
                return new MigrateResult(List.of(), current, elapsedMs(start));
            }
            MigrationRunner runner = new MigrationRunner(context.configuration(), context.history(), session.connection());
            runner.prepareSession();
            List<AppliedMigration> done = context.configuration().transactionMode() == TransactionMode.ALL
                    ? new AllInOneTransaction(session.connection(), runner).run(pending, Direction.UP)
                    : applyEach(runner, pending);
            done.forEach(m -> applied.add(m.revision()));
            List<String> current = graph.currentRevisions(applied);
            long total = elapsedMs(start);
            LOG.info("Applied {} revision(s) in {} ms; now at {}", done.size(), total, current);
            return new MigrateResult(done, current, total);
        } catch (SQLException e) {
            throw context.history().failure("migrate with", e);
        }
    }

    private static List<AppliedMigration> applyEach(MigrationRunner runner, List<Script> pending) {
        List<AppliedMigration> done = new ArrayList<>(pending.size());
        for (Script s : pending) {
            long ms = runner.run(s, Direction.UP);
            LOG.info("Applied {} {} ({}) in {} ms{}", s.revision(), s.message(), s.source().name(), ms,
                    s.transactional() ? "" : " outside a transaction");
            done.add(new AppliedMigration(s.revision(), s.message(), s.source().name(), s.transactional(), ms));
        }
        return done;
    }

    private static long elapsedMs(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
