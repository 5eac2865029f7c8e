package com.intellipost.migrator.maven;

import com.intellipost.migrator.Migrator;
import com.intellipost.migrator.command.CheckCommand.CheckResult;
import com.intellipost.migrator.command.InfoResult;
import com.intellipost.migrator.command.RevisionInfo;
import com.intellipost.migrator.lint.Finding;
import com.intellipost.migrator.lint.LintReport;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * The CI gate, bound to {@code verify}: fails on script errors, graph errors, several heads and lint findings that
 * fail under {@code lintFailOn}. When a database is configured it lints the pending revisions only, validates the
 * history against the scripts and lists the pending revisions (pending revisions are not a failure).
 */
@Mojo(name = "check", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class CheckMojo extends AbstractMigratorMojo {

    @Override
    protected void execute(Migrator migrator) {
        CheckResult result = migrator.check();
        for (Finding f : result.lint().findings()) { // none of them failing: warnings, or lintFailOn=never
            LintReport.text(f).forEach(getLog()::warn);
        }
        getLog().info("Checked " + result.revisions() + " revision(s): "
                + (result.heads().isEmpty() ? "no scripts" : "single head " + result.heads().get(0)));
        getLog().info(LintReport.summary(result.lint()));
        if (result.database().isEmpty()) {
            getLog().info("No database configured (<url>, -Dintellipost.url or INTELLIPOST_DATABASE_URL):"
                    + " the history was not validated");
            return;
        }
        InfoResult info = result.database().get();
        getLog().info("Validated: scripts and history agree");
        if (info.pending().isEmpty()) {
            getLog().info("Nothing pending: the database is at " + atOrBase(info.currentRevisions()));
        } else {
            getLog().info(info.pending().size() + " revision(s) pending (run intellipost:migrate to apply them):");
            for (RevisionInfo r : info.pending()) {
                getLog().info("  " + r.revision() + " " + r.message() + " (" + r.script() + ")");
            }
        }
    }

}
