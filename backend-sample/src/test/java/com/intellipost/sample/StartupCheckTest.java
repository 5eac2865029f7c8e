package com.intellipost.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.Migrator;
import com.intellipost.migrator.testing.PostgresExtension;
import com.intellipost.migrator.testing.TestDatabase;
import com.intellipost.sample.migration.StartupRefusedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The startup hook in check-only mode (staging and production by default): pending, edited or failed revisions
 * stop the application before it serves; {@code INTELLIPOST_MIGRATE_ON_STARTUP} overrides the environment's
 * default. (Acceptance 3 runs the same refusal through the packaged jar: {@code PreDeployStepIT}.)
 */
@ExtendWith(PostgresExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StartupCheckTest {

    private static final String MERGE = "7f8567124726";
    private static final String HEAD = DevelopmentStartupTest.HEAD;

    @BeforeAll
    static void migrateAllButTheLastRevision(TestDatabase db) {
        migrator(db, "classpath:db/migrations").migrate(MERGE);
    }

    @Test
    @Order(1)
    void productionRefusesToStartWithAPendingRevision(TestDatabase db) {
        StartupRefusedException refused = assertThrows(StartupRefusedException.class,
                () -> BackendApplication.start(config(db, "production", Map.of())));
        String message = refused.getMessage();
        assertTrue(message.startsWith("Refusing to start in production"), message);
        assertTrue(message.contains("pending: e831448aae1e Index posts by creation time"
                + " (db/migrations/20261124122000_e831448aae1e_index_posts_by_creation_time.sql)"), message);
        assertTrue(message.contains("java -jar backend-sample.jar migrate"), message);
    }

    @Test
    @Order(2)
    void stagingRefusesTooAndDevelopmentWhenToldNotToMigrate(TestDatabase db) {
        assertThrows(StartupRefusedException.class, () -> BackendApplication.start(config(db, "staging", Map.of())));
        assertThrows(StartupRefusedException.class, () -> BackendApplication.start(config(db, "development",
                Map.of("INTELLIPOST_MIGRATE_ON_STARTUP", "false"))));
    }

    @Test
    @Order(3)
    void productionMigratesWhenToldTo(TestDatabase db) throws Exception {
        try (BackendApplication app = BackendApplication.start(config(db, "production",
                Map.of("INTELLIPOST_MIGRATE_ON_STARTUP", "true")))) {
            assertEquals(200, new Http(app.port()).get("/health").status());
        }
        assertEquals(1L, db.count("SELECT 1 FROM intellipost_schema_history WHERE revision = '" + HEAD + "'"));
        String backup = (String) db.queryValue("SELECT backup FROM intellipost_schema_audit WHERE revision = '" + HEAD
                + "'");
        assertTrue(backup != null && backup.contains("test-backups") && backup.contains(db.name() + "_"), backup);
        assertTrue(Files.isRegularFile(Path.of(backup.substring(0, backup.indexOf(" (")))),
                "migrating at startup in production backs up first: " + backup);
    }

    @Test
    @Order(4)
    void productionRefusesAnEditedRevision(TestDatabase db, @TempDir Path dir) throws IOException {
        copyMigrations(dir);
        Path posts = dir.resolve("20261124120500_aad1b8750ea8_create_posts.sql");
        Files.writeString(posts, Files.readString(posts).replace("CREATE INDEX posts_author_id_idx",
                "CREATE INDEX IF NOT EXISTS posts_author_id_idx"));

        StartupRefusedException refused = assertThrows(StartupRefusedException.class, () -> BackendApplication.start(
                config(db, "production", Map.of("INTELLIPOST_LOCATIONS", "filesystem:" + dir))));
        assertTrue(refused.getMessage().contains("checksum mismatch: aad1b8750ea8 Create posts"), refused.getMessage());
        assertTrue(refused.getMessage().contains("java -jar backend-sample.jar validate"), refused.getMessage());
    }

    @Test
    @Order(5)
    void anOlderBuildStartsOnANewerSchema(TestDatabase db, @TempDir Path dir) throws Exception {
        // A newer build added a revision and migrated; this build (the classpath scripts) does not know it.
        copyMigrations(dir);
        Files.writeString(dir.resolve("20261125000000_0a1b2c3d4e5f_add_post_slug.sql"), """
                -- revision: 0a1b2c3d4e5f
                -- down_revision: 3c9d5e7f1a2b
                -- message: Add post slug

                -- migrate:up
                ALTER TABLE posts ADD COLUMN slug text;

                -- migrate:down
                ALTER TABLE posts DROP COLUMN slug;
                """);
        migrator(db, "filesystem:" + dir).migrate();

        try (BackendApplication app = BackendApplication.start(config(db, "production", Map.of()))) {
            Http.Response health = new Http(app.port()).get("/health");
            assertEquals(200, health.status(), health.body());
            assertEquals(List.of("0a1b2c3d4e5f"), DevelopmentStartupTest.strings(health.json().get("unknownRevisions")));
        }
    }

    private static AppConfig config(TestDatabase db, String environment, Map<String, String> extra) {
        Map<String, String> variables = TestVariables.forDatabase(db, environment);
        variables.putAll(extra);
        return AppConfig.from(variables::get);
    }

    private static Migrator migrator(TestDatabase db, String locations) {
        return Migrator.configure().isolated().url(db.jdbcUrl()).user(db.user()).password(db.password())
                .locations(locations).load();
    }

    private static void copyMigrations(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migrations"))) {
            for (Path file : files.toList()) {
                Files.copy(file, dir.resolve(file.getFileName().toString()));
            }
        }
    }
}
