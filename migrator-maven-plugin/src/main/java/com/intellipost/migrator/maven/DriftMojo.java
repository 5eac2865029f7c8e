package com.intellipost.migrator.maven;

import com.intellipost.migrator.Migrator;
import com.intellipost.migrator.command.DriftResult;
import com.intellipost.migrator.command.SchemaReports;
import java.io.File;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Compares the configured database's schema with the schema its applied revisions build on a scratch database:
 * fails the build listing what is there that should not be, what is missing and what changed; logs one line when
 * they match. Writes the JSON document to {@code target/intellipost/drift.json}. Only reads the configured database.
 */
@Mojo(name = "drift", threadSafe = true)
public class DriftMojo extends AbstractScratchMojo {

    /** Where the JSON document goes. */
    @Parameter(property = "intellipost.output", defaultValue = "${project.build.directory}/intellipost/drift.json")
    private File output;

    @Override
    protected void execute(Migrator migrator) throws MojoFailureException {
        DriftResult result = migrator.drift();
        List<String> lines = SchemaReports.text(result);
        JsonOutput.write(output, SchemaReports.json(result));
        if (!result.drifted()) {
            getLog().info(lines.get(0));
            return;
        }
        lines.forEach(getLog()::error);
        throw new MojoFailureException(String.join("\n", lines) + "\nPut a change made by hand into a new revision"
                + " (or undo it) so that the database and its revisions agree; JSON in " + output);
    }
}
