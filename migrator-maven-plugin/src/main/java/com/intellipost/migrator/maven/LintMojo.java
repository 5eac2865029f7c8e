package com.intellipost.migrator.maven;

import com.intellipost.migrator.Migrator;
import com.intellipost.migrator.lint.Finding;
import com.intellipost.migrator.lint.LintReport;
import com.intellipost.migrator.lint.LintResult;
import com.intellipost.migrator.lint.Severity;
import java.io.File;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Runs the static lint rules over the revisions in scope (pending ones, or every one without a database), logs each
 * finding with its fix, writes the JSON document to {@code target/intellipost/lint.json}, and fails the build when a
 * finding fails under {@code lintFailOn}. Changes nothing in the database and takes no lock. With
 * {@code trace=true} the revisions in scope also run on a scratch database: a table per revision is logged, and the
 * document holds the {@code statements} PostgreSQL measured.
 */
@Mojo(name = "lint", threadSafe = true)
public class LintMojo extends AbstractMigratorMojo {

    /** Where the JSON document goes. */
    @Parameter(property = "intellipost.output", defaultValue = "${project.build.directory}/intellipost/lint.json")
    private File output;

    @Override
    protected void execute(Migrator migrator) throws MojoFailureException {
        LintResult result = migrator.lint();
        LintReport.traceTables(result).forEach(getLog()::info);
        for (Finding f : result.findings()) {
            for (String line : LintReport.text(f)) {
                if (f.severity() == Severity.ERROR) {
                    getLog().error(line);
                } else {
                    getLog().warn(line);
                }
            }
        }
        JsonOutput.write(output, LintReport.json(result));
        getLog().info(LintReport.summary(result) + "; JSON in " + output);
        if (result.failed()) {
            throw new MojoFailureException(LintReport.summary(result) + ". Fix the statements above, or suppress a"
                    + " finding you accept with '-- lint:ignore <rule>' on the line before its statement.");
        }
    }
}
