package com.intellipost.migrator.execute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.Migrator;
import com.intellipost.migrator.testing.PostgresExtension;
import com.intellipost.migrator.testing.PostgresServer;
import com.intellipost.migrator.testing.Revisions;
import com.intellipost.migrator.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN 2.14: a production migrate with work to do first writes a {@code pg_dump --format=custom} backup, which
 * {@code pg_restore} turns back into the database as it was before the run (schema, data and history); without a
 * working pg_dump the run is refused with nothing changed; a run with nothing to do takes none. Uses the machine's
 * pg_dump and pg_restore (the PostgreSQL client); a machine without them fails these tests.
 */
@ExtendWith(PostgresExtension.class)
class BackupTest {

    private static final String PASSWORD = "dump-secret-7Q";

    @Test
    void aProductionMigrateWritesABackupThatRestoresThePreMigrationState(TestDatabase db, @TempDir Path dir)
            throws Exception {
        Revisions r = new Revisions(dir.resolve("scripts"));
        r.write("1.sql", "bk1", null, "CREATE TABLE bk_item (id int PRIMARY KEY, name text);\n"
                + "INSERT INTO bk_item VALUES (1, 'one'), (2, 'two'), (3, 'three');", "DROP TABLE bk_item;");
        Path backups = dir.resolve("backups");
        Path recorder = recordingPgDump(dir);
        production(r, db, backups).set("pgDumpPath", recorder.toString()).load().migrate();
        List<Path> first = files(backups);
        assertEquals(1, first.size(), "the first production run was backed up too: " + first);
        assertTrue(first.get(0).getFileName().toString().matches(db.name() + "_\\d{8}T\\d{6}Z_base\\.dump"),
                first::toString);

        // pg_dump got the password in its environment, never on its command line
        String argv = Files.readString(dir.resolve("argv"), StandardCharsets.UTF_8);
        assertFalse(argv.contains(PASSWORD), argv);
        assertTrue(argv.contains("--format=custom"), argv);
        assertEquals(PASSWORD, Files.readString(dir.resolve("pgpassword"), StandardCharsets.UTF_8));

        r.write("2.sql", "bk2", "bk1", "ALTER TABLE bk_item ADD COLUMN price numeric;\n"
                + "UPDATE bk_item SET name = upper(name);\nDELETE FROM bk_item WHERE id = 3;", "SELECT 1;");
        production(r, db, backups).load().migrate();
        List<Path> second = files(backups);
        assertEquals(2, second.size(), second::toString);
        Path before = second.stream().filter(p -> p.getFileName().toString().endsWith("_bk1.dump")).findFirst()
                .orElseThrow(() -> new AssertionError("a backup named with the current revision bk1: " + second));
        assertFalse(Files.exists(Path.of(before + ".partial")));

        String backupColumn = (String) db.queryValue("SELECT backup FROM intellipost_schema_audit"
                + " WHERE action = 'upgrade' AND revision = 'bk2'");
        assertTrue(backupColumn != null && backupColumn.startsWith(before.toString() + " (")
                && backupColumn.contains("pg_dump") && backupColumn.contains(" ms)"), backupColumn);

        TestDatabase restored = PostgresServer.get().createDatabase("BackupTestRestored");
        try {
            run(List.of("pg_restore", "--exit-on-error", "--no-owner", "--dbname=" + libpqUrl(restored),
                    before.toString()), db.password());
            assertEquals(List.of("1|one", "2|two", "3|three"), restored.column(
                    "SELECT id || '|' || name FROM bk_item ORDER BY id"), "the data as it was before bk2");
            assertEquals(0L, restored.count("SELECT 1 FROM information_schema.columns WHERE table_name = 'bk_item'"
                    + " AND column_name = 'price'"), "the schema as it was before bk2");
            assertEquals(List.of("bk1|true"), restored.column("SELECT revision || '|' || success FROM"
                    + " intellipost_schema_history ORDER BY revision"), "the history as it was before bk2");
            assertEquals(List.of("upgrade|bk1"), restored.column("SELECT action || '|' || revision FROM"
                    + " intellipost_schema_audit ORDER BY id"));
        } finally {
            PostgresServer.get().dropDatabase(restored);
        }
    }

    @Test
    void withoutAWorkingPgDumpTheRunIsRefusedWithNothingChanged(TestDatabase db, @TempDir Path dir) throws Exception {
        Revisions r = new Revisions(dir.resolve("scripts"));
        r.write("1.sql", "nb1", null, "CREATE TABLE nb_table (id int);", "DROP TABLE nb_table;");
        Path backups = dir.resolve("backups");

        BackupFailedException missing = assertThrows(BackupFailedException.class, () -> production(r, db, backups)
                .set("schema", "nb_missing").set("pgDumpPath", dir.resolve("no/such/pg_dump").toString()).load()
                .migrate());
        assertTrue(missing.getMessage().contains("pgDumpPath") && missing.getMessage().contains("backup=none")
                && missing.getMessage().contains("nothing was changed"), missing.getMessage());

        Path failing = dir.resolve("failing_pg_dump");
        Files.writeString(failing, "#!/bin/sh\necho 'pg_dump: error: server version mismatch' >&2\nexit 1\n");
        Files.setPosixFilePermissions(failing, PosixFilePermissions.fromString("rwx------"));
        BackupFailedException failed = assertThrows(BackupFailedException.class, () -> production(r, db, backups)
                .set("schema", "nb_missing").set("pgDumpPath", failing.toString()).load().migrate());
        assertTrue(failed.getMessage().contains("exited with status 1: pg_dump: error: server version mismatch"),
                failed.getMessage());
        assertFalse(failed.getMessage().contains(PASSWORD), failed.getMessage());

        assertNull(db.queryValue("SELECT to_regclass('nb_table')"), "no statement ran");
        assertNull(db.queryValue("SELECT to_regnamespace('nb_missing')"), "not even the history's schema was created");
        assertEquals(List.of(), files(backups), "no file, not even a partial one, is left");

        // backup=none, said explicitly, runs without pg_dump
        production(r, db, backups).set("schema", "nb_missing").set("pgDumpPath", dir.resolve("none").toString())
                .set("backup", "none").load().migrate();
        assertEquals(1L, db.count("SELECT 1 FROM nb_missing.intellipost_schema_history WHERE revision = 'nb1'"));
    }

    @Test
    void aRunWithNothingToDoTakesNoBackupAndOnlyProductionTakesOneByDefault(TestDatabase db, @TempDir Path dir)
            throws Exception {
        Revisions r = new Revisions(dir.resolve("scripts"));
        r.write("1.sql", "nd1", null, "CREATE TABLE nd_table (id int);", "DROP TABLE nd_table;");
        Path backups = dir.resolve("backups");
        r.migrator(db).set("schema", "nothing_due").set("backupDirectory", backups.toString()).load().migrate();
        assertEquals(List.of(), files(backups), "development takes no backup by default");

        r.write("2.sql", "nd2", "nd1", "CREATE TABLE nd_second (id int);", "DROP TABLE nd_second;");
        Migrator production = production(r, db, backups).set("schema", "nothing_due").load();
        assertEquals(1, production.migrate().applied().size());
        assertEquals(1, files(backups).size());
        assertTrue(production.migrate().applied().isEmpty());
        assertTrue(production.migrate("nd1").applied().isEmpty()); // the locked path: a target already applied
        assertEquals(1, files(backups).size(), "nothing was pending: no backup");

        r.migrator(db).set("schema", "nothing_due").set("backupDirectory", backups.toString())
                .set("backup", "pg_dump").load().downgrade("-1");
        assertEquals(2, files(backups).size(), "backup=pg_dump set explicitly works in development, for downgrade too");
    }

    @Test
    void theDumpAndTheDirectoryTheMigratorCreatesAreReadableByTheirOwnerOnly(TestDatabase db, @TempDir Path dir)
            throws Exception {
        Revisions r = new Revisions(dir.resolve("scripts"));
        r.write("1.sql", "pm1", null, "CREATE TABLE pm_secret (id int);", "DROP TABLE pm_secret;");
        Path backups = dir.resolve("new/backups");

        production(r, db, backups).set("schema", "owner_only").load().migrate();

        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(backups)),
                "a directory the migrator creates is its owner's only");
        List<Path> dumps = files(backups);
        assertEquals(1, dumps.size(), dumps::toString);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dumps.get(0))),
                "a dump holds every row: its owner's only");

        // an existing directory keeps the mode its operator gave it; the dump in it is still the owner's only
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-x---"));
        r.write("2.sql", "pm2", "pm1", "CREATE TABLE pm_more (id int);", "DROP TABLE pm_more;");
        production(r, db, shared).set("schema", "owner_only").load().migrate();
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(shared)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                files(shared).get(0))));
    }

    @Test
    void aBackupDirectoryThatCannotBeWrittenIsNamedAsWhatToFix(TestDatabase db, @TempDir Path dir) throws Exception {
        Revisions r = new Revisions(dir.resolve("scripts"));
        r.write("1.sql", "bd1", null, "CREATE TABLE bd_table (id int);", "DROP TABLE bd_table;");
        Path file = Files.writeString(dir.resolve("a-file"), "not a directory");

        for (Path directory : List.of(file, file.resolve("below-a-file"))) {
            BackupFailedException e = assertThrows(BackupFailedException.class, () -> production(r, db, directory)
                    .set("schema", "bd_missing").load().migrate());
            String message = e.getMessage();
            assertTrue(message.contains("backupDirectory " + directory + " cannot be written: ")
                    && message.contains("Fix backupDirectory (now " + directory + ")")
                    && message.contains("backup=none") && message.contains("nothing was changed"), message);
            assertFalse(message.contains("pgDumpPath"), "pg_dump is not the problem: " + message);
            assertFalse(message.contains("java.") || message.contains("Exception"), "no Java names: " + message);
        }
        assertNull(db.queryValue("SELECT to_regnamespace('bd_missing')"), "not even the history's schema was created");
        assertEquals("not a directory", Files.readString(file));
    }

    private static Migrator.Builder production(Revisions r, TestDatabase db, Path backups) {
        return r.migrator(db).password(PASSWORD).environment("production").set("backupDirectory", backups.toString());
    }

    /** A pg_dump that writes its arguments and PGPASSWORD next to itself, then runs the real one. */
    private static Path recordingPgDump(Path dir) throws Exception {
        Path script = dir.resolve("recording_pg_dump");
        Files.writeString(script, "#!/bin/sh\nprintf '%s\\n' \"$@\" > '" + dir.resolve("argv") + "'\n"
                + "printf '%s' \"$PGPASSWORD\" > '" + dir.resolve("pgpassword") + "'\nunset PGPASSWORD\n"
                + "exec pg_dump \"$@\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    private static List<Path> files(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    /** {@code postgresql://user@host:port/db} for libpq tools. */
    private static String libpqUrl(TestDatabase db) {
        return db.jdbcUrl().substring("jdbc:".length()).replace("postgresql://", "postgresql://" + db.user() + "@");
    }

    private static void run(List<String> command, String password) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (password != null) {
            builder.environment().put("PGPASSWORD", password);
        }
        Process p = builder.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "pg_restore ended");
        assertEquals(0, p.exitValue(), () -> String.join(" ", command) + ": " + output);
    }
}
