package com.intellipost.sample.http;

import com.intellipost.migrator.Migrator;
import com.intellipost.migrator.MigratorException;
import com.intellipost.migrator.command.InfoResult;
import com.intellipost.migrator.command.RevisionInfo;
import com.intellipost.migrator.command.RevisionState;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * {@code GET /health}: 200 only when the database answers through the application's pool and every revision of
 * this build is applied (none pending, failed or edited); 503 otherwise, with the same body. A load balancer or
 * readiness probe can therefore hold traffic back from a replica whose schema is behind.
 */
public final class HealthHandler implements HttpHandler {

    private final String environment;
    private final DataSource pool;
    private final Migrator inspector;

    /** {@code inspector} reads the history as the application user, with a short connect timeout. */
    public HealthHandler(String environment, DataSource pool, Migrator inspector) {
        this.environment = environment;
        this.pool = pool;
        this.inspector = inspector;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestURI().getPath().equals("/health")) {
            throw new HttpStatusException(404, "No resource at " + exchange.getRequestURI().getPath());
        }
        if (!exchange.getRequestMethod().equals("GET")) {
            Exchanges.methodNotAllowed(exchange, "GET");
            return;
        }
        HealthReport report = check();
        Exchanges.send(exchange, report.status().equals("ok") ? 200 : 503, report);
    }

    /** Asks the database, then the migrator; never throws. */
    public HealthReport check() {
        try (Connection c = pool.getConnection()) {
            if (!c.isValid(2)) {
                return unavailable("unreachable", "The database connection is not valid");
            }
        } catch (SQLException e) {
            return unavailable("unreachable", e.getMessage());
        }
        InfoResult info;
        try {
            info = inspector.info();
        } catch (MigratorException e) {
            return unavailable("reachable", e.getMessage());
        }
        List<HealthReport.Revision> pending = info.pending().stream()
                .map(r -> new HealthReport.Revision(r.revision(), r.message(), r.script())).toList();
        List<String> problems = info.revisions().stream()
                .filter(r -> r.state() == RevisionState.FAILED || r.state() == RevisionState.CHECKSUM_MISMATCH)
                .map(r -> r.state().label() + ": " + r.revision() + " (" + r.script() + ")").toList();
        List<String> unknown = info.revisions().stream().filter(r -> r.state() == RevisionState.MISSING_FILE)
                .map(RevisionInfo::revision).toList();
        boolean atHead = pending.isEmpty() && problems.isEmpty();
        return new HealthReport(atHead ? "ok" : "unavailable", environment, "reachable", atHead, info.heads(),
                info.currentRevisions(), pending, problems, unknown, null);
    }

    private HealthReport unavailable(String database, String error) {
        return new HealthReport("unavailable", environment, database, false, List.of(), List.of(), List.of(),
                List.of(), List.of(), error);
    }
}
