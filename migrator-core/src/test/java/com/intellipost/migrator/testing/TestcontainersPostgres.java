package com.intellipost.migrator.testing;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** The last resort of {@link PostgresServer}: a throwaway {@code postgres:16-alpine} container. */
final class TestcontainersPostgres {

    private static final String IMAGE = "postgres:16-alpine";

    private final PostgreSQLContainer container;

    private TestcontainersPostgres(PostgreSQLContainer container) {
        this.container = container;
    }

    /** Null when a Docker engine answers, otherwise why Testcontainers cannot be used. */
    static String unavailableReason() {
        try {
            return DockerClientFactory.instance().isDockerAvailable() ? null : "no Docker engine is running";
        } catch (RuntimeException | LinkageError e) {
            return "Docker check failed: " + e.getMessage();
        }
    }

    /** Starts the container; it is stopped by Testcontainers' reaper when the JVM exits. */
    static TestcontainersPostgres start() {
        PostgreSQLContainer container = new PostgreSQLContainer(IMAGE);
        container.start();
        return new TestcontainersPostgres(container);
    }

    String jdbcUrl() {
        return container.getJdbcUrl();
    }

    String user() {
        return container.getUsername();
    }

    String password() {
        return container.getPassword();
    }
}
