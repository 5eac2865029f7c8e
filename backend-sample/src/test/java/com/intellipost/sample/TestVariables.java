package com.intellipost.sample;

import com.intellipost.migrator.testing.TestDatabase;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;

/** The {@code INTELLIPOST_*} variables that point the application at a test database. */
final class TestVariables {

    private TestVariables() {
    }

    /** Application (and migration) connection to {@code db}, the given environment, a port chosen by the OS. */
    static Map<String, String> forDatabase(TestDatabase db, String environment) {
        Map<String, String> variables = new HashMap<>();
        variables.put("INTELLIPOST_DATABASE_URL", db.jdbcUrl());
        variables.put("INTELLIPOST_DATABASE_USER", db.user());
        if (db.password() != null) {
            variables.put("INTELLIPOST_DATABASE_PASSWORD", db.password());
        }
        variables.put("INTELLIPOST_ENVIRONMENT", environment);
        variables.put("INTELLIPOST_HOST", "127.0.0.1");
        variables.put("INTELLIPOST_PORT", "0");
        variables.put("INTELLIPOST_CONNECT_TIMEOUT", "10s");
        variables.put("INTELLIPOST_LOCK_WAIT_TIMEOUT", "2min");
        // production runs back up first: into target/, not the module's directory (the tests' working directory)
        variables.put("INTELLIPOST_BACKUP_DIRECTORY", Paths.get("target", "test-backups").toAbsolutePath().toString());
        return variables;
    }
}
