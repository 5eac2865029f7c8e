package com.intellipost.migrator.maven;

import com.intellipost.migrator.Migrator;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Runs the down sections of applied revisions, newest first, back to the target. A revision without a
 * {@code -- migrate:down} section stops the downgrade before anything is changed.
 */
@Mojo(name = "downgrade", threadSafe = true)
public class DowngradeMojo extends AbstractMigratorMojo {

    /**
     * Required: {@code -1} (or {@code -N}) for the latest revision(s), a revision id to go back to (everything
     * built on it is reverted), or {@code base} to revert everything.
     */
    @Parameter(property = "intellipost.target")
    private String target;

    @Override
    protected void execute(Migrator migrator) {
        // The core logs each reverted revision and the summary line ("Reverted 1 revision(s); now at [...]").
        migrator.downgrade(target);
    }
}
