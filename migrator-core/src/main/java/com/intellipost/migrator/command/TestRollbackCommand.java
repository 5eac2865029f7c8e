package com.intellipost.migrator.command;

import com.intellipost.migrator.command.TestRollbackResult.RevisionCheck;
import com.intellipost.migrator.command.TestRollbackResult.Status;
import com.intellipost.migrator.execute.Direction;
import com.intellipost.migrator.execute.MigrationFailedException;
import com.intellipost.migrator.execute.PreparedScript;
import com.intellipost.migrator.schema.SchemaDiff;
import com.intellipost.migrator.schema.SchemaSnapshot;
import com.intellipost.migrator.script.Script;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stairway test (DESIGN 2.12): on a scratch database, for each revision in the order {@code migrate} applies
 * them: snapshot, up, snapshot, down, snapshot (must equal the first), up again, snapshot (must equal the second).
 * Every failing revision is reported and the walk goes on from the state its up left (the scratch database is
 * rebuilt); a revision whose up fails stops the walk. The configured database is never touched.
 */
public final class TestRollbackCommand {

    private static final Logger LOG = LoggerFactory.getLogger(TestRollbackCommand.class);

    private final CommandContext context;

    public TestRollbackCommand(CommandContext context) {
        this.context = context;
    }

    public TestRollbackResult run() {
        long start = System.nanoTime();
        List<Script> order = context.loadGraph().order();
        // every section is prepared before the scratch database is made: a script error costs no database
        List<PreparedScript> ups = PreparedScript.prepareAll(order, Direction.UP);
        List<PreparedScript> downs = PreparedScript.prepareAll(order.stream().filter(Script::hasDown).toList(),
                Direction.DOWN);
        boolean requireDown = context.configuration().requireDown();
        List<RevisionCheck> checks = new ArrayList<>(order.size());
        try (Stairway stairway = Stairway.start(context.configuration(), context.dataSourceAddress())) {
            SchemaSnapshot before = stairway.snapshot();
            int downIndex = 0;
            for (int i = 0; i < order.size(); i++) {
                Script script = order.get(i);
                PreparedScript down = script.hasDown() ? downs.get(downIndex++) : null;
                Step step = walk(stairway, before, ups.get(i), down);
                checks.add(step.check());
                LOG.debug("{} {} ({})", step.check().status().id(), script.revision(), script.source().name());
                if (step.check().status() == Status.UP_FAILED) {
                    break;
                }
                if (step.next() == null) {
                    stairway.rebuild(order.subList(0, i + 1));
                    before = stairway.snapshot();
                } else {
                    before = step.next();
                }
            }
        }
        TestRollbackResult result = new TestRollbackResult(checks, requireDown, (System.nanoTime() - start) / 1_000_000);
        LOG.debug("Test-rollback walked {} of {} revision(s) in {} ms", checks.size(), order.size(), result.totalMs());
        return result;
    }

    /**
     * One revision's steps from {@code before}. Returns its check and the snapshot the next revision starts from:
     * the state its up left, or null when that state is lost and the scratch database must be rebuilt.
     */
    private static Step walk(Stairway stairway, SchemaSnapshot before, PreparedScript up, PreparedScript down) {
        Script script = up.script();
        try {
            stairway.run(up);
        } catch (MigrationFailedException e) {
            return new Step(check(script, Status.UP_FAILED, SchemaDiff.NONE, e.getMessage()), null);
        }
        SchemaSnapshot afterUp = stairway.snapshot();
        if (down == null) {
            return new Step(check(script, Status.NOT_REVERSIBLE, SchemaDiff.NONE, "it has no '-- migrate:down'"
                    + " section, so it cannot be reverted"), afterUp);
        }
        try {
            stairway.run(down);
        } catch (MigrationFailedException e) {
            return new Step(check(script, Status.DOWN_FAILED, SchemaDiff.NONE, e.getMessage()), null);
        }
        SchemaDiff leftByDown = SchemaDiff.between(before, stairway.snapshot());
        if (!leftByDown.isEmpty()) {
            return new Step(check(script, Status.DIFFERS, leftByDown, "the down section does not give back the"
                    + " schema the up section found"), null);
        }
        try {
            stairway.run(up);
        } catch (MigrationFailedException e) {
            return new Step(check(script, Status.REAPPLY_FAILED, SchemaDiff.NONE, "after the down section, the up"
                    + " section failed when applied again: " + e.getMessage()), null);
        }
        SchemaSnapshot again = stairway.snapshot();
        SchemaDiff reapplied = SchemaDiff.between(afterUp, again);
        if (!reapplied.isEmpty()) {
            return new Step(check(script, Status.DIFFERS, reapplied, "the up section applied again after the down"
                    + " does not build the schema it built the first time"), null);
        }
        return new Step(check(script, Status.OK, SchemaDiff.NONE, null), again);
    }

    private static RevisionCheck check(Script script, Status status, SchemaDiff diff, String error) {
        return new RevisionCheck(script.revision(), script.message(), script.source().name(), status, diff,
                Optional.ofNullable(error));
    }

    /** A revision's check and the snapshot to go on from (null: rebuild first). */
    private record Step(RevisionCheck check, SchemaSnapshot next) {
    }
}
