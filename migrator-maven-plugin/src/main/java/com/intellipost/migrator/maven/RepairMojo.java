package com.intellipost.migrator.maven;

import com.intellipost.migrator.Migrator;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Clears rows of revisions that failed outside a transaction (after you fixed the database by hand) and realigns
 * the checksums of scripts edited after they were applied; every change is recorded in the audit table.
 */
@Mojo(name = "repair", threadSafe = true)
public class RepairMojo extends AbstractMigratorMojo {

    @Override
    protected void execute(Migrator migrator) {
        // The core logs what it changed ("Repair: removed 1 failed row(s) [...], realigned 0 checksum(s) []") and
        // warns about applied revisions whose script is missing.
        migrator.repair();
    }
}
