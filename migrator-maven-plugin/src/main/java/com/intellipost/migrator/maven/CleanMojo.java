package com.intellipost.migrator.maven;

import com.intellipost.migrator.Migrator;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Drops every object in the schema, the history and audit tables included, for a development or test database
 * that should start again from nothing. Runs only with {@code -Dintellipost.cleanEnabled=true} (or
 * {@code <cleanEnabled>true</cleanEnabled>}); refused in production whatever that says. Audited: the new audit
 * table's first row is the clean.
 */
@Mojo(name = "clean", threadSafe = true)
public class CleanMojo extends AbstractMigratorMojo {

    @Override
    protected void execute(Migrator migrator) {
        // The core logs what it dropped ("Cleaned schema public: dropped 3 table(s), ...").
        migrator.clean();
    }
}
