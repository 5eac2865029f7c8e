package com.intellipost.migrator.maven;

import com.intellipost.migrator.Migrator;
import com.intellipost.migrator.execute.Direction;
import com.intellipost.migrator.plan.Plan;
import java.io.File;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes the SQL that {@code migrate} (or, with {@code downgrade}, that downgrade) would run, as a psql script, to
 * {@code target/intellipost/plan.sql}: for a DBA to review and run with {@code psql -v ON_ERROR_STOP=1 -f}. Reads the
 * database's history (or none, with {@code from}) and changes nothing.
 */
@Mojo(name = "plan", threadSafe = true)
public class PlanMojo extends AbstractMigratorMojo {

    /** The migrate target: {@code head} (default), {@code heads} or a revision id. */
    @Parameter(property = "intellipost.target")
    private String target;

    /** Plans a downgrade to this target ({@code -N}, a revision id or {@code base}) instead of a migrate. */
    @Parameter(property = "intellipost.downgrade")
    private String downgrade;

    /** Plans from this state without reading a database: {@code base} or a revision (with its ancestors applied). */
    @Parameter(property = "intellipost.from")
    private String from;

    /** Where the plan goes. */
    @Parameter(property = "intellipost.output", defaultValue = "${project.build.directory}/intellipost/plan.sql")
    private File output;

    @Override
    protected void configureGoal(Migrator.Builder builder) {
        builder.set("downgrade", downgrade).set("from", from);
    }

    @Override
    protected boolean usesDatabase() {
        return from == null || from.isBlank();
    }

    @Override
    protected void execute(Migrator migrator) {
        Plan plan = migrator.plan(target);
        plan.writeTo(output.toPath());
        getLog().info("Wrote the plan of " + plan.revisions().size() + " revision(s) ("
                + (plan.revisions().isEmpty() ? "nothing to do" : (plan.direction() == Direction.UP ? "migrate"
                : "downgrade") + " to " + plan.target()) + ") to " + output);
        getLog().info("Review it, then run it with: psql -v ON_ERROR_STOP=1 -f " + output + " <connection options>");
    }
}
