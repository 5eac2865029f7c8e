package com.intellipost.migrator.command;

import com.intellipost.migrator.MigratorException;
import com.intellipost.migrator.command.MigrateResult.AppliedMigration;
import com.intellipost.migrator.execute.ConnectionLoss;
import com.intellipost.migrator.execute.MigrationRunner;
import com.intellipost.migrator.execute.PreparedScript;
import com.intellipost.migrator.execute.StatementFailureException;
import com.intellipost.migrator.script.Script;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code transactionMode=all}: every revision of the run in one transaction, all or nothing. */
final class AllInOneTransaction {

    private static final Logger LOG = LoggerFactory.getLogger(AllInOneTransaction.class);

    private final Connection connection;
    private final MigrationRunner runner;

    AllInOneTransaction(Connection connection, MigrationRunner runner) {
        this.connection = connection;
        this.runner = runner;
    }

    List<AppliedMigration> run(List<PreparedScript> scripts) throws SQLException {
        for (PreparedScript p : scripts) {
            if (!p.transactional()) {
                throw new MigratorException("transactionMode=all cannot run " + p.script().revision() + " ("
                        + p.script().source().name() + "): it must run outside a transaction because of "
                        + p.autocommitReason().orElse("its header") + ". Use the default transactionMode"
                        + " (per-migration) for this run.");
            }
        }
        List<AppliedMigration> done = new ArrayList<>(scripts.size());
        connection.setAutoCommit(false);
        try {
            for (PreparedScript p : scripts) {
                Script s = p.script();
                Instant startedAt = Instant.now();
                try {
                    long ms = runner.runInOpenTransaction(p);
                    done.add(new AppliedMigration(s.revision(), s.message(), s.source().name(), true, ms));
                } catch (StatementFailureException f) {
                    if (!ConnectionLoss.is(f.sqlException())) { // else the server rolled back: nothing to send
                        connection.rollback();
                    }
                    throw runner.failedInOpenTransaction(p, f, startedAt);
                }
            }
            if (!scripts.isEmpty()) {
                runner.beforeCommitOfAll(scripts.get(scripts.size() - 1));
            }
            connection.commit();
            LOG.info("Committed {} revision(s) in one transaction", done.size());
            return done;
        } finally {
            if (!connection.isClosed() && !connection.getAutoCommit()) {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        }
    }
}
