package com.intellipost.sample.migration;

import com.intellipost.migrator.command.InfoResult;
import com.intellipost.migrator.command.MigrateResult;
import com.intellipost.migrator.command.RevisionInfo;
import com.intellipost.migrator.command.RevisionState;
import com.intellipost.sample.AppConfig;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The startup hook. In development and testing the application migrates before it serves: every replica may do
 * so at once, the core's advisory lock lets one apply and the others find nothing left to do. In staging and
 * production it only checks, and refuses to start while a revision is pending, failed or edited, because there
 * the pre-deploy step ({@code java -jar backend-sample.jar migrate}) owns schema changes.
 * {@code INTELLIPOST_MIGRATE_ON_STARTUP=true|false} overrides the default.
 */
public final class StartupMigrations {

    public static final String PRE_DEPLOY_COMMAND = "java -jar backend-sample.jar migrate";

    private static final Logger LOG = LoggerFactory.getLogger(StartupMigrations.class);

    private StartupMigrations() {
    }

    /** Migrates or checks, as configured; throws {@link StartupRefusedException} when the application must not start. */
    public static void run(AppConfig config) {
        String why = config.migrateOnStartupOverride().map(v -> AppConfig.MIGRATE_ON_STARTUP + "=" + v)
                .orElse("default for " + config.environment().id());
        if (config.migrateOnStartup()) {
            LOG.info("Migrating before serving ({})", why);
            MigrateResult result = Migrators.forMigrations(config).migrate();
            LOG.info("Schema at {} ({} revision(s) applied by this process)", result.currentRevisions(),
                    result.applied().size());
        } else {
            LOG.info("Checking that the schema is at head; this process does not migrate ({})", why);
            check(config, Migrators.forInspection(config, null).info());
        }
    }

    /** Refuses while anything is pending, failed or edited; a revision only the database knows is tolerated. */
    static void check(AppConfig config, InfoResult info) {
        List<RevisionInfo> blocking = info.revisions().stream()
                .filter(r -> r.state() == RevisionState.PENDING || r.state() == RevisionState.FAILED
                        || r.state() == RevisionState.CHECKSUM_MISMATCH)
                .toList();
        List<RevisionInfo> unknown = info.revisions().stream()
                .filter(r -> r.state() == RevisionState.MISSING_FILE).toList();
        if (!unknown.isEmpty()) {
            LOG.warn("The database has revisions this build does not contain ({}): a newer build migrated it."
                    + " Starting anyway, as an older replica must during a rolling deploy.", ids(unknown));
        }
        if (blocking.isEmpty()) {
            LOG.info("Schema is at head {}", info.currentRevisions());
            return;
        }
        throw new StartupRefusedException(refusal(config, info, blocking));
    }

    private static String refusal(AppConfig config, InfoResult info, List<RevisionInfo> blocking) {
        StringBuilder message = new StringBuilder("Refusing to start in ").append(config.environment().id())
                .append(": the database schema is not at this build's head (").append(String.join(", ", info.heads()))
                .append("); it is at ").append(info.currentRevisions().isEmpty() ? "base (empty)"
                        : String.join(", ", info.currentRevisions())).append(".");
        for (RevisionInfo r : blocking) {
            message.append("\n  ").append(r.state().label()).append(": ").append(r.revision())
                    .append(" ").append(r.message() == null ? "" : r.message()).append(" (").append(r.script()).append(")");
        }
        boolean pending = blocking.stream().anyMatch(r -> r.state() == RevisionState.PENDING);
        boolean broken = blocking.stream().anyMatch(r -> r.state() != RevisionState.PENDING);
        if (pending) {
            message.append("\nRun the pre-deploy step first: ").append(PRE_DEPLOY_COMMAND)
                    .append(" (with the migration user's INTELLIPOST_MIGRATION_DATABASE_URL or INTELLIPOST_DATABASE_URL),")
                    .append(" then start the application again; or set ").append(AppConfig.MIGRATE_ON_STARTUP)
                    .append("=true to migrate at startup.");
        }
        if (broken) {
            message.append("\nA failed or edited revision is not fixed by migrate: run java -jar backend-sample.jar")
                    .append(" validate for what to do (restore the applied script, or repair after fixing the database).");
        }
        return message.toString();
    }

    private static String ids(List<RevisionInfo> revisions) {
        return revisions.stream().map(RevisionInfo::revision).collect(Collectors.joining(", "));
    }
}
