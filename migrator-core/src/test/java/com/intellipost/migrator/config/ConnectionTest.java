package com.intellipost.migrator.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.Migrator;
import com.intellipost.migrator.command.InfoResult;
import com.intellipost.migrator.command.MigrateResult;
import com.intellipost.migrator.testing.CliProcess;
import com.intellipost.migrator.testing.PasswordServer;
import com.intellipost.migrator.testing.PostgresExtension;
import com.intellipost.migrator.testing.PostgresServer;
import com.intellipost.migrator.testing.Revisions;
import com.intellipost.migrator.testing.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 11 (connecting), against the real server: every accepted URL form connects; passwords never appear in
 * messages or logs; a server that comes up late is waited for; in development a missing database is created.
 *
 * <p>The machine's server may trust every connection from 127.0.0.1, so that no password can be wrong there. The
 * wrong-password test therefore runs on a server that checks passwords ({@link PasswordServer}: that same server
 * when it does, else a throwaway scram-sha-256 cluster, else a container). Redaction is also shown with a failure
 * that echoes the connection settings: a database that does not exist, in production, where it is not created.
 */
@ExtendWith(PostgresExtension.class)
class ConnectionTest {

    private static final String PASSWORD = "S3cret-xyz";

    @Test
    void everyAcceptedUrlFormConnectsAndMigrates(TestDatabase db, @TempDir Path dir) throws Exception {
        Server server = Server.of(db);
        String credentials = server.userInfo(null);
        String noPort = server.port == 5432 ? "" : ":" + server.port;
        List<String> urls = List.of(
                "jdbc:postgresql://" + server.ip + ":" + server.port + "/" + db.name(),
                "postgresql://" + credentials + "@" + server.ip + ":" + server.port + "/" + db.name(),
                "postgres://" + credentials + "@" + server.host + ":" + server.port + "/" + db.name(),
                "postgresql+asyncpg://" + credentials + "@" + server.ip + ":" + server.port + "/" + db.name(),
                // trust authentication ignores the password
                "postgresql+psycopg2://" + server.userInfo("secret") + "@" + server.ip + noPort + "/" + db.name());

        Revisions revisions = new Revisions(dir);
        String parent = null;
        for (int i = 0; i < urls.size(); i++) {
            String url = urls.get(i);
            String id = "u" + i;
            revisions.write(id + ".sql", id, parent, "CREATE TABLE url_form_" + i + " (id int);", null);
            parent = id;
            Migrator.Builder builder = Migrator.configure().isolated().url(url).locations("filesystem:" + dir)
                    .schema("url_forms").set("connectTimeout", "5s");
            if (url.startsWith("jdbc:")) {
                builder.user(db.user()).password(db.password());
            }
            Migrator migrator = builder.load();
            MigrateResult result = migrator.migrate();
            assertEquals(List.of(id), result.applied().stream().map(MigrateResult.AppliedMigration::revision).toList(),
                    "migrate through " + url);
            InfoResult info = migrator.info();
            assertEquals(List.of(id), info.currentRevisions(), "info through " + url);
            assertTrue(info.pending().isEmpty(), "info through " + url);
        }
        assertEquals((long) urls.size(), db.count("SELECT 1 FROM url_forms.intellipost_schema_history WHERE success"));
    }

    @Test
    void passwordNeverAppearsInMessagesOrLogs(@TempDir Path dir) throws Exception {
        PasswordServer passwords = PasswordServer.get();
        TestDatabase db = passwords.createDatabase("ConnectionTest");
        try {
            System.out.println("ConnectionTest: wrong passwords against " + passwords.origin());
            Server server = Server.of(db);
            Path empty = Files.createDirectories(dir.resolve("empty"));
            String jdbcUrl = "jdbc:postgresql://" + server.ip + ":" + server.port + "/" + db.name();
            String refused = "password authentication failed for user \"" + db.user() + "\"";
            String whatToFix = "the server refused the password of user " + db.user() + ": check the password"
                    + " (intellipost.password or INTELLIPOST_DATABASE_PASSWORD, or the one in intellipost.url /"
                    + " INTELLIPOST_DATABASE_URL) and the user (intellipost.user or INTELLIPOST_DATABASE_USER)";

            // The role's own password gets in: what is refused below is the password, nothing else.
            assertEquals(0, Migrator.configure().isolated().url(jdbcUrl).user(db.user()).password(db.password())
                    .locations("filesystem:" + empty).set("connectTimeout", "5s").load().info().pending().size());

            // In process: the password in the URL's user info, in a jdbc: URL's query, or set on its own.
            String userInfoUrl = "postgresql://" + server.user + ":" + PASSWORD + "@" + server.ip + ":" + server.port
                    + "/" + db.name();
            String queryUrl = jdbcUrl + "?password=" + PASSWORD;
            List<Migrator.Builder> wrong = List.of(
                    Migrator.configure().isolated().url(userInfoUrl),
                    Migrator.configure().isolated().url(queryUrl).user(db.user()),
                    Migrator.configure().isolated().url(jdbcUrl).user(db.user()).password(PASSWORD));
            for (Migrator.Builder builder : wrong) {
                long start = System.nanoTime();
                ConfigurationException e = assertThrows(ConfigurationException.class, () -> builder
                        .locations("filesystem:" + empty).set("connectTimeout", "30s").load().migrate());
                long ms = (System.nanoTime() - start) / 1_000_000;
                String printed = printed(e);
                assertFalse(printed.contains(PASSWORD), () -> "the password leaked: " + printed);
                assertTrue(e.getMessage().startsWith("Cannot connect to jdbc:postgresql://" + server.ip + ":"
                        + server.port + "/" + db.name()), e::getMessage);
                assertTrue(e.getMessage().contains(" as " + db.user() + ": "), e::getMessage);
                assertTrue(e.getMessage().contains(refused), e::getMessage);
                assertTrue(e.getMessage().contains("[SQLSTATE 28P01]"), e::getMessage);
                assertTrue(e.getMessage().endsWith(whatToFix), e::getMessage);
                assertTrue(ms < 10_000, "a refused password is not retried for connectTimeout: took " + ms + " ms");
            }
            assertTrue(printed(assertThrows(ConfigurationException.class, () -> Migrator.configure().isolated()
                    .url(queryUrl).user(db.user()).locations("filesystem:" + empty).load().info()))
                    .contains("/" + db.name() + "?password=***"), "the URL is shown with ***");

            // No password at all: said at once, not retried as if the server were still starting.
            long start = System.nanoTime();
            ConfigurationException none = assertThrows(ConfigurationException.class, () -> Migrator.configure()
                    .isolated().url(jdbcUrl).user(db.user()).locations("filesystem:" + empty)
                    .set("connectTimeout", "30s").load().info());
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(none.getMessage().contains("the server asks for a password and none was given: set"
                    + " intellipost.password (or INTELLIPOST_DATABASE_PASSWORD)"), none::getMessage);
            assertTrue(ms < 10_000, "a missing password is not retried for connectTimeout: took " + ms + " ms");

            // In a separate JVM: everything the command line prints and logs.
            List<CliProcess> runs = new ArrayList<>();
            runs.add(CliProcess.start(dir.resolve("logs"), "wrong-userinfo-url", List.of(), List.of("migrate",
                    "--url=" + userInfoUrl, "--connectTimeout=30s", "--locations=filesystem:" + empty)));
            runs.add(CliProcess.start(dir.resolve("logs"), "wrong-query-url", List.of(), List.of("migrate",
                    "--url=" + queryUrl, "--user=" + db.user(), "--connectTimeout=30s",
                    "--locations=filesystem:" + empty)));
            runs.add(CliProcess.start(dir.resolve("logs"), "wrong-password-option", List.of(), List.of("info",
                    "--url=" + jdbcUrl, "--user=" + db.user(), "--password=" + PASSWORD, "--connectTimeout=30s",
                    "--locations=filesystem:" + empty)));
            for (CliProcess run : runs) {
                assertEquals(1, run.waitFor(Duration.ofSeconds(60)), run::describe);
                String output = run.output();
                assertFalse(output.contains(PASSWORD), () -> "the password leaked: " + run.describe());
                assertTrue(output.contains("ERROR: Cannot connect to jdbc:postgresql://" + server.ip + ":"
                        + server.port + "/" + db.name()), run::describe);
                assertTrue(output.contains(refused + " [SQLSTATE 28P01]; " + whatToFix), run::describe);
                assertTrue(run.elapsedMs() < 20_000, () -> "not retried: " + run.describe());
            }
            assertTrue(runs.get(1).output().contains("?password=***"), runs.get(1)::describe);
        } finally {
            passwords.dropDatabase(db);
        }
    }

    @Test
    void passwordNeverAppearsWhenTheDatabaseIsMissing(TestDatabase db, @TempDir Path dir) throws Exception {
        Server server = Server.of(db);
        String missing = "ipt_nope_" + UUID.randomUUID().toString().substring(0, 8);
        Path empty = Files.createDirectories(dir.resolve("empty"));
        // A role whose password is PASSWORD, so that the server lets it in whether it checks passwords or not, and
        // what fails is the database.
        String user = "ipt_conn_" + UUID.randomUUID().toString().substring(0, 8);
        db.execute("CREATE ROLE " + user + " LOGIN PASSWORD '" + PASSWORD + "'");
        try {
            assertMissingDatabaseHidesPassword(db, server, user, missing, empty, dir);
        } finally {
            db.execute("DROP ROLE " + user);
        }
    }

    private static void assertMissingDatabaseHidesPassword(TestDatabase db, Server server, String user,
            String missing, Path empty, Path dir) throws Exception {
        // In process: the exception's message.
        String userInfoUrl = "postgresql://" + user + ":" + PASSWORD + "@" + server.ip + ":" + server.port + "/" + missing;
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> Migrator.configure().isolated()
                .url(userInfoUrl).environment("production").locations("filesystem:" + empty)
                .set("connectTimeout", "5s").load().info());
        assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
        assertTrue(e.getMessage().contains("Cannot connect to jdbc:postgresql://" + server.ip + ":" + server.port
                + "/" + missing + " as " + user), "names the URL and user: " + e.getMessage());
        assertTrue(e.getMessage().contains("3D000"), e.getMessage());

        String queryUrl = "jdbc:postgresql://" + server.ip + ":" + server.port + "/" + missing + "?password=" + PASSWORD;
        ConfigurationException q = assertThrows(ConfigurationException.class, () -> Migrator.configure().isolated()
                .url(queryUrl).user(user).environment("production").locations("filesystem:" + empty)
                .set("connectTimeout", "5s").load().info());
        assertFalse(q.getMessage().contains(PASSWORD), q.getMessage());
        assertTrue(q.getMessage().contains("/" + missing + "?password=***"), "names the URL with ***: " + q.getMessage());

        // In a separate JVM: everything the command line prints and logs.
        List<CliProcess> runs = new ArrayList<>();
        runs.add(CliProcess.start(dir.resolve("logs"), "userinfo-url", List.of(), List.of("migrate",
                "--url=" + userInfoUrl, "--environment=production", "--connectTimeout=5s",
                "--locations=filesystem:" + empty)));
        runs.add(CliProcess.start(dir.resolve("logs"), "query-url", List.of(), List.of("migrate",
                "--url=" + queryUrl, "--user=" + user, "--environment=production", "--connectTimeout=5s",
                "--locations=filesystem:" + empty)));
        runs.add(CliProcess.start(dir.resolve("logs"), "password-option", List.of(), List.of("info",
                "--url=jdbc:postgresql://" + server.ip + ":" + server.port + "/" + missing, "--user=" + user,
                "--password=" + PASSWORD, "--environment=production", "--connectTimeout=5s",
                "--locations=filesystem:" + empty)));
        for (CliProcess run : runs) {
            assertEquals(1, run.waitFor(Duration.ofSeconds(60)), run::describe);
            String output = run.output();
            assertFalse(output.contains(PASSWORD), () -> "the password leaked: " + run.describe());
            assertTrue(output.contains("ERROR: Cannot connect to jdbc:postgresql://" + server.ip + ":" + server.port
                    + "/" + missing), run::describe);
            assertTrue(output.contains("does not exist"), run::describe);
        }
        assertTrue(runs.get(1).output().contains("?password=***"), runs.get(1)::describe);

        assertEquals(0L, db.count("SELECT 1 FROM pg_database WHERE datname = '" + missing + "'"),
                "production does not create a missing database");
    }

    @Test
    void serverThatComesUpLateIsWaitedFor(TestDatabase db, @TempDir Path dir) throws Exception {
        Revisions revisions = new Revisions(dir);
        revisions.write("late.sql", "late1", null, "CREATE TABLE late_table (id int);", "DROP TABLE late_table;");
        Server server = Server.of(db);
        Duration delay = Duration.ofSeconds(20);
        long start = System.nanoTime();
        try (LateProxy proxy = new LateProxy(server.host, server.port, delay)) {
            Migrator migrator = Migrator.configure().isolated()
                    .url("jdbc:postgresql://127.0.0.1:" + proxy.port + "/" + db.name())
                    .user(db.user()).password(db.password()).locations("filesystem:" + dir).schema("late_server")
                    .set("connectTimeout", "60s").load();
            MigrateResult result = migrator.migrate();
            long waitedMs = (System.nanoTime() - start) / 1_000_000;
            System.out.println("ConnectionTest: migrate through a server that opened after " + delay.toSeconds()
                    + " s succeeded after " + waitedMs + " ms; the proxy carried " + proxy.accepted.get() + " connection(s)");

            assertEquals(List.of("late1"), result.applied().stream().map(MigrateResult.AppliedMigration::revision).toList());
            assertTrue(proxy.accepted.get() >= 2, "the lock and work connections went through the late port");
            assertTrue(waitedMs >= delay.toMillis(), "it waited for the port to open: " + waitedMs + " ms");
            assertTrue(proxy.refusedBeforeOpening(), "the port was closed before it opened");
        }
        assertEquals(1L, db.count("SELECT 1 FROM late_server.intellipost_schema_history WHERE revision = 'late1' AND success"));
    }

    @Test
    void developmentCreatesAMissingDatabase(TestDatabase db, @TempDir Path dir) throws Exception {
        String name = "ipt_created_" + UUID.randomUUID().toString().substring(0, 8);
        Server server = Server.of(db);
        String url = "postgresql://" + server.userInfo(null) + "@" + server.ip + ":" + server.port + "/" + name;
        TestDatabase created = new TestDatabase(name, PostgresServer.get().jdbcUrlFor(name), db.user(), db.password());
        assertEquals(0L, db.count("SELECT 1 FROM pg_database WHERE datname = '" + name + "'"));
        Revisions revisions = new Revisions(dir);
        revisions.write("d.sql", "dev1", null, "CREATE TABLE created_here (id int);", null);
        try {
            MigrateResult result = Migrator.configure().isolated().url(url).environment("development")
                    .locations("filesystem:" + dir).set("connectTimeout", "5s").load().migrate();
            assertEquals(List.of("dev1"), result.applied().stream().map(MigrateResult.AppliedMigration::revision).toList());
            assertEquals(1L, db.count("SELECT 1 FROM pg_database WHERE datname = '" + name + "'"), "created");
            assertEquals(1L, created.count("SELECT 1 FROM intellipost_schema_history WHERE revision = 'dev1'"));
            assertEquals(0L, created.count("SELECT 1 FROM created_here"));
        } finally {
            PostgresServer.get().dropDatabase(created);
        }
    }

    /** Everything a stack trace of {@code e} shows: messages of the whole cause chain, suppressed ones included. */
    private static String printed(Throwable e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    /** Host, loopback address, port and credentials of the test server, taken from the fixture's URL. */
    private record Server(String host, String ip, int port, String user, String password) {
        static Server of(TestDatabase db) {
            URI uri = URI.create(db.jdbcUrl().substring("jdbc:".length()));
            String host = uri.getHost();
            String ip = host.equals("localhost") ? "127.0.0.1" : host;
            return new Server(host, ip, uri.getPort() < 0 ? 5432 : uri.getPort(), db.user(), db.password());
        }

        /** {@code user} or {@code user:password} for a URL; the fixture's password wins over {@code fallback}. */
        String userInfo(String fallback) {
            String pw = password != null ? password : fallback;
            return encode(user) + (pw == null ? "" : ":" + encode(pw));
        }

        private static String encode(String s) {
            return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
        }
    }

    /**
     * A TCP forwarder to the real server whose port stays closed (connections refused) for {@code delay}, then opens:
     * a database server that is still starting.
     */
    private static final class LateProxy implements AutoCloseable {
        final int port;
        final AtomicInteger accepted = new AtomicInteger();
        private final String targetHost;
        private final int targetPort;
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        private final Thread opener;
        private volatile ServerSocket server;
        private volatile boolean closed;
        private volatile boolean refusedBeforeOpening;

        LateProxy(String targetHost, int targetPort, Duration delay) throws IOException {
            this.targetHost = targetHost;
            this.targetPort = targetPort;
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = probe.getLocalPort();
            }
            opener = new Thread(() -> openLaterAndServe(delay), "late-proxy");
            opener.setDaemon(true);
            opener.start();
        }

        private void openLaterAndServe(Duration delay) {
            try {
                Thread.sleep(delay.toMillis() - 500);
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    refusedBeforeOpening = false; // something else listens there: the test would prove nothing
                } catch (IOException expected) {
                    refusedBeforeOpening = true;
                }
                Thread.sleep(500);
                ServerSocket ss = new ServerSocket();
                ss.setReuseAddress(true);
                ss.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
                server = ss;
                if (closed) {
                    ss.close();
                    return;
                }
                while (!closed) {
                    Socket client = ss.accept();
                    accepted.incrementAndGet();
                    Socket upstream = new Socket(targetHost, targetPort);
                    sockets.add(client);
                    sockets.add(upstream);
                    pump(client, upstream);
                    pump(upstream, client);
                }
            } catch (InterruptedException | IOException e) {
                // closed
            }
        }

        private void pump(Socket from, Socket to) {
            Thread t = new Thread(() -> {
                byte[] buffer = new byte[16 * 1024];
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                } catch (IOException e) {
                    // one side went away
                } finally {
                    closeQuietly(from);
                    closeQuietly(to);
                }
            }, "late-proxy-pump");
            t.setDaemon(true);
            t.start();
        }

        boolean refusedBeforeOpening() {
            return refusedBeforeOpening;
        }

        @Override
        public void close() throws InterruptedException {
            closed = true;
            opener.interrupt();
            if (server != null) {
                closeQuietly(server);
            }
            sockets.forEach(LateProxy::closeQuietly);
            opener.join(5_000);
        }

        private static void closeQuietly(AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing
            }
        }
    }
}
