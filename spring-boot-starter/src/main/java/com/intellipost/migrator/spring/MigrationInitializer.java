package com.intellipost.migrator.spring;

import com.intellipost.migrator.Migrator;
import com.intellipost.migrator.command.MigrateResult;
import com.intellipost.migrator.command.RevisionInfo;
import com.intellipost.migrator.config.Environment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;

/**
 * Migrates or validates while the application context starts. Spring Boot's database-initialization ordering
 * ({@link MigrationInitializerDetector}) makes every bean that uses the database (a JdbcTemplate, JPA's
 * EntityManagerFactory...) depend on this one, so none of them sees the schema before it is migrated.
 */
public class MigrationInitializer implements InitializingBean {

    private static final Logger LOG = LoggerFactory.getLogger(MigrationInitializer.class);

    private final Migrator migrator;
    private final OnStartup onStartup;
    private final String target;

    /** {@code onStartup} null: migrate in development and testing, validate in staging and production. */
    public MigrationInitializer(Migrator migrator, OnStartup onStartup, String target) {
        this.migrator = migrator;
        this.onStartup = onStartup;
        this.target = target;
    }

    /** What this initializer does: the configured choice, else the environment's default. */
    public OnStartup onStartup() {
        if (onStartup != null) {
            return onStartup;
        }
        return migrator.configuration().environment().isProtected() ? OnStartup.VALIDATE : OnStartup.MIGRATE;
    }

    @Override
    public void afterPropertiesSet() {
        OnStartup mode = onStartup();
        Environment environment = migrator.configuration().environment();
        String why = onStartup != null ? "intellipost.on-startup" : "default in " + environment.id();
        switch (mode) {
            case MIGRATE -> {
                LOG.info("Migrating before the application starts ({})", why);
                MigrateResult result = migrator.migrate(target);
                LOG.info("Schema at {} ({} revision(s) applied by this process)",
                        result.currentRevisions().isEmpty() ? "base" : result.currentRevisions(),
                        result.applied().size());
            }
            case VALIDATE -> {
                LOG.info("Checking that the schema is at this build's head; not migrating ({})", why);
                requireAtHead(SchemaStatus.of(migrator.info()), environment);
            }
            case NONE -> LOG.info("Neither migrating nor validating at startup (intellipost.on-startup=none)");
        }
    }

    private static void requireAtHead(SchemaStatus status, Environment environment) {
        if (!status.unknown().isEmpty()) {
            LOG.warn("The database has revisions this build does not contain ({}): a newer build migrated it."
                    + " Starting anyway, as an older replica must during a rolling deploy.", status.unknown());
        }
        if (status.atHead()) {
            LOG.info("Schema is at head {}", status.current());
            return;
        }
        StringBuilder message = new StringBuilder("Refusing to start in ").append(environment.id())
                .append(": the database is not at this build's head (").append(String.join(", ", status.heads()))
                .append("); it is at ").append(status.current().isEmpty() ? "base (nothing applied)"
                        : String.join(", ", status.current())).append('.');
        for (RevisionInfo r : status.pending()) {
            message.append("\n  pending: ").append(r.revision()).append(' ').append(r.message() == null ? ""
                    : r.message()).append(" (").append(r.script()).append(')');
        }
        for (String problem : status.problems()) {
            message.append("\n  ").append(problem);
        }
        if (!status.pending().isEmpty()) {
            message.append("\nApply the pending revisions before the application starts (mvn intellipost:migrate,"
                    + " or the deployment's pre-deploy step), or set intellipost.on-startup=migrate to apply them"
                    + " at startup.");
        }
        throw new StartupRefusedException(message.toString());
    }
}
