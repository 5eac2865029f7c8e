package com.intellipost.migrator.execute;

import com.intellipost.migrator.MigratorException;
import java.util.Optional;

/**
 * A statement of a migration failed. The message names the revision, the file and line of the statement,
 * PostgreSQL's own message, what was left behind and what to do.
 */
public class MigrationFailedException extends MigratorException {

    private final String revision;
    private final String file;
    private final int line;
    private final Optional<String> sqlState;

    public MigrationFailedException(String message, String revision, String file, int line, String sqlState,
                                    Throwable cause) {
        super(message, cause);
        this.revision = revision;
        this.file = file;
        this.line = line;
        this.sqlState = Optional.ofNullable(sqlState);
    }

    public String revision() {
        return revision;
    }

    public String file() {
        return file;
    }

    /** Line of the failing statement in {@link #file()}, 0 when the failure was not in a statement. */
    public int line() {
        return line;
    }

    public Optional<String> sqlState() {
        return sqlState;
    }
}
