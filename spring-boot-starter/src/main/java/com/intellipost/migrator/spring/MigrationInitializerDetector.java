package com.intellipost.migrator.spring;

import java.util.Set;
import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;

/**
 * Tells Spring Boot that a {@link MigrationInitializer} initializes the database, so that the beans that use it
 * wait for it, as Spring Boot's own Flyway support does for its initializer (registered in
 * {@code META-INF/spring.factories}).
 */
class MigrationInitializerDetector extends AbstractBeansOfTypeDatabaseInitializerDetector {

    @Override
    protected Set<Class<?>> getDatabaseInitializerBeanTypes() {
        return Set.of(MigrationInitializer.class);
    }

    /** Flyway's initializer's order: before the {@code spring.sql.init} scripts, which may fill migrated tables. */
    @Override
    public int getOrder() {
        return 1;
    }
}
