package com.intellipost.migrator.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.Migrator;
import com.intellipost.migrator.spring.example.ExampleApplication;
import com.intellipost.migrator.spring.example.GreetingCatalog;
import com.intellipost.migrator.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * In production the default is {@code validate}: a pending revision stops the application before any bean uses the
 * database, with the core's words and the revision named, shown by Spring Boot as the failure's description (no
 * stack trace); once the revisions are applied (by a pre-deploy step) the same application starts.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ValidateAtStartupTest {

    @RegisterExtension
    static final StarterDatabase DB = new StarterDatabase(ValidateAtStartupTest.class);


    private static ConfigurableApplicationContext start(String... properties) {
        return new SpringApplicationBuilder(ExampleApplication.class).web(WebApplicationType.NONE)
                .properties(DB.dataSourceArguments()).properties(properties).run();
    }

    @Test
    @Order(1)
    void aPendingRevisionStopsTheApplicationInProductionNamingIt(CapturedOutput output) throws Exception {
        Exception e = assertThrows(Exception.class, () -> start("intellipost.environment=production"));

        StartupRefusedException refused = rootCause(e, StartupRefusedException.class);
        assertEquals("Refusing to start in production: the database is not at this build's head (4f1c2a9e7b3d);"
                + " it is at base (nothing applied).\n"
                + "  pending: 1a2b3c4d5e6f Create greeting"
                + " (db/migrations/20261201090000_1a2b3c4d5e6f_create_greeting.sql)\n"
                + "  pending: 4f1c2a9e7b3d Index greeting text"
                + " (db/migrations/20261201090100_4f1c2a9e7b3d_index_greeting_text.sql)\n"
                + "Apply the pending revisions before the application starts (mvn intellipost:migrate, or the"
                + " deployment's pre-deploy step), or set intellipost.on-startup=migrate to apply them at startup.",
                refused.getMessage());
        assertEquals(0L, DB.get().count("SELECT 1 FROM pg_tables WHERE tablename IN ('greeting',"
                + " 'intellipost_schema_history')"), "validate changed nothing");
        assertTrue(output.getOut().contains("APPLICATION FAILED TO START\n***************************\n\n"
                + "Description:\n\nRefusing to start in production: "), output::getOut);
        assertTrue(output.getOut().contains("Action:\n\nDo what the description says"), output::getOut);
    }

    @Test
    @Order(2)
    void onceMigratedTheApplicationStartsInProduction() {
        TestDatabase db = DB.get();
        Migrator.configure().isolated().url(db.jdbcUrl()).user(db.user()).password(db.password())
                .locations("classpath:db/migrations").load().migrate();

        try (ConfigurableApplicationContext context = start("intellipost.environment=production")) {
            assertEquals(OnStartup.VALIDATE, context.getBean(MigrationInitializer.class).onStartup());
            assertEquals(List.of("hello"), context.getBean(GreetingCatalog.class).greetings());
        }
    }

    private static <T extends Throwable> T rootCause(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in the causes of " + t, t);
    }
}
