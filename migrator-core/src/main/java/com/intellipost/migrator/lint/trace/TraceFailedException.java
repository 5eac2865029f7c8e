package com.intellipost.migrator.lint.trace;

import com.intellipost.migrator.execute.MigrationFailedException;

/**
 * A revision failed on the scratch database while {@code lint --trace} ran it: the message names file and line and
 * PostgreSQL's error. The scratch database has been dropped; the configured database was never written.
 */
public class TraceFailedException extends MigrationFailedException {

    TraceFailedException(String message, MigrationFailedException onScratch) {
        super(message, onScratch.revision(), onScratch.file(), onScratch.line(), onScratch.sqlState().orElse(null),
                onScratch);
    }
}
