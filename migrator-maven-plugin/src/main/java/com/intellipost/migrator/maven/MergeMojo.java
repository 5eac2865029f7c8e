package com.intellipost.migrator.maven;

import com.intellipost.migrator.Migrator;
import com.intellipost.migrator.command.NewRevisionResult;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes a merge revision whose {@code down_revision} lists every head, joining branches that were added in
 * parallel. Its up and down sections are empty; add SQL only if the branches conflict. Needs no database.
 */
@Mojo(name = "merge", threadSafe = true)
public class MergeMojo extends AbstractMigratorMojo {

    /** Optional description; default {@code Merge <heads>}. */
    @Parameter(property = "intellipost.message")
    private String message;

    @Override
    protected void execute(Migrator migrator) {
        getLog().info(written(migrator.merge(message)));
    }

    @Override
    protected boolean usesDatabase() {
        return false;
    }

    static String written(NewRevisionResult r) {
        return "Wrote revision " + r.revision() + " (parents: "
                + (r.downRevisions().isEmpty() ? "none" : String.join(", ", r.downRevisions())) + ") to " + r.file();
    }
}
