package com.intellipost.migrator.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.Migrator;
import com.intellipost.migrator.config.Configuration;
import com.intellipost.migrator.config.ConfigurationException;
import com.intellipost.migrator.config.Environment;
import com.intellipost.migrator.config.LintFailOn;
import com.intellipost.migrator.config.OutputFormat;
import com.intellipost.migrator.config.Settings;
import com.intellipost.migrator.config.TransactionMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.beans.BeanWrapper;
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The auto-configuration without a database session: which beans exist when, and how {@code intellipost.*}
 * properties reach the migrator's configuration. The DataSource here is never connected to
 * ({@code intellipost.on-startup=none}).
 */
class StarterConfigurationTest {

    private static final AutoConfigurations STARTER = AutoConfigurations.of(IntelliPostAutoConfiguration.class,
            IntelliPostActuatorAutoConfiguration.class);

    private final ApplicationContextRunner withoutDatabase = new ApplicationContextRunner().withConfiguration(STARTER)
            .withPropertyValues("intellipost.on-startup=none");

    private final ApplicationContextRunner runner = withoutDatabase.withBean(DataSource.class, PGSimpleDataSource::new);

    @Test
    void everyCoreSettingIsAProperty() {
        BeanWrapper properties = new BeanWrapperImpl(new IntelliPostProperties());
        for (String key : Settings.KEYS) {
            assertTrue(properties.isReadableProperty(key) && properties.isWritableProperty(key),
                    () -> "IntelliPostProperties has no property for the core setting '" + key + "': add it");
        }
    }

    @Test
    void kebabCasePropertiesReachTheMigratorsConfiguration() {
        runner.withPropertyValues("intellipost.lock-timeout=3s", "intellipost.lock-wait-timeout=2min",
                "intellipost.statement-timeout=1min", "intellipost.connect-timeout=2s", "intellipost.lock-retries=7",
                "intellipost.schema=app", "intellipost.locations=classpath:a,filesystem:b",
                "intellipost.environment=testing", "intellipost.transaction-mode=all",
                "intellipost.clean-enabled=true", "intellipost.lint-fail-on=warning", "intellipost.lint-baseline=abc",
                "intellipost.lint-disabled=ban-drop-table,require-concurrent-index-creation",
                "intellipost.postgres-version=14", "intellipost.format=json",
                "intellipost.dev-url=jdbc:postgresql://127.0.0.1:5432/postgres", "intellipost.require-down=true",
                "intellipost.trace=true").run(context -> {
                    Configuration c = context.getBean(Migrator.class).configuration();
                    assertEquals(Duration.ofSeconds(3), c.lockTimeout());
                    assertEquals(Duration.ofMinutes(2), c.lockWaitTimeout());
                    assertEquals(Duration.ofMinutes(1), c.statementTimeout());
                    assertEquals(Duration.ofSeconds(2), c.connectTimeout());
                    assertEquals(7, c.lockRetries());
                    assertEquals("app", c.schema());
                    assertEquals(List.of("classpath:a", "filesystem:b"), c.locations());
                    assertEquals(Environment.TESTING, c.environment());
                    assertEquals(TransactionMode.ALL, c.transactionMode());
                    assertTrue(c.cleanEnabled());
                    assertEquals(LintFailOn.WARNING, c.lint().failOn());
                    assertEquals(Optional.of("abc"), c.lint().baseline());
                    assertEquals(Set.of("ban-drop-table", "require-concurrent-index-creation"), c.lint().disabled());
                    assertEquals(14, c.lint().postgresVersion());
                    assertEquals(OutputFormat.JSON, c.format());
                    assertEquals(Optional.of("jdbc:postgresql://127.0.0.1:5432/postgres"),
                            c.devUrl().map(u -> u.jdbcUrl()));
                    assertTrue(c.requireDown());
                    assertTrue(c.lint().trace());
                    assertEquals(Optional.empty(), c.url(), "no intellipost.url: the DataSource lends the connections");
                });
    }

    @Test
    void aSystemPropertyStillWinsOverTheApplicationsProperty() {
        System.setProperty("intellipost.lockTimeout", "9s");
        try {
            runner.withPropertyValues("intellipost.lock-timeout=3s").run(context ->
                    assertEquals(Duration.ofSeconds(9), context.getBean(Migrator.class).configuration().lockTimeout()));
        } finally {
            System.clearProperty("intellipost.lockTimeout");
        }
    }

    @Test
    void aBadValueFailsWithTheCoresMessage() {
        runner.withPropertyValues("intellipost.lock-timeout=soon").run(context -> {
            ConfigurationException e = rootCause(context.getStartupFailure(), ConfigurationException.class);
            assertEquals("intellipost.lockTimeout=soon is not a duration; write it like 500ms, 5s, 10min or 1h",
                    e.getMessage());
        });
    }

    @Test
    void aUserWithoutAUrlIsRefusedForTheDataSourceHasItsOwn() {
        runner.withPropertyValues("intellipost.user=migrator").run(context -> {
            ConfigurationException e = rootCause(context.getStartupFailure(), ConfigurationException.class);
            assertTrue(e.getMessage().startsWith("intellipost.user is set but intellipost.url is not"), e::getMessage);
        });
    }

    @Test
    void onStartupDefaultsToMigrateInDevelopmentAndValidateInProduction() {
        runner.run(context -> assertEquals(OnStartup.MIGRATE, initializerOf(context.getBean(Migrator.class))));
        runner.withPropertyValues("intellipost.environment=production").run(context ->
                assertEquals(OnStartup.VALIDATE, initializerOf(context.getBean(Migrator.class))));
        IntelliPostProperties bound = new Binder(new MapConfigurationPropertySource(
                Map.of("intellipost.on-startup", "validate"))).bind("intellipost", IntelliPostProperties.class).get();
        assertEquals(OnStartup.VALIDATE, bound.getOnStartup());
        runner.withPropertyValues("intellipost.on-startup=none").run(context ->
                assertEquals(OnStartup.NONE, context.getBean(MigrationInitializer.class).onStartup()));
    }

    private static OnStartup initializerOf(Migrator migrator) {
        return new MigrationInitializer(migrator, null, null).onStartup(); // not run: there is no database
    }

    @Test
    void withoutADataSourceOrAUrlTheStarterStaysOut() {
        withoutDatabase.run(context -> assertTrue(context.getBeansOfType(Migrator.class).isEmpty()));
        withoutDatabase.withPropertyValues("intellipost.url=jdbc:postgresql://127.0.0.1:1/none")
                .run(context -> assertNotNull(context.getBean(Migrator.class)));
    }

    @Test
    void actuatorSupportIsThereWhenActuatorIs() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=health,intellipost").run(context -> {
            assertEquals(1, context.getBeansOfType(MigrationsHealthIndicator.class).size());
            assertEquals(1, context.getBeansOfType(IntelliPostEndpoint.class).size());
        });
        runner.withPropertyValues("management.endpoints.web.exposure.include=health,intellipost")
                .withClassLoader(new FilteredClassLoader(HealthIndicator.class, ConditionalOnAvailableEndpoint.class))
                .run(context -> {
                    assertEquals(null, context.getStartupFailure());
                    assertEquals(1, context.getBeansOfType(Migrator.class).size());
                    assertTrue(context.getBeansOfType(MigrationsHealthIndicator.class).isEmpty());
                    assertTrue(context.getBeansOfType(IntelliPostEndpoint.class).isEmpty());
                });
        runner.withPropertyValues("management.health.migrations.enabled=false").run(context ->
                assertTrue(context.getBeansOfType(MigrationsHealthIndicator.class).isEmpty()));
    }

    private static <T extends Throwable> T rootCause(Throwable t, Class<T> type) {
        assertNotNull(t, "the context was expected to fail");
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in the causes of " + t, t);
    }
}
