package com.intellipost.migrator.spring;

import com.intellipost.migrator.Migrator;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ResourceLoader;

/**
 * Migrations at startup: a {@link Migrator} over the application's DataSource (or {@code intellipost.url}) and a
 * {@link MigrationInitializer} that every database-using bean waits for. Active when there is a DataSource or
 * {@code intellipost.url} is set.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
@Conditional(IntelliPostAutoConfiguration.DatabaseCondition.class)
@EnableConfigurationProperties(IntelliPostProperties.class)
@Import(DatabaseInitializationDependencyConfigurer.class)
public class IntelliPostAutoConfiguration {

    /** The application's migrator, for its own use too (info, validate...); replace it by declaring one. */
    @Bean
    @ConditionalOnMissingBean
    Migrator intellipostMigrator(IntelliPostProperties properties, ObjectProvider<DataSource> dataSource,
                                 ResourceLoader resourceLoader) {
        return new MigratorFactory(properties, dataSource.getIfUnique(), resourceLoader.getClassLoader()).builder()
                .load();
    }

    @Bean
    @ConditionalOnMissingBean
    MigrationInitializer intellipostMigrationInitializer(Migrator migrator, IntelliPostProperties properties) {
        return new MigrationInitializer(migrator, properties.getOnStartup(), properties.getTarget());
    }

    /** A DataSource bean, or a URL of the migrator's own. */
    static final class DatabaseCondition extends AnyNestedCondition {

        DatabaseCondition() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnBean(DataSource.class)
        static final class DataSourceBean {
        }

        @ConditionalOnProperty("intellipost.url")
        static final class UrlProperty {
        }
    }
}
