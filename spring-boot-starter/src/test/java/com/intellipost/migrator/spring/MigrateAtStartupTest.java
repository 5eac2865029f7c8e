package com.intellipost.migrator.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.Migrator;
import com.intellipost.migrator.command.RevisionState;
import com.intellipost.migrator.spring.example.ExampleApplication;
import com.intellipost.migrator.spring.example.GreetingCatalog;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The default, in development: the application's DataSource is migrated while the context starts, before the
 * JdbcTemplate that {@link GreetingCatalog} reads a migrated table with.
 */
@SpringBootTest(classes = ExampleApplication.class, properties = "spring.main.web-application-type=none")
@DirtiesContext
class MigrateAtStartupTest {

    @RegisterExtension
    static final StarterDatabase DB = new StarterDatabase(MigrateAtStartupTest.class);

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        DB.register(registry);
    }


    @Autowired
    GreetingCatalog catalog;

    @Autowired
    Migrator migrator;

    @Autowired
    MigrationInitializer initializer;

    @Autowired
    DataSource dataSource;

    @Test
    void aJdbcTemplateBeanCreatedAtStartupReadsATableARevisionCreated() throws Exception {
        assertEquals(List.of("hello"), catalog.greetings());
        assertEquals(OnStartup.MIGRATE, initializer.onStartup(), "the default in development");
        assertEquals(2L, DB.get().count("SELECT 1 FROM intellipost_schema_history WHERE success"));
        assertEquals(1L, DB.get().count("SELECT 1 FROM pg_indexes WHERE indexname = 'greeting_text'"),
                "the CONCURRENTLY revision ran on the application's pool, in autocommit");
        assertEquals(DB.get().user(), DB.get().queryValue("SELECT applied_by FROM intellipost_schema_history"
                + " WHERE revision = '1a2b3c4d5e6f'"), "applied as the DataSource's user");
    }

    @Test
    void theMigratorBeanWorksThroughTheApplicationsPool() {
        assertInstanceOf(com.zaxxer.hikari.HikariDataSource.class, dataSource);
        assertTrue(migrator.info().revisions().stream().allMatch(r -> r.state() == RevisionState.APPLIED));
        assertEquals(List.of("4f1c2a9e7b3d"), migrator.info().currentRevisions());
    }
}
