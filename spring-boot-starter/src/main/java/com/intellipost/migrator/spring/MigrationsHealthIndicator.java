package com.intellipost.migrator.spring;

import com.intellipost.migrator.Migrator;
import com.intellipost.migrator.command.RevisionInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The health contributor {@code migrations}: UP when every revision of this build is applied and none failed or
 * was edited, DOWN otherwise (or when the history cannot be read), with the current and pending revisions as
 * details. A readiness probe that includes it holds traffic back from a replica whose schema is behind.
 */
public class MigrationsHealthIndicator extends AbstractHealthIndicator {

    private final Migrator migrator;

    /** {@code migrator} should not wait for a database that is down: it is asked on every health request. */
    public MigrationsHealthIndicator(Migrator migrator) {
        super("Cannot read the migration history");
        this.migrator = migrator;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        SchemaStatus status = SchemaStatus.of(migrator.info());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("current", status.current());
        details.put("heads", status.heads());
        details.put("pending", status.pending().stream().map(RevisionInfo::revision).toList());
        if (!status.problems().isEmpty()) {
            details.put("problems", status.problems());
        }
        if (!status.unknown().isEmpty()) {
            details.put("unknown", status.unknown());
        }
        (status.atHead() ? builder.up() : builder.down()).withDetails(details);
    }
}
