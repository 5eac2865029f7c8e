package com.intellipost.migrator.plan;

import com.intellipost.migrator.MigratorException;
import com.intellipost.migrator.config.Configuration;
import com.intellipost.migrator.config.Durations;
import com.intellipost.migrator.execute.Direction;
import com.intellipost.migrator.execute.PreparedScript;
import com.intellipost.migrator.execute.SessionSettings;
import com.intellipost.migrator.history.AuditEntry;
import com.intellipost.migrator.history.HistoryFingerprint;
import com.intellipost.migrator.history.SchemaHistory;
import com.intellipost.migrator.history.SchemaHistory.RevisionRecord;
import com.intellipost.migrator.lint.Finding;
import com.intellipost.migrator.lock.MigrationLock;
import com.intellipost.migrator.script.BatchDirective;
import com.intellipost.migrator.script.Script;
import com.intellipost.migrator.script.ScriptParser;
import com.intellipost.migrator.script.SqlSplitter;
import com.intellipost.migrator.script.SqlStatement;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Writes a {@link Plan} as a psql script that does what {@code MigrationRunner} does: the same lock, tables,
 * timeouts, transactions, statements (as the splitter yields them) and history and audit rows, the SQL of the last
 * three taken from the classes the runner uses. Statements are written one at a time as the splitter reads them, and
 * {@code COPY ... FROM STDIN} data is copied through a small buffer: nothing of a script is held whole.
 */
final class PlanWriter {

    /** Milliseconds since the revision's transaction began: its history and audit rows' execution time. */
    private static final String ELAPSED_MS = "(extract(epoch FROM clock_timestamp() - now()) * 1000)::bigint";
    /** Without a transaction of its own, a revision's start is kept in a session setting ({@link #ownClock}). */
    private static final String STARTED_SETTING = "'intellipost.revision_started_at'";
    private static final String STARTED_KEPT = "current_setting(" + STARTED_SETTING + ")::timestamptz";
    private static final String ELAPSED_MS_KEPT = "(extract(epoch FROM clock_timestamp() - " + STARTED_KEPT
            + ") * 1000)::bigint";
    private static final String RULE = "-- " + "-".repeat(100);

    private final Plan plan;
    private final Writer out;
    private final Configuration configuration;
    private final SchemaHistory history;
    private final long lockKey;

    PlanWriter(Plan plan, Writer out) {
        this.plan = plan;
        this.out = out;
        this.configuration = plan.configuration();
        this.history = new SchemaHistory(configuration);
        this.lockKey = MigrationLock.keyFor(configuration.schema(), Configuration.HISTORY_TABLE);
    }

    void write() throws IOException {
        header();
        if (plan.scripts().isEmpty()) {
            line("-- Nothing to do: " + (plan.direction() == Direction.UP ? "every revision the target needs is"
                    + " applied." : "no applied revision is above the target.") + " The command would change nothing.");
            return;
        }
        psqlSettings();
        lock();
        historyGuard();
        if (plan.direction() == Direction.UP) {
            tables(); // as migrate does; downgrade writes to tables its history rows prove are there
        }
        line("");
        line("-- The run's timeouts, as the migrator sets them on its session.");
        for (String set : SessionSettings.timeouts(configuration)) {
            line(set + ";");
        }
        if (plan.oneTransaction()) {
            line("");
            line("-- transactionMode=all: every revision below in one transaction, all or nothing.");
            line("BEGIN;");
        }
        for (PreparedScript p : plan.scripts()) {
            revision(p);
        }
        if (plan.oneTransaction()) {
            line("");
            line("COMMIT;");
        }
        line("");
        line(RULE);
        line("-- Done: the migration lock is released.");
        line("SELECT pg_advisory_unlock(" + lockKey + ");");
    }

    private void header() throws IOException {
        long transactional = plan.scripts().stream().filter(PreparedScript::transactional).count();
        long outside = plan.scripts().size() - transactional;
        line("-- IntelliPost Migrator plan: " + (plan.direction() == Direction.UP ? "migrate to " : "downgrade to ")
                + PsqlText.comment(plan.target()));
        line("-- From:      " + PsqlText.comment(plan.from()));
        line("-- Generated: " + plan.generatedAt().truncatedTo(ChronoUnit.SECONDS) + " by IntelliPost Migrator "
                + ToolVersion.get());
        line("-- Settings:  schema " + PsqlText.comment(configuration.schema()) + ", environment "
                + configuration.environment().id() + ", lockTimeout " + Durations.toPostgres(configuration.lockTimeout())
                + ", statementTimeout " + Durations.toPostgres(configuration.statementTimeout())
                + (plan.direction() == Direction.UP ? ", transactionMode "
                + (plan.oneTransaction() ? "all" : "per-migration") : ""));
        if (!plan.scripts().isEmpty()) {
            line("-- Runs:      " + plan.scripts().size() + " revision(s)" + (plan.direction() == Direction.DOWN
                    ? " down" : "") + ": " + (plan.oneTransaction() ? "all in one transaction"
                    : transactional + " in a transaction each, with its history row" + (outside == 0 ? ""
                    : "; " + outside + " outside a transaction, one statement at a time")));
        }
        if (plan.lintNote().isPresent()) {
            line("-- Lint:      " + PsqlText.comment(plan.lintNote().get()));
        }
        line("--");
        line("-- Run it with psql, as it is: psql -v ON_ERROR_STOP=1 -f <this file> <connection options>");
        line("-- (not with -1 / --single-transaction: the plan opens and commits its own transactions, and some");
        line("-- statements must run outside one). It stops at the first error: a revision in a transaction is then");
        line("-- rolled back whole, and the revisions before it stay applied with their history rows; run info and");
        line("-- make a new plan. Audit rows of this plan have outcome '" + AuditEntry.APPLIED_BY_PLAN + "'.");
    }

    private void psqlSettings() throws IOException {
        line("");
        line("-- psql settings the plan relies on, whatever a psqlrc says: stop at the first error, no automatic");
        line("-- savepoints, autocommit outside the plan's own BEGIN ... COMMIT, and this file's encoding.");
        line("\\set ON_ERROR_STOP on");
        line("\\set ON_ERROR_ROLLBACK off");
        line("\\set AUTOCOMMIT on");
        line("\\encoding UTF8");
    }

    private void lock() throws IOException {
        line("");
        line("-- The migrator's advisory lock on " + PsqlText.comment(history.historyTable()) + ", held to the end.");
        line("-- Taken without waiting, as migrators poll for it (a session waiting inside a statement could block");
        line("-- another migrator's CREATE INDEX CONCURRENTLY): when a migrator holds it, the plan stops here and");
        line("-- changes nothing.");
        line(doBlock("BEGIN\n"
                + "    IF NOT pg_try_advisory_lock(" + lockKey + ") THEN\n"
                + "        RAISE EXCEPTION 'Another migrator holds the migration lock (advisory lock " + lockKey
                + "; pg_locks shows its pid). Nothing was changed: run this plan again when it has finished.';\n"
                + "    END IF;\n"
                + "END"));
    }

    private void historyGuard() throws IOException {
        String table = PsqlText.literal(history.historyTable());
        line("");
        line("-- The history must be the one this plan was made from (the fingerprint migrate compares: revision and");
        line("-- checksum of every row); otherwise the plan stops here and changes nothing.");
        line(doBlock("DECLARE\n"
                + "    found text := " + PsqlText.literal(HistoryFingerprint.EMPTY)
                + ";\n"
                + "BEGIN\n"
                + "    IF to_regclass(" + table + ") IS NOT NULL THEN\n"
                + "        found := (" + history.fingerprintSql() + ");\n"
                + "    END IF;\n"
                + "    IF found IS DISTINCT FROM " + PsqlText.literal(plan.expectedHistory()) + " THEN\n"
                + "        RAISE EXCEPTION 'The history in % is not the one this plan was made from (%): another"
                + " migration ran since, or the plan is for another database. Nothing was changed: make the plan"
                + " again.', " + table + ", " + PsqlText.literal(PsqlText.comment(plan.from())) + ";\n"
                + "    END IF;\n"
                + "END"));
    }

    private void tables() throws IOException {
        String schema = PsqlText.literal(history.quotedSchema());
        StringBuilder body = new StringBuilder("BEGIN\n")
                .append("    IF NOT (").append(history.tablesReadySql(PsqlText.literal(history.historyTable()),
                        PsqlText.literal(history.auditTable()))).append(") THEN\n")
                .append("        IF to_regnamespace(").append(schema).append(") IS NULL THEN\n")
                .append("            EXECUTE ").append(dollarQuoted(history.createSchemaSql(), "ddl")).append(";\n")
                .append("        END IF;\n");
        for (String ddl : history.createTablesSql()) {
            body.append("        EXECUTE ").append(dollarQuoted(ddl, "ddl")).append(";\n");
        }
        for (String upgrade : history.upgradeTablesSql()) {
            body.append("        EXECUTE ").append(dollarQuoted(upgrade, "ddl")).append(";\n");
        }
        body.append("    END IF;\nEND");
        line("");
        line("-- The history and audit tables, created if absent (with the columns later versions added to tables an");
        line("-- earlier version created), as the migrator creates them.");
        line(doBlock(body.toString()));
    }

    private void revision(PreparedScript p) throws IOException {
        Script s = p.script();
        boolean up = p.direction() == Direction.UP;
        Optional<Duration> scriptTimeout = s.lockTimeout();
        line("");
        line(RULE);
        line("-- Revision " + s.revision() + (s.message().isEmpty() ? "" : ": " + PsqlText.comment(s.message())));
        line("-- File:     " + PsqlText.comment(s.source().name()) + (up ? "" : " (down section, line " + s.downLine()
                + ")") + "; parents: " + (s.downRevisions().isEmpty() ? "none" : String.join(", ", s.downRevisions())));
        if (!p.transactional()) {
            line("-- Outside a transaction (" + PsqlText.comment(p.autocommitReason().orElse("non-transactional"))
                    + "), one statement at a time, as the migrator runs it: its history row is marked in progress");
            line("-- before the first and written after the last.");
        }
        for (Finding f : plan.findings().getOrDefault(s.revision(), List.of())) {
            line("-- Lint:     " + f.severity().id() + " " + f.rule() + " at line " + f.line() + ": "
                    + PsqlText.comment(f.message()));
            line("--           Fix: " + PsqlText.comment(f.fix()));
        }
        if (p.transactional() && !plan.oneTransaction()) {
            line("BEGIN;");
        }
        if (scriptTimeout.isPresent()) {
            line(SessionSettings.lockTimeout(scriptTimeout.get(), p.transactional()) + ";");
        }
        if (ownClock(p)) {
            line("SELECT set_config(" + STARTED_SETTING + ", clock_timestamp()::text, false) AS revision_started_at;");
        }
        if (!p.transactional()) {
            // As the runner does: a run that stops inside the section leaves this row for the next migrate to name.
            line(history.markInProgressSql(rowValues(p.historyRow(0, false), "0"),
                    PsqlText.literal(p.direction().auditAction())) + ";");
        }
        statements(p);
        line(up ? history.recordSql(historyRow(p), auditRow(p)) + ";"
                : history.deleteSql(PsqlText.literal(s.revision()), auditRow(p)) + ";");
        if (p.transactional()) {
            if (plan.oneTransaction()) {
                if (scriptTimeout.isPresent()) { // SET LOCAL would last into the later revisions of the transaction
                    line(SessionSettings.lockTimeout(configuration.lockTimeout(), true) + ";");
                }
            } else {
                line("COMMIT;");
            }
        } else if (scriptTimeout.isPresent()) {
            line(SessionSettings.lockTimeout(configuration.lockTimeout(), false) + ";");
        }
    }

    /** The section's statements as the splitter yields them, COPY data inline up to its {@code \.}. */
    private void statements(PreparedScript p) throws IOException {
        String file = p.script().source().name();
        try (SqlSplitter splitter = p.direction() == Direction.UP ? ScriptParser.openUp(p.script())
                : ScriptParser.openDown(p.script())) {
            char[] buffer = null;
            for (SqlStatement s = splitter.next(); s != null; s = splitter.next()) {
                Optional<BatchDirective> batch = BatchDirective.find(splitter.leadingComments(), s, file);
                if (batch.isPresent()) {
                    batchLoop(s, batch.get(), file);
                    continue;
                }
                line(PsqlText.statement(s, file));
                if (s.copyFromStdin()) {
                    buffer = buffer == null ? new char[8192] : buffer;
                    Reader data = splitter.copyData(); // each line ends in \n, so \. starts a line of its own
                    for (int n = data.read(buffer); n >= 0; n = data.read(buffer)) {
                        out.write(buffer, 0, n);
                    }
                    line("\\.");
                }
            }
        }
    }

    /**
     * A batched statement as a DO block that runs its key ranges as the runner does ({@code [start, start+size)}
     * from min to max, read once), committing each batch (PostgreSQL 11+ allows COMMIT in a DO block run outside a
     * transaction). No lock_timeout retry and no resume point: a plan is applied by hand, and stopped, it is run again
     * whole, which the directive's idempotent statement allows.
     */
    private void batchLoop(SqlStatement s, BatchDirective d, String file) throws IOException {
        String body = "$intellipost_batch_sql$";
        if (s.sql().contains(body)) {
            throw new MigratorException(file + ":" + s.line() + ": the batched statement contains " + body
                    + ", which the plan uses to quote it; rename that dollar quote");
        }
        line("DO $intellipost_batch$");
        line("DECLARE");
        line("    next_start bigint;");
        line("    high bigint;");
        line("BEGIN");
        line("    SELECT min(" + d.key() + "), max(" + d.key() + ") INTO next_start, high FROM " + d.table() + ";");
        line("    WHILE next_start <= high LOOP");
        line("        EXECUTE replace(replace(" + body + s.sql() + body + ", '" + BatchDirective.START
                + "', next_start::text), '" + BatchDirective.END + "', (next_start + " + d.size() + ")::text);");
        line("        COMMIT;");
        if (!d.pause().isZero()) {
            line("        PERFORM pg_sleep(" + d.pause().toMillis() / 1000.0 + ");");
        }
        line("        next_start := next_start + " + d.size() + ";");
        line("    END LOOP;");
        line("END");
        line("$intellipost_batch$;");
    }

    private List<String> historyRow(PreparedScript p) {
        // the same row the runner writes; its time is measured by SQL
        return rowValues(p.historyRow(0, true), elapsed(p));
    }

    /** {@code row}'s values as literals, in the order of {@link SchemaHistory#RECORD_COLUMNS}. */
    private static List<String> rowValues(RevisionRecord row, String executionMs) {
        return List.of(PsqlText.literal(row.revision()), PsqlText.literal(String.join(",", row.downRevisions())),
                PsqlText.literal(row.message()), PsqlText.literal(row.script()), PsqlText.literal(row.checksum()),
                Boolean.toString(row.transactional()), executionMs, Boolean.toString(row.success()));
    }

    /**
     * The audit row of a revision the runner applied or reverted, in the order of {@link SchemaHistory#AUDIT_COLUMNS}:
     * no error, no detail (the runner writes one only on failures, which stop psql), and no backup (a plan takes none).
     */
    private List<String> auditRow(PreparedScript p) {
        return List.of(PsqlText.literal(p.direction().auditAction()), PsqlText.literal(p.script().revision()),
                PsqlText.literal(AuditEntry.APPLIED_BY_PLAN), PsqlText.literal(configuration.environment().id()),
                ownClock(p) ? STARTED_KEPT : "now()", elapsed(p), "NULL", "NULL", "NULL");
    }

    private String elapsed(PreparedScript p) {
        return ownClock(p) ? ELAPSED_MS_KEPT : ELAPSED_MS;
    }

    /**
     * Whether the revision's start must be kept in a session setting: {@code now()} is the start of its transaction
     * only when it has one of its own.
     */
    private boolean ownClock(PreparedScript p) {
        return !p.transactional() || plan.oneTransaction();
    }

    private static String doBlock(String body) {
        return "DO " + dollarQuoted("\n" + body + "\n", "intellipost") + ";";
    }

    /** {@code text} between {@code $tag$} quotes, with a tag the text does not contain. */
    private static String dollarQuoted(String text, String tag) {
        String delimiter = "$" + tag + "$";
        for (int i = 1; text.contains(delimiter); i++) {
            delimiter = "$" + tag + i + "$";
        }
        return delimiter + text + delimiter;
    }

    private void line(String text) throws IOException {
        out.write(text);
        out.write('\n');
    }
}
