package com.intellipost.migrator.spring;

import com.intellipost.migrator.Migrator;
import javax.sql.DataSource;

/**
 * Builds migrators from the {@code intellipost.*} properties and the application's DataSource (null: none), which
 * lends the connections unless a URL is configured.
 */
final class MigratorFactory {

    private final IntelliPostProperties properties;
    private final DataSource dataSource;
    private final ClassLoader classLoader;

    MigratorFactory(IntelliPostProperties properties, DataSource dataSource, ClassLoader classLoader) {
        this.properties = properties;
        this.dataSource = dataSource;
        this.classLoader = classLoader;
    }

    /** A builder with the properties as builder values: {@code -D} and {@code INTELLIPOST_*} still win over them. */
    Migrator.Builder builder() {
        Migrator.Builder builder = Migrator.configure().classLoader(classLoader).dataSource(dataSource);
        properties.applyTo(builder);
        return builder;
    }
}
