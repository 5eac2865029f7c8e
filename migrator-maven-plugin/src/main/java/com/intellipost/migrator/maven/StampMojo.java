package com.intellipost.migrator.maven;

import com.intellipost.migrator.Migrator;
import com.intellipost.migrator.command.StampResult;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Marks revisions as applied without running them, to adopt a database whose schema already exists; each one
 * is recorded in the audit table. {@code base} empties the history instead.
 */
@Mojo(name = "stamp", threadSafe = true)
public class StampMojo extends AbstractMigratorMojo {

    /** {@code head} (default), {@code heads}, a revision id (with its ancestors) or {@code base}. */
    @Parameter(property = "intellipost.target")
    private String target;

    @Override
    protected void execute(Migrator migrator) {
        StampResult r = migrator.stamp(target);
        getLog().info("Stamped " + r.stamped() + (r.unstamped().isEmpty() ? "" : ", removed " + r.unstamped())
                + "; at " + atOrBase(r.currentRevisions()));
    }
}
