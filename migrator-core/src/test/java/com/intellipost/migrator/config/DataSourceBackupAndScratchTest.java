package com.intellipost.migrator.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.Migrator;
import com.intellipost.migrator.command.DriftResult;
import com.intellipost.migrator.command.TestRollbackResult;
import com.intellipost.migrator.execute.BackupFailedException;
import com.intellipost.migrator.scratch.ScratchDatabaseException;
import com.intellipost.migrator.testing.PasswordServer;
import com.intellipost.migrator.testing.PostgresExtension;
import com.intellipost.migrator.testing.Revisions;
import com.intellipost.migrator.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * With a DataSource and no {@code intellipost.url} (the Spring Boot starter's usual setup) what the migrator reaches on
 * its own, pg_dump for a production backup and the server of the scratch databases of drift and test-rollback, is
 * found from the DataSource's connection: its host, port, database and user, without a password. When that cannot
 * log in, the run is refused before anything changed, naming intellipost.url, backup=none and devUrl.
 */
@ExtendWith(PostgresExtension.class)
class DataSourceBackupAndScratchTest {

    private static PGSimpleDataSource dataSource(TestDatabase db) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(db.jdbcUrl());
        ds.setUser(db.user());
        if (db.password() != null) {
            ds.setPassword(db.password());
        }
        return ds;
    }

    private static Migrator.Builder migrator(DataSource ds, Revisions r, String schema) {
        return Migrator.configure().isolated().dataSource(ds).locations("filesystem:" + r.dir()).schema(schema)
                .set("connectTimeout", "5s");
    }

    @Test
    void aProductionMigrateThroughADataSourceIsBackedUpFromTheDataSourcesAddress(TestDatabase db, @TempDir Path dir)
            throws Exception {
        Revisions r = new Revisions(dir.resolve("scripts"));
        r.write("1.sql", "dsb1", null, "CREATE TABLE dsb_item (id int PRIMARY KEY);\nINSERT INTO dsb_item VALUES (1);",
                "DROP TABLE dsb_item;");
        Path backups = dir.resolve("backups");

        migrator(dataSource(db), r, "dsb").environment("production").set("backupDirectory", backups.toString())
                .load().migrate();

        List<Path> dumps = files(backups);
        assertEquals(1, dumps.size(), dumps::toString);
        assertTrue(dumps.get(0).getFileName().toString().matches(db.name() + "_\\d{8}T\\d{6}Z_base\\.dump"),
                "named after the DataSource's database: " + dumps);
        String list = run(List.of("pg_restore", "--list", dumps.get(0).toString()));
        assertTrue(list.contains("dbname: " + db.name()), "a dump of the DataSource's database: " + list);
        String backupColumn = (String) db.queryValue("SELECT backup FROM dsb.intellipost_schema_audit"
                + " WHERE revision = 'dsb1'");
        assertNotNull(backupColumn, "the audit row names the backup");
        assertTrue(backupColumn.startsWith(dumps.get(0).toString()), backupColumn);
    }

    @Test
    void driftAndTestRollbackBuildOnTheDataSourcesServerAndLeaveNoScratchDatabase(TestDatabase db, @TempDir Path dir)
            throws Exception {
        Revisions r = new Revisions(dir.resolve("scripts"));
        r.write("1.sql", "dss1", null, "CREATE TABLE dss_item (id int PRIMARY KEY, name text);",
                "DROP TABLE dss_item;");
        PGSimpleDataSource ds = dataSource(db);
        migrator(ds, r, "dss").load().migrate();

        DriftResult clean = migrator(ds, r, "dss").load().drift();
        assertFalse(clean.drifted(), clean::toString);
        db.execute("CREATE INDEX dss_by_hand ON dss_item (name)");
        DriftResult drifted = migrator(ds, r, "dss").load().drift();
        assertTrue(drifted.drifted(), drifted::toString);
        assertTrue(drifted.diff().summary().contains("dss_by_hand") || drifted.diff().toString().contains("dss_by_hand"),
                drifted::toString);

        TestRollbackResult rollback = migrator(ds, r, "dss").load().testRollback();
        assertEquals(1, rollback.revisions().size(), rollback::toString);
        assertFalse(rollback.failed(), rollback::toString);

        assertEquals(0L, db.count("SELECT 1 FROM pg_database WHERE datname LIKE '" + db.name() + "\\_scratch\\_%'"),
                "every scratch database was dropped");
    }

    @Test
    void whenTheDataSourcesUserNeedsAPasswordTheRunIsRefusedNamingTheSettings(@TempDir Path dir) throws Exception {
        PasswordServer server = PasswordServer.get();
        TestDatabase db = server.createDatabase("DataSourceBackupRefused");
        try {
            Revisions r = new Revisions(dir.resolve("scripts"));
            r.write("1.sql", "dsp1", null, "CREATE TABLE dsp_item (id int);", "DROP TABLE dsp_item;");
            Path backups = dir.resolve("backups");
            PGSimpleDataSource ds = dataSource(db); // its password is one pg_dump cannot be given

            BackupFailedException refused = assertThrows(BackupFailedException.class, () -> migrator(ds, r, "dsp")
                    .environment("production").set("backupDirectory", backups.toString()).load().migrate());
            String message = refused.getMessage();
            assertTrue(message.contains("nothing was changed") && message.contains("intellipost.url")
                    && message.contains("backup=none") && message.contains("PGPASSFILE")
                    && message.contains("as user " + db.user()), message);
            assertFalse(message.contains("Fix pgDumpPath"), "pg_dump ran fine; the login failed: " + message);
            assertFalse(message.contains(db.password()), message);
            assertNull(db.queryValue("SELECT to_regnamespace('dsp')"), "not even the history's schema was created");
            assertEquals(List.of(), files(backups), "no partial file is left");

            ScratchDatabaseException scratch = assertThrows(ScratchDatabaseException.class,
                    () -> migrator(ds, r, "dsp").load().testRollback());
            assertTrue(scratch.getMessage().contains("intellipost.devUrl")
                    && scratch.getMessage().contains("intellipost.url")
                    && scratch.getMessage().contains("as user " + db.user()), scratch.getMessage());

            // backup=none, said explicitly, runs through the DataSource
            migrator(ds, r, "dsp").environment("production").set("backup", "none").load().migrate();
            assertEquals(1L, db.count("SELECT 1 FROM dsp.intellipost_schema_history WHERE revision = 'dsp1'"));
        } finally {
            server.dropDatabase(db);
        }
    }

    private static List<Path> files(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "ended");
        assertEquals(0, p.exitValue(), () -> String.join(" ", command) + ": " + output);
        return output;
    }
}
