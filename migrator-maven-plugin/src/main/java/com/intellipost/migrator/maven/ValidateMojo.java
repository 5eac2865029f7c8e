package com.intellipost.migrator.maven;

import com.intellipost.migrator.Migrator;
import com.intellipost.migrator.command.InfoResult;
import com.intellipost.migrator.command.RevisionInfo;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Fails when the scripts and the history disagree: a script edited after it was applied, an applied revision
 * whose script is gone, a revision recorded as failed; also on any script or graph error. Changes nothing.
 */
@Mojo(name = "validate", threadSafe = true)
public class ValidateMojo extends AbstractMigratorMojo {

    @Override
    protected void execute(Migrator migrator) {
        InfoResult info = migrator.validate();
        getLog().info("Validated: scripts and history agree");
        if (!info.pending().isEmpty()) {
            getLog().info(info.pending().size() + " revision(s) pending: "
                    + String.join(", ", info.pending().stream().map(RevisionInfo::revision).toList()));
        }
    }
}
