package com.intellipost.migrator.maven;

import com.intellipost.migrator.Migrator;
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
        // The core logs the one summary ("Stamped 2 revision(s) [...]; now at [...]"); repeating it here doubled it.
        migrator.stamp(target);
    }
}
