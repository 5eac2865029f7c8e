package com.intellipost.migrator.maven;

import com.intellipost.migrator.Migrator;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Upgrades the database to the single head of the revision graph, to every head ({@code heads}) or to one
 * revision and its ancestors. Refuses, listing every head, when the graph has several heads and no target says
 * what to do. Each applied revision is logged as it completes.
 */
@Mojo(name = "migrate", threadSafe = true)
public class MigrateMojo extends AbstractMigratorMojo {

    /** {@code head} (default), {@code heads} (every branch, without merging) or a revision id. */
    @Parameter(property = "intellipost.target")
    private String target;

    @Override
    protected void execute(Migrator migrator) {
        // The core logs each applied revision as it completes and the summary line ("Applied 2 revision(s) in
        // 41 ms; now at [...]" or "Schema is up to date"); Maven prints its SLF4J output on the console.
        migrator.migrate(target);
    }
}
