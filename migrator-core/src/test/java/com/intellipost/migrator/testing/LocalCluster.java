package com.intellipost.migrator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster for {@link PasswordServer}, built from the machine's server binaries: {@code initdb
 * --auth=scram-sha-256} into a fresh directory under {@code java.io.tmpdir}, started with {@code pg_ctl} on a free
 * port of 127.0.0.1 (its Unix socket in that directory), stopped and deleted when the JVM exits. About a second.
 *
 * <p>initdb refuses to run as root, so when the JVM runs as root the binaries run as the {@code postgres} OS user
 * ({@code runuser -u postgres --}), which then owns the directory; that is why it lives in the temporary directory
 * and not in {@code target/}, which that user may not be able to reach. A cluster left behind by a JVM that was
 * killed (no shutdown hook ran) is stopped and deleted by the next one that starts a cluster.
 */
final class LocalCluster {

    static final String SUPERUSER = "postgres";
    private static final String DIR_PREFIX = "intellipost-pgpw-";
    private static final String OWNER_FILE = "owner.pid";
    private static final String OS_USER_FOR_ROOT = "postgres";

    private final Path bin;
    private final List<String> runAs;
    private final Path dir;
    private final int port;
    private final String password;

    private LocalCluster(Path bin, List<String> runAs, Path dir, int port, String password) {
        this.bin = bin;
        this.runAs = runAs;
        this.dir = dir;
        this.port = port;
        this.password = password;
    }

    /** Null when a cluster can be made here, otherwise why not. */
    static String unavailableReason() {
        if (findBinaries().isEmpty()) {
            return "no PostgreSQL server binaries (initdb, pg_ctl, postgres) in `pg_config --bindir`,"
                    + " /usr/lib/postgresql/*/bin, /usr/pgsql-*/bin or the PATH";
        }
        return runAsPrefix().isPresent() ? null : "the JVM runs as root, initdb refuses root, and there is no '"
                + OS_USER_FOR_ROOT + "' OS user with runuser to run it as";
    }

    /** Creates and starts a cluster; it is stopped and deleted when the JVM exits. */
    static LocalCluster start() {
        Path bin = findBinaries().orElseThrow(() -> new IllegalStateException(unavailableReason()));
        List<String> runAs = runAsPrefix().orElseThrow(() -> new IllegalStateException(unavailableReason()));
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        reapAbandoned(tmp, bin, runAs);
        Path dir;
        try {
            dir = Files.createTempDirectory(tmp, DIR_PREFIX);
            Files.writeString(dir.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a directory for a throwaway PostgreSQL cluster in " + tmp, e);
        }
        String password = "ipt-" + UUID.randomUUID();
        try {
            initdb(bin, runAs, dir, password);
            IllegalStateException failure = null;
            for (int attempt = 0; attempt < 3; attempt++) {
                int port = freePort();
                try {
                    pgCtl(bin, runAs, dir, startCommand(dir, port, true));
                    LocalCluster cluster = new LocalCluster(bin, runAs, dir, port, password);
                    Runtime.getRuntime().addShutdownHook(new Thread(cluster::stopAndDelete, "stop-postgres-" + port));
                    return cluster;
                } catch (IllegalStateException e) {
                    failure = e; // most likely the port was taken in between; try another
                }
            }
            throw failure;
        } catch (RuntimeException e) {
            stop(bin, runAs, dir);
            deleteTree(dir);
            throw e;
        }
    }

    private static List<String> startCommand(Path dir, int port, boolean wait) {
        return List.of("start", "-D", dir.resolve("data").toString(), "-l", dir.resolve("server.log").toString(),
                wait ? "-w" : "-W", "-t", "30", "-o", "-c listen_addresses=127.0.0.1 -p " + port
                        + " -c unix_socket_directories=" + dir
                        + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off");
    }

    /**
     * Stops the server cleanly and starts it again in archive recovery ({@code recovery.signal}) with a
     * {@code restore_command} that waits until the returned file exists (in the cluster's directory, which the
     * server's OS user can read). Until then the startup process is stuck in
     * its first archive lookup, the postmaster is in its startup phase, and every connection is refused with
     * FATAL "the database system is starting up" (SQLSTATE 57P03), as a server that is still starting refuses
     * them. Once the file exists the command reports "not in the archive", recovery replays what {@code pg_wal}
     * holds, ends (a new timeline) and the server accepts connections again. Returns without waiting for either.
     */
    Path restartStartingUp() {
        Path data = dir.resolve("data");
        Path release = dir.resolve("release");
        pgCtl(bin, runAs, dir, List.of("stop", "-D", data.toString(), "-m", "fast", "-w", "-t", "60"));
        Path restore = dir.resolve("restore.sh");
        try {
            Files.writeString(restore, "#!/bin/sh\n# %f %p: nothing is ever archived; wait for the test's release\n"
                    + "while [ ! -e '" + release + "' ]; do sleep 0.1; done\nexit 1\n", StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(restore, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.writeString(data.resolve("postgresql.conf"), "\nrestore_command = '" + restore + " %f %p'\n",
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
            Files.writeString(data.resolve("recovery.signal"), "", StandardCharsets.UTF_8);
            if (!runAs.isEmpty()) {
                giveTo(OS_USER_FOR_ROOT, data.resolve("recovery.signal"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare " + dir + " for a recovery start", e);
        }
        pgCtl(bin, runAs, dir, startCommand(dir, port, false));
        return release;
    }

    /** The server's log so far (the log of every start of this cluster). */
    String serverLog() {
        try {
            return Files.readString(dir.resolve("server.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the log of " + describe(), e);
        }
    }

    /** Stops the server and deletes its directory now (also done when the JVM exits). */
    void close() {
        stopAndDelete();
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    String password() {
        return password;
    }

    String describe() {
        return "a throwaway cluster (" + bin.resolve("initdb") + " --auth=scram-sha-256) on 127.0.0.1:" + port
                + " in " + dir;
    }

    private void stopAndDelete() {
        stop(bin, runAs, dir);
        deleteTree(dir);
    }

    private static void initdb(Path bin, List<String> runAs, Path dir, String password) {
        Path pwfile = dir.resolve("pwfile");
        try {
            Files.writeString(pwfile, password + "\n", StandardCharsets.UTF_8);
            if (!runAs.isEmpty()) {
                giveTo(OS_USER_FOR_ROOT, dir);
                giveTo(OS_USER_FOR_ROOT, pwfile);
            }
            Files.setPosixFilePermissions(pwfile, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare " + dir + " for initdb", e);
        }
        List<String> command = new ArrayList<>(runAs);
        command.addAll(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(),
                "-U", SUPERUSER, "--auth=scram-sha-256", "--pwfile=" + pwfile, "-E", "UTF8", "--locale=C", "--no-sync"));
        try {
            run(command, dir.resolve("initdb.log"), 120);
        } finally {
            try {
                Files.deleteIfExists(pwfile);
            } catch (IOException ignored) {
                // inside a directory that is deleted with the cluster
            }
        }
    }

    private static void pgCtl(Path bin, List<String> runAs, Path dir, List<String> args) {
        List<String> command = new ArrayList<>(runAs);
        command.add(bin.resolve("pg_ctl").toString());
        command.addAll(args);
        run(command, dir.resolve("pg_ctl.log"), 60);
    }

    /** Runs a command to its end with its output in {@code log}; on failure throws with that output and the server log. */
    private static void run(List<String> command, Path log, int timeoutSeconds) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException(String.join(" ", command) + " did not finish within "
                        + timeoutSeconds + " s" + outputOf(log));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed with exit code "
                        + process.exitValue() + outputOf(log));
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + String.join(" ", command), e);
        }
    }

    private static String outputOf(Path log) {
        StringBuilder text = new StringBuilder();
        for (Path file : List.of(log, log.resolveSibling("server.log"))) {
            try {
                if (Files.isRegularFile(file)) {
                    String content = Files.readString(file, StandardCharsets.UTF_8);
                    text.append("\n--- ").append(file.getFileName()).append(" ---\n")
                            .append(content.length() > 4_000 ? content.substring(content.length() - 4_000) : content);
                }
            } catch (IOException e) {
                text.append("\n<cannot read ").append(file).append(": ").append(e.getMessage()).append('>');
            }
        }
        return text.toString();
    }

    /** {@code pg_ctl stop -m immediate} when a server may be running from {@code dir}; never throws. */
    private static void stop(Path bin, List<String> runAs, Path dir) {
        Path data = dir.resolve("data");
        if (!Files.exists(data.resolve("postmaster.pid"))) {
            return;
        }
        try {
            pgCtl(bin, runAs, dir, List.of("stop", "-D", data.toString(), "-m", "immediate", "-w", "-t", "30"));
        } catch (RuntimeException e) {
            System.err.println("Could not stop the throwaway PostgreSQL cluster in " + dir + ": " + e.getMessage());
        }
    }

    /** Stops and deletes the clusters of JVMs that are gone (killed before their shutdown hook could run). */
    private static void reapAbandoned(Path tmp, Path bin, List<String> runAs) {
        try (Stream<Path> dirs = Files.list(tmp)) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().startsWith(DIR_PREFIX)).toList()) {
                Path owner = dir.resolve(OWNER_FILE);
                if (!Files.isRegularFile(owner)) {
                    continue;
                }
                long pid = Long.parseLong(Files.readString(owner).trim());
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                stop(bin, runAs, dir);
                deleteTree(dir);
            }
        } catch (IOException | RuntimeException e) {
            // a leftover is untidy, not a reason to fail the tests
            System.err.println("Could not clean up old throwaway PostgreSQL clusters in " + tmp + ": " + e);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("Could not delete " + dir + ": " + e.getMessage());
        }
    }

    private static void giveTo(String osUser, Path path) throws IOException {
        UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        view.setOwner(lookup.lookupPrincipalByName(osUser));
        try {
            GroupPrincipal group = lookup.lookupPrincipalByGroupName(osUser);
            view.setGroup(group);
        } catch (IOException noSuchGroup) {
            // the owner is what counts
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free port", e);
        }
    }

    /**
     * The directory with initdb, pg_ctl and postgres: {@code pg_config --bindir}, then the newest
     * {@code /usr/lib/postgresql/<version>/bin} (Debian, Ubuntu) or {@code /usr/pgsql-<version>/bin} (RPM), then
     * the PATH.
     */
    static Optional<Path> findBinaries() {
        List<Path> candidates = new ArrayList<>();
        pgConfigBindir().ifPresent(candidates::add);
        candidates.addAll(versioned(Path.of("/usr/lib/postgresql"), "", "bin"));
        candidates.addAll(versioned(Path.of("/usr"), "pgsql-", "bin"));
        String path = System.getenv("PATH");
        if (path != null) {
            for (String entry : path.split(java.io.File.pathSeparator)) {
                if (!entry.isBlank()) {
                    candidates.add(Path.of(entry));
                }
            }
        }
        return candidates.stream().filter(LocalCluster::hasServerBinaries).findFirst();
    }

    private static boolean hasServerBinaries(Path dir) {
        return Stream.of("initdb", "pg_ctl", "postgres").allMatch(name -> Files.isExecutable(dir.resolve(name)));
    }

    private static Optional<Path> pgConfigBindir() {
        try {
            Process process = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0 && !out.isEmpty()
                    ? Optional.of(Path.of(out)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // no pg_config on the PATH
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** {@code <parent>/<prefix><version>/<sub>}, newest version first. */
    private static List<Path> versioned(Path parent, String prefix, String sub) {
        if (!Files.isDirectory(parent)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(parent)) {
            return dirs.filter(d -> d.getFileName().toString().matches(java.util.regex.Pattern.quote(prefix) + "\\d+(\\.\\d+)?"))
                    .sorted(Comparator.comparingDouble((Path d) -> Double.parseDouble(
                            d.getFileName().toString().substring(prefix.length()))).reversed())
                    .map(d -> d.resolve(sub)).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * Empty when the binaries cannot be run: the JVM runs as root and there is no {@code postgres} OS user or no
     * runuser. Otherwise the command prefix to run them with (nothing, or {@code runuser -u postgres --}).
     */
    private static Optional<List<String>> runAsPrefix() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of(List.of());
        }
        Optional<Path> runuser = Stream.of("/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser", "/bin/runuser")
                .map(Path::of).filter(Files::isExecutable).findFirst();
        if (runuser.isEmpty()) {
            return Optional.empty();
        }
        try {
            Path.of("/").getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(OS_USER_FOR_ROOT);
        } catch (IOException noSuchUser) {
            return Optional.empty();
        }
        return Optional.of(List.of(runuser.get().toString(), "-u", OS_USER_FOR_ROOT, "--"));
    }
}
