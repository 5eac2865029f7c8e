package com.intellipost.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.testing.PostgresExtension;
import com.intellipost.migrator.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Acceptance 4: with the roles of {@code init-db.sql}, migrations run as the migration role, and the application,
 * connected as the application role, reads and writes posts but cannot create (or alter, or drop) a table.
 * Roles are cluster-wide, so the test runs the very same file with the two role names (and their passwords)
 * replaced by unique ones, and drops them afterwards.
 */
@ExtendWith(PostgresExtension.class)
class DatabaseRolesTest {

    private static final String SUFFIX = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private static final String MIGRATOR = "ipt_mig_" + SUFFIX;
    private static final String APP = "ipt_app_" + SUFFIX;
    private static final String MIGRATOR_PASSWORD = "mig-" + SUFFIX;
    private static final String APP_PASSWORD = "app-" + SUFFIX;

    private static BackendApplication app;

    @BeforeAll
    static void createRolesAndStart(TestDatabase db) throws Exception {
        String script = Files.readString(Path.of("init-db.sql"), StandardCharsets.UTF_8)
                .replace("'migrator-dev-only'", "'" + MIGRATOR_PASSWORD + "'")
                .replace("'app-dev-only'", "'" + APP_PASSWORD + "'")
                .replaceAll("\\bintellipost_migrator\\b", MIGRATOR)
                .replaceAll("\\bintellipost_app\\b", APP);
        db.execute(script);
        db.execute(script); // the file is safe to run again

        Map<String, String> variables = TestVariables.forDatabase(db, "testing");
        variables.put("INTELLIPOST_DATABASE_USER", APP);
        variables.put("INTELLIPOST_DATABASE_PASSWORD", APP_PASSWORD);
        variables.put("INTELLIPOST_MIGRATION_DATABASE_URL", db.jdbcUrl());
        variables.put("INTELLIPOST_MIGRATION_DATABASE_USER", MIGRATOR);
        variables.put("INTELLIPOST_MIGRATION_DATABASE_PASSWORD", MIGRATOR_PASSWORD);
        app = BackendApplication.start(AppConfig.from(variables::get));
    }

    @AfterAll
    static void stopAndDropRoles(TestDatabase db) throws Exception {
        if (app != null) {
            app.close();
        }
        // Runs before PostgresExtension drops the database: hand everything back, then the roles can go.
        // One role per statement: DROP OWNED BY both at once trips over the default ACL that links them.
        for (String role : new String[] {MIGRATOR, APP}) {
            db.execute("REASSIGN OWNED BY " + role + " TO CURRENT_USER");
            db.execute("DROP OWNED BY " + role);
        }
        db.execute("DROP ROLE " + MIGRATOR);
        db.execute("DROP ROLE " + APP);
    }

    @Test
    void migrationsRunAsTheMigrationRole(TestDatabase db) throws Exception {
        assertEquals(MIGRATOR, db.queryValue("SELECT tableowner FROM pg_tables WHERE tablename = 'posts'"));
        assertEquals(MIGRATOR, db.queryValue("SELECT tableowner FROM pg_tables"
                + " WHERE tablename = 'intellipost_schema_history'"));
        assertEquals(MIGRATOR, db.queryValue("SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = 'public'"));
        assertEquals((long) DevelopmentStartupTest.REVISIONS.size(), db.count("SELECT 1 FROM intellipost_schema_audit WHERE action = 'upgrade'"
                + " AND outcome = 'success' AND database_user = '" + MIGRATOR + "'"));
    }

    @Test
    void applicationRoleReadsAndWritesPosts() {
        Http http = new Http(app.port());
        Http.Response health = http.get("/health");
        assertEquals(200, health.status(), "the application role can read the history: " + health.body());

        Http.Response created = http.postJson("/api/posts",
                "{\"title\": \"Roles\", \"content\": \"Written by the application role\", \"tags\": [\"security\"]}");
        assertEquals(201, created.status(), created.body());
        Http.Response read = http.get("/api/posts/" + created.json().get("id").asLong());
        assertEquals(200, read.status(), read.body());
        assertEquals("security", read.json().get("tags").get(0).asText());
        assertEquals(200, http.get("/api/posts").status());
    }

    @Test
    void applicationRoleCannotChangeTheSchema(TestDatabase db) throws Exception {
        try (Connection c = connectAs(db, APP, APP_PASSWORD); Statement s = c.createStatement()) {
            s.execute("UPDATE posts SET title = title WHERE false"); // data access works
            s.execute("DELETE FROM users WHERE false");

            for (String ddl : new String[] {
                    "CREATE TABLE intruder (id int)",
                    "CREATE TABLE public.intruder (id int)",
                    "CREATE TEMPORARY TABLE intruder (id int)",
                    "CREATE SCHEMA intruder",
                    "ALTER TABLE posts ADD COLUMN intruder int",
                    "DROP TABLE post_tags",
                    "CREATE INDEX intruder_idx ON posts (title)"}) {
                SQLException e = assertThrows(SQLException.class, () -> s.execute(ddl), ddl);
                assertTrue(e.getSQLState().equals("42501"), ddl + " must fail with insufficient_privilege (42501), got "
                        + e.getSQLState() + " " + e.getMessage());
            }
        }
        assertEquals(0L, db.count("SELECT 1 FROM pg_class WHERE relname LIKE 'intruder%'"));
    }

    @Test
    void migrationRoleCanChangeTheSchema(TestDatabase db) throws Exception {
        try (Connection c = connectAs(db, MIGRATOR, MIGRATOR_PASSWORD); Statement s = c.createStatement()) {
            assertEquals(MIGRATOR, value(s, "SELECT current_user"), "connected as the migration role");
            assertEquals(Boolean.FALSE, value(s, "SELECT rolsuper OR rolcreaterole OR rolcreatedb FROM pg_roles"
                    + " WHERE rolname = current_user"), "an ordinary role: what it may do comes from init-db.sql");

            s.execute("CREATE TABLE scratch (id int)");
            assertEquals(MIGRATOR, value(s, "SELECT tableowner FROM pg_tables WHERE schemaname = 'public'"
                    + " AND tablename = 'scratch'"), "created in public, owned by the migration role");
            s.execute("ALTER TABLE scratch ADD COLUMN note text");
            s.execute("CREATE INDEX scratch_note ON scratch (note)");
            s.execute("CREATE SEQUENCE scratch_seq");
            s.execute("CREATE TEMPORARY TABLE scratch_temp (id int)"); // init-db.sql grants TEMPORARY to it alone
            // The tables the migrations made are its own to change as well (rolled back: other tests use posts).
            c.setAutoCommit(false);
            s.execute("ALTER TABLE posts ADD COLUMN scratch int");
            s.execute("CREATE INDEX posts_scratch ON posts (scratch)");
            c.rollback();
            c.setAutoCommit(true);

            // init-db.sql's default privileges: the application role may use what the migration role creates,
            // data only.
            for (String privilege : new String[] {"SELECT", "INSERT", "UPDATE", "DELETE"}) {
                assertEquals(Boolean.TRUE, value(s, "SELECT has_table_privilege('" + APP + "', 'public.scratch', '"
                        + privilege + "')"), APP + " may " + privilege + " on a table the migration role created");
            }
            for (String privilege : new String[] {"TRUNCATE", "REFERENCES", "TRIGGER"}) {
                assertEquals(Boolean.FALSE, value(s, "SELECT has_table_privilege('" + APP + "', 'public.scratch', '"
                        + privilege + "')"), APP + " may not " + privilege);
            }
            assertEquals(Boolean.TRUE, value(s, "SELECT has_sequence_privilege('" + APP + "', 'public.scratch_seq',"
                    + " 'USAGE')"), APP + " may use a sequence the migration role created");

            s.execute("DROP SEQUENCE scratch_seq");
            s.execute("DROP TABLE scratch");
        }
        assertEquals(0L, db.count("SELECT 1 FROM pg_class WHERE relname LIKE 'scratch%' AND relpersistence <> 't'"),
                "dropped again");
        assertEquals(0L, db.count("SELECT 1 FROM information_schema.columns WHERE table_name = 'posts'"
                + " AND column_name = 'scratch'"), "the change to posts was rolled back");
    }

    private static Object value(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getObject(1);
        }
    }

    private static Connection connectAs(TestDatabase db, String user, String password) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        return DriverManager.getConnection(db.jdbcUrl(), props);
    }
}
