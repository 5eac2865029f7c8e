package com.intellipost.migrator.maven;

import com.intellipost.migrator.Migrator;
import com.intellipost.migrator.command.InfoTable;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Prints every revision with its state (applied, pending, failed, missing file, checksum mismatch), the heads
 * of the graph and the revisions the database is at. Changes nothing and takes no lock.
 */
@Mojo(name = "info", threadSafe = true)
public class InfoMojo extends AbstractMigratorMojo {

    @Override
    protected void execute(Migrator migrator) {
        InfoTable.lines(migrator.info()).forEach(getLog()::info);
    }
}
