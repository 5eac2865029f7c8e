package com.intellipost.migrator.execute;

import java.sql.SQLException;

/**
 * A non-transactional section stopped before anything of it ran (a batch directive's key check failed on its first
 * statement): the database is as the run found it, so the revision's history row goes back to what it was.
 */
final class NothingRanException extends StatementFailureException {

    NothingRanException(int line, SQLException cause) {
        super(line, cause);
    }
}
