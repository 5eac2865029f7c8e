package com.intellipost.migrator.spring;

import com.intellipost.migrator.Migrator;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;

/**
 * The actuator side, when the application has actuator: the health contributor {@code migrations}
 * ({@code management.health.migrations.enabled}) and the endpoint {@code intellipost} (exposed like any other,
 * {@code management.endpoints.web.exposure.include=health,intellipost}).
 */
@AutoConfiguration(after = IntelliPostAutoConfiguration.class)
@ConditionalOnBean(Migrator.class)
public class IntelliPostActuatorAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
    @ConditionalOnEnabledHealthIndicator("migrations")
    static class HealthConfiguration {

        /**
         * Reads the history with its own migrator, which does not wait for a database that is down
         * ({@code connectTimeout=0}): a health request must answer, DOWN if need be.
         */
        @Bean
        @ConditionalOnMissingBean(name = "migrationsHealthIndicator")
        MigrationsHealthIndicator migrationsHealthIndicator(IntelliPostProperties properties,
                ObjectProvider<DataSource> dataSource, ResourceLoader resourceLoader) {
            Migrator inspector = new MigratorFactory(properties, dataSource.getIfUnique(),
                    resourceLoader.getClassLoader()).builder().set("connectTimeout", "0").load();
            return new MigrationsHealthIndicator(inspector);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({IntelliPostEndpoint.class, ConditionalOnAvailableEndpoint.class})
    @ConditionalOnAvailableEndpoint(IntelliPostEndpoint.class)
    static class EndpointConfiguration {

        @Bean
        @ConditionalOnMissingBean
        IntelliPostEndpoint intellipostEndpoint(Migrator migrator) {
            return new IntelliPostEndpoint(migrator);
        }
    }
}
