package com.intellipost.migrator.scratch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.command.CommandContext;
import com.intellipost.migrator.config.Configuration;
import com.intellipost.migrator.execute.MigrationFailedException;
import com.intellipost.migrator.testing.PostgresExtension;
import com.intellipost.migrator.testing.PostgresServer;
import com.intellipost.migrator.testing.Revisions;
import com.intellipost.migrator.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** DESIGN 2.12: scratch databases are created, filled with the normal runner, and always dropped. */
@ExtendWith(PostgresExtension.class)
class ScratchDatabaseTest {

    @Test
    void createdFilledAndDroppedNeverTouchingTheTarget(TestDatabase db, @TempDir Path dir) throws Exception {
        Revisions r = new Revisions(dir);
        r.write("1.sql", "s1", null, "CREATE TABLE t (id int);", "DROP TABLE t;");
        r.write("2.sql", "s2", "s1", "CREATE INDEX CONCURRENTLY t_id ON t (id);", "DROP INDEX t_id;");
        Configuration target = r.migrator(db).load().configuration();

        String name;
        try (ScratchDatabase scratch = ScratchDatabases.create(target)) {
            name = scratch.name();
            assertTrue(name.matches(db.name() + "_scratch_[0-9a-f]{10}"), name);
            assertTrue(exists(db, name));
            scratch.apply(new CommandContext(target, getClass().getClassLoader()).loadGraph().order());
            try (Connection c = scratch.open()) {
                assertEquals(2L, count(c, "SELECT 1 FROM intellipost_schema_history"));
                assertEquals(1L, count(c, "SELECT 1 FROM pg_indexes WHERE indexname = 't_id'"));
            }
        }
        assertFalse(exists(db, name), "dropped at close");
        assertEquals(0L, db.count("SELECT 1 FROM pg_tables WHERE schemaname = 'public'"), "the target is untouched");
    }

    @Test
    void aFailingRevisionIsReportedWithItsFileAndTheDatabaseStillDropped(TestDatabase db, @TempDir Path dir)
            throws Exception {
        Revisions r = new Revisions(dir);
        r.write("1.sql", "f1", null, "CREATE TABLE t (id int);\nSELECT 1/0;", "DROP TABLE t;");
        Configuration target = r.migrator(db).load().configuration();
        String[] name = new String[1];
        MigrationFailedException e = assertThrows(MigrationFailedException.class, () -> {
            try (ScratchDatabase scratch = ScratchDatabases.create(target)) {
                name[0] = scratch.name();
                scratch.apply(new CommandContext(target, getClass().getClassLoader()).loadGraph().order());
            }
        });
        assertTrue(e.getMessage().contains("1.sql"), e.getMessage());
        assertFalse(exists(db, name[0]));
    }

    @Test
    void leftoversOfKilledRunsAreDroppedAndOnesInUseAreLeftAlone(TestDatabase db) throws Exception {
        PostgresServer server = PostgresServer.get();
        String abandoned = db.name() + "_scratch_00000000a1";
        String inUse = db.name() + "_scratch_00000000b2";
        String notOurs = db.name() + "_scratch_00000000c3"; // the name alone is not enough: no comment
        for (String name : List.of(abandoned, inUse, notOurs)) {
            db.execute("CREATE DATABASE " + name);
        }
        db.execute("COMMENT ON DATABASE " + abandoned + " IS '" + ScratchDatabases.COMMENT_PREFIX + " created x'");
        db.execute("COMMENT ON DATABASE " + inUse + " IS '" + ScratchDatabases.COMMENT_PREFIX + " created x'");
        TestDatabase other = new TestDatabase(inUse, server.jdbcUrlFor(inUse), server.user(), server.password());
        try (Connection session = other.connect()) {
            Configuration target = new Revisions(Path.of("unused")).migrator(db).load().configuration();
            try (ScratchDatabase scratch = ScratchDatabases.create(target)) {
                assertFalse(exists(db, abandoned), "a leftover nobody uses is dropped");
                assertTrue(exists(db, inUse), "a scratch database with a session is another run's");
                assertTrue(exists(db, notOurs), "a database without our comment is not ours");
            }
        } finally {
            db.execute("DROP DATABASE IF EXISTS " + inUse + " WITH (FORCE)");
            db.execute("DROP DATABASE IF EXISTS " + notOurs);
        }
    }

    @Test
    void withoutCreatedbTheMessageSaysWhatToGrantOrWhereToGo(TestDatabase db) throws Exception {
        String role = db.name() + "_nocreatedb";
        db.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'pw-not-shown'");
        try {
            Configuration target = new Revisions(Path.of("unused")).migrator(db).user(role).password("pw-not-shown")
                    .load().configuration();
            ScratchDatabaseException e = assertThrows(ScratchDatabaseException.class,
                    () -> ScratchDatabases.create(target).close());
            assertTrue(e.getMessage().contains("CREATEDB") && e.getMessage().contains("devUrl"), e.getMessage());
            assertFalse(e.getMessage().contains("pw-not-shown"), e.getMessage());
        } finally {
            db.execute("DROP ROLE " + role);
        }
    }

    @Test
    void devUrlNamesTheServerAndATargetThatDoesNotExistYetIsFine(TestDatabase db) throws Exception {
        PostgresServer server = PostgresServer.get();
        TestDatabase missing = new TestDatabase(db.name() + "_missing", server.jdbcUrlFor(db.name() + "_missing"),
                server.user(), server.password());
        Configuration noDevUrl = new Revisions(Path.of("unused")).migrator(missing).load().configuration();
        try (ScratchDatabase scratch = ScratchDatabases.create(noDevUrl)) {
            assertTrue(exists(db, scratch.name()));
        }
        Configuration withDevUrl = new Revisions(Path.of("unused")).migrator(missing)
                .set("devUrl", server.jdbcUrlFor(db.name())).load().configuration();
        try (ScratchDatabase scratch = ScratchDatabases.create(withDevUrl)) {
            assertTrue(scratch.name().startsWith(db.name() + "_missing_scratch_"), scratch.name());
            assertTrue(exists(db, scratch.name()));
        }
        assertFalse(exists(db, db.name() + "_missing"), "the target is never created");
    }

    @Test
    void aDevUrlNamingAMissingDatabaseIsToldToNameOneThatExists(TestDatabase db) throws Exception {
        PostgresServer server = PostgresServer.get();
        Configuration target = new Revisions(Path.of("unused")).migrator(db)
                .set("devUrl", server.jdbcUrlFor(db.name() + "_nodev")).load().configuration();
        com.intellipost.migrator.config.ConfigurationException e = assertThrows(
                com.intellipost.migrator.config.ConfigurationException.class, () -> ScratchDatabases.create(target));
        assertTrue(e.getMessage().contains("[SQLSTATE 3D000]; intellipost.devUrl (INTELLIPOST_DEV_URL) must name a"
                + " database that exists"), e.getMessage());
        assertFalse(e.getMessage().contains("environment=development"), "the environment is development already: "
                + e.getMessage());
        assertFalse(exists(db, db.name() + "_nodev"), "devUrl's database is never created");
    }

    @Test
    void aJvmThatExitsDropsItsScratchDatabaseAndAKilledOnesIsDroppedByTheNextRun(TestDatabase db) throws Exception {
        String exited = holder(db, "exit");
        assertFalse(exists(db, exited), "the shutdown hook dropped " + exited);

        String killed = holder(db, "wait");
        assertTrue(exists(db, killed), "a killed JVM runs no hook");
        Configuration target = new Revisions(Path.of("unused")).migrator(db).load().configuration();
        for (int i = 0; i < 50 && db.count("SELECT 1 FROM pg_stat_activity WHERE datname = '" + killed + "'") > 0; i++) {
            Thread.sleep(100); // the server notices the dead client's closed socket
        }
        try (ScratchDatabase next = ScratchDatabases.create(target)) {
            assertFalse(exists(db, killed), "the next run dropped the killed run's " + killed);
        }
    }

    /** Runs {@link ScratchHolder}; returns the name it printed, once it has exited ({@code exit}) or been killed. */
    private static String holder(TestDatabase db, String mode) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), ScratchHolder.class.getName(), db.jdbcUrl(), db.user(), mode));
        if (db.password() != null) {
            command.add(db.password());
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()))) {
            String line;
            StringBuilder seen = new StringBuilder();
            while ((line = out.readLine()) != null) {
                seen.append(line).append('\n');
                if (line.startsWith("CREATED ")) {
                    String name = line.substring("CREATED ".length());
                    if (mode.equals("wait")) {
                        p.destroyForcibly();
                    }
                    assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "holder did not end");
                    return name;
                }
            }
            throw new AssertionError("ScratchHolder printed no name:\n" + seen);
        } finally {
            p.destroyForcibly();
        }
    }

    private static boolean exists(TestDatabase db, String name) throws Exception {
        return db.count("SELECT 1 FROM pg_database WHERE datname = '" + name + "'") == 1;
    }

    private static long count(Connection c, String sql) throws Exception {
        try (var s = c.createStatement(); var rs = s.executeQuery("SELECT count(*) FROM (" + sql + ") q")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
