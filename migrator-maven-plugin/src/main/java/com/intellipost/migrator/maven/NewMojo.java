package com.intellipost.migrator.maven;

import com.intellipost.migrator.Migrator;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes a new revision file, {@code <timestamp>_<revision>_<slug>.sql}, whose parent is the single head, into
 * the first filesystem location. Needs no database.
 */
@Mojo(name = "new", threadSafe = true)
public class NewMojo extends AbstractMigratorMojo {

    /** Required: what the revision does, e.g. {@code -Dintellipost.message="Add user table"}. */
    @Parameter(property = "intellipost.message")
    private String message;

    @Override
    protected void execute(Migrator migrator) {
        getLog().info(MergeMojo.written(migrator.newRevision(message)));
    }

    @Override
    protected boolean usesDatabase() {
        return false;
    }
}
