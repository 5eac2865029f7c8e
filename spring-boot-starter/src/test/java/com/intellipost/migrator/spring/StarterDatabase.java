package com.intellipost.migrator.spring;

import com.intellipost.migrator.testing.PostgresServer;
import com.intellipost.migrator.testing.TestDatabase;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A database of its own for one test class, on the server migrator-core's fixture finds (DESIGN 4): created when
 * first asked for (by {@code @DynamicPropertySource}, which {@code PostgresExtension}'s parameters cannot reach),
 * dropped after the class. Register it as {@code @RegisterExtension static final StarterDatabase DB}.
 */
final class StarterDatabase implements AfterAllCallback {

    private final String label;
    private TestDatabase database;

    StarterDatabase(Class<?> testClass) {
        this.label = testClass.getSimpleName();
    }

    synchronized TestDatabase get() {
        if (database == null) {
            database = PostgresServer.get().createDatabase(label);
        }
        return database;
    }

    /** {@code spring.datasource.*} for this database. */
    void register(DynamicPropertyRegistry registry) {
        dataSourceProperties().forEach((key, value) -> registry.add(key, () -> value));
    }

    /** {@code spring.datasource.*} for this database, as {@code key=value} arguments for a SpringApplicationBuilder. */
    String[] dataSourceArguments() {
        return dataSourceProperties().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
    }

    private Map<String, String> dataSourceProperties() {
        TestDatabase db = get();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", db.jdbcUrl());
        properties.put("spring.datasource.username", db.user());
        if (db.password() != null) {
            properties.put("spring.datasource.password", db.password());
        }
        return properties;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        drop();
    }

    /** Drops the database, disconnecting whatever pool is still open on it; again, does nothing. */
    synchronized void drop() {
        if (database != null) {
            PostgresServer.get().dropDatabase(database);
            database = null;
        }
    }
}
