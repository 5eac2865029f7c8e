package com.intellipost.migrator.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.intellipost.migrator.spring.example.ExampleApplication;
import com.intellipost.migrator.spring.example.GreetingCatalog;
import com.intellipost.migrator.testing.PostgresServer;
import com.intellipost.migrator.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code intellipost.url}: a migration user of its own (the original design's DDL user) while the application's
 * DataSource connects as another. The history records the migration user.
 */
@SpringBootTest(classes = ExampleApplication.class, properties = "spring.main.web-application-type=none")
@DirtiesContext
class MigrationUserTest {

    @RegisterExtension
    static final StarterDatabase DB = new StarterDatabase(MigrationUserTest.class);
    private static final String ROLE = "ipt_migrator_" + UUID.randomUUID().toString().substring(0, 8);
    private static final String PASSWORD = "Mig-" + UUID.randomUUID();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) throws SQLException {
        DB.register(registry);
        TestDatabase db = DB.get();
        // owner of the database, and so (PostgreSQL 15) of its public schema: it may create tables there
        db.execute("CREATE ROLE " + ROLE + " LOGIN PASSWORD '" + PASSWORD + "'");
        db.execute("ALTER DATABASE " + db.name() + " OWNER TO " + ROLE);
        registry.add("intellipost.url", db::jdbcUrl);
        registry.add("intellipost.user", () -> ROLE);
        registry.add("intellipost.password", () -> PASSWORD);
    }

    @AfterAll
    static void dropRole() throws SQLException {
        DB.drop(); // first: the role owns the database and its tables
        PostgresServer server = PostgresServer.get();
        Properties credentials = new Properties();
        credentials.setProperty("user", server.user());
        if (server.password() != null) {
            credentials.setProperty("password", server.password());
        }
        try (Connection c = DriverManager.getConnection(server.jdbcUrlFor("postgres"), credentials);
             Statement s = c.createStatement()) {
            s.execute("DROP ROLE IF EXISTS " + ROLE);
        }
    }

    @Autowired
    GreetingCatalog catalog;

    @Test
    void theMigrationUserIsTheOneRecordedInTheHistory() throws Exception {
        assertEquals(List.of("hello"), catalog.greetings(), "the application's own user reads the migrated table");
        assertEquals(2L, DB.get().count("SELECT 1 FROM intellipost_schema_history WHERE applied_by = '" + ROLE + "'"));
        assertEquals(2L, DB.get().count("SELECT 1 FROM intellipost_schema_audit WHERE database_user = '" + ROLE + "'"));
        assertEquals(ROLE, DB.get().queryValue("SELECT tableowner FROM pg_tables WHERE tablename = 'greeting'"));
        String applicationUser = DB.get().user();
        assertEquals(false, applicationUser.equals(ROLE), "the DataSource connects as another user");
    }
}
