package com.intellipost.migrator.maven;

import com.intellipost.migrator.Migrator;
import com.intellipost.migrator.command.SchemaReports;
import com.intellipost.migrator.command.TestRollbackResult;
import com.intellipost.migrator.command.TestRollbackResult.RevisionCheck;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * On a scratch database, each revision in the order {@code migrate} applies them: up, down, up again; every down
 * section must give back the schema its up section found. Logs a line per revision, writes the JSON document to
 * {@code target/intellipost/test-rollback.json} and fails the build naming every failing revision and what its
 * down left behind. The configured database is not touched.
 */
@Mojo(name = "test-rollback", threadSafe = true)
public class TestRollbackMojo extends AbstractScratchMojo {

    /** {@code true}: a revision without a down section fails the build instead of being a warning. */
    @Parameter(property = "intellipost.requireDown")
    private String requireDown;

    /** Where the JSON document goes. */
    @Parameter(property = "intellipost.output", defaultValue = "${project.build.directory}/intellipost/test-rollback.json")
    private File output;

    @Override
    protected void configureGoal(Migrator.Builder builder) {
        super.configureGoal(builder);
        builder.set("requireDown", requireDown);
    }

    @Override
    protected void execute(Migrator migrator) throws MojoFailureException {
        TestRollbackResult result = migrator.testRollback();
        List<String> failing = new ArrayList<>();
        for (RevisionCheck check : result.revisions()) {
            List<String> lines = SchemaReports.text(check, result.requireDown());
            if (check.failed(result.requireDown())) {
                lines.forEach(getLog()::error);
                failing.addAll(lines);
            } else if (check.status() == TestRollbackResult.Status.NOT_REVERSIBLE) {
                lines.forEach(getLog()::warn);
            } else {
                lines.forEach(getLog()::info);
            }
        }
        JsonOutput.write(output, SchemaReports.json(result));
        getLog().info(SchemaReports.summary(result) + "; JSON in " + output);
        if (result.failed()) {
            throw new MojoFailureException(SchemaReports.summary(result) + ":\n" + String.join("\n", failing)
                    + "\nFix each down section so that it drops or restores what its up section changed (editing a"
                    + " down section does not change the checksum), then run intellipost:test-rollback again.");
        }
    }
}
