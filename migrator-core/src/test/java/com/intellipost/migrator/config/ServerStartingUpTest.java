package com.intellipost.migrator.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.Migrator;
import com.intellipost.migrator.command.MigrateResult;
import com.intellipost.migrator.testing.Await;
import com.intellipost.migrator.testing.Revisions;
import com.intellipost.migrator.testing.StartingUpServer;
import com.intellipost.migrator.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN 2.10: a database that is not up yet is retried with backoff for {@code connectTimeout}. ConnectionTest
 * covers a port that opens late (connection refused); this is the other case the contract names: a server that
 * listens but answers "the database system is starting up" (SQLSTATE 57P03), a real one ({@link StartingUpServer}).
 */
class ServerStartingUpTest {

    @Test
    void aServerThatIsStartingUpIsWaitedForUntilConnectTimeoutAndThenUsed(@TempDir Path dir) throws Exception {
        Revisions revisions = new Revisions(Files.createDirectories(dir.resolve("migrations")));
        revisions.write("s1.sql", "start1", null, "CREATE TABLE started (id int);", "DROP TABLE started;");
        ExecutorService background = Executors.newSingleThreadExecutor();
        try (StartingUpServer server = StartingUpServer.start()) {
            TestDatabase db = new TestDatabase("postgres", server.jdbcUrl(), server.user(), server.password());

            // While it starts, nothing connects: the migrator retries for connectTimeout, then says what it got.
            long refusalsBefore = server.startingUpRefusals();
            long start = System.nanoTime();
            ConfigurationException gaveUp = assertThrows(ConfigurationException.class,
                    () -> migrator(revisions, db, "3s").load().migrate());
            long waitedMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(gaveUp.getMessage().contains(StartingUpServer.STARTING_UP + " [SQLSTATE 57P03]"),
                    gaveUp::getMessage);
            assertTrue(gaveUp.getMessage().contains("the server did not answer within connectTimeout=3s"),
                    gaveUp::getMessage);
            assertFalse(gaveUp.getMessage().contains(server.password()), gaveUp::getMessage);
            assertTrue(waitedMs >= 3_000, () -> "gave up after " + waitedMs + " ms, before connectTimeout=3s");
            long refusedWhileWaiting = server.startingUpRefusals() - refusalsBefore;
            assertTrue(refusedWhileWaiting >= 3, () -> "it tried again with backoff: the server refused only "
                    + refusedWhileWaiting + " connection(s) in " + waitedMs + " ms\n" + server.serverLog());

            // The same server, released while a migrator waits for it: the migration goes through.
            Future<MigrateResult> migrate = background.submit(() -> migrator(revisions, db, "60s").load().migrate());
            long refusedBefore = server.startingUpRefusals();
            assertTrue(Await.until(Duration.ofSeconds(30),
                    () -> migrate.isDone() || server.startingUpRefusals() >= refusedBefore + 2),
                    () -> "the migrator did not try to connect twice\n" + server.serverLog());
            assertFalse(migrate.isDone(), "the migration ended while the server was still starting up");
            server.release();
            MigrateResult result = migrate.get(60, TimeUnit.SECONDS);
            assertEquals(List.of("start1"),
                    result.applied().stream().map(MigrateResult.AppliedMigration::revision).toList());
            assertEquals(1L, db.count("SELECT 1 FROM starting.intellipost_schema_history WHERE revision = 'start1'"
                    + " AND success"));
            assertEquals(0L, db.count("SELECT 1 FROM started"), "the table exists");
        } finally {
            background.shutdownNow();
        }
    }

    private static Migrator.Builder migrator(Revisions revisions, TestDatabase db, String connectTimeout) {
        return Migrator.configure().isolated().url(db.jdbcUrl()).user(db.user()).password(db.password())
                .schema("starting").locations("filesystem:" + revisions.dir()).set("connectTimeout", connectTimeout);
    }
}
