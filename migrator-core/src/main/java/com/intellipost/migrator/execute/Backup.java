package com.intellipost.migrator.execute;

import com.intellipost.migrator.config.BackupOptions;
import com.intellipost.migrator.config.Configuration;
import com.intellipost.migrator.config.DatabaseUrl;
import com.intellipost.migrator.config.Environment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import org.postgresql.Driver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backup a run takes before its first statement (DESIGN 2.14): {@code pg_dump --format=custom} of the whole
 * database into {@code backupDirectory}, named {@code <database>_<UTC time>_<current revision>.dump}, restorable
 * with {@code pg_restore}. Taken under the migration lock, after the run found work to do and before it creates or
 * changes anything; when it cannot be taken the run is refused. The password reaches pg_dump through
 * {@code PGPASSWORD} in its environment, never on its command line.
 */
public final class Backup {

    private static final Logger LOG = LoggerFactory.getLogger(Backup.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final int MAX_OUTPUT_CHARS = 2000;

    /** A backup that was written. */
    public record Taken(Path file, long bytes, long durationMs) {
        /** What the log and the audit table say: {@code intellipost-backups/app_..._base.dump (2.1 MB, 845 ms)}. */
        public String describe() {
            return file + " (" + size(bytes) + ", pg_dump " + durationMs + " ms)";
        }
    }

    private Backup() {
    }

    /**
     * Takes the backup when {@code backup=pg_dump} (the default in production); empty when {@code backup=none}.
     *
     * @param command          {@code migrate} or {@code downgrade}, for messages
     * @param currentRevisions where the database is before the run; {@code base} in the name when empty
     * @throws BackupFailedException when pg_dump is missing or fails (the partial file is removed)
     */
    public static Optional<Taken> beforeRun(Configuration configuration, String command, List<String> currentRevisions) {
        BackupOptions options = configuration.backup();
        if (!options.pgDump()) {
            return Optional.empty();
        }
        DatabaseUrl url = configuration.requireUrl();
        Properties parsed = Driver.parseURL(url.jdbcUrl(), new Properties());
        if (parsed == null) {
            throw refused(configuration, command, "pg_dump cannot be given the database of " + url.display(), null);
        }
        String database = parsed.getProperty("PGDBNAME", "");
        Instant now = Instant.now();
        long start = System.nanoTime();
        Path file;
        Path partial;
        try {
            Files.createDirectories(options.directory());
            file = freeName(options.directory(), fileName(database, now, currentRevisions));
            partial = file.resolveSibling(file.getFileName() + ".partial");
        } catch (IOException e) {
            throw refused(configuration, command, "cannot create backupDirectory " + options.directory() + ": " + e, e);
        }
        List<String> argv = List.of(options.pgDumpPath(), "--format=custom", "--no-password", "--file=" + partial,
                "--dbname=" + conninfo(configuration, parsed));
        LOG.info("Backing up database {} with {} to {} before {} (backup=pg_dump)", database, options.pgDumpPath(),
                file, command);
        try {
            ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
            Optional<String> password = configuration.password().or(() -> Optional.ofNullable(parsed.getProperty("password")));
            password.ifPresent(p -> builder.environment().put("PGPASSWORD", p));
            Process process = builder.start();
            process.getOutputStream().close();
            String output = read(process.getInputStream());
            int exit = waitFor(process);
            if (exit != 0) {
                Files.deleteIfExists(partial);
                throw refused(configuration, command, options.pgDumpPath() + " exited with status " + exit
                        + (output.isBlank() ? "" : ": " + output.strip()), null);
            }
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
            Taken taken = new Taken(file, Files.size(file), (System.nanoTime() - start) / 1_000_000);
            LOG.info("Backed up database {} to {}", database, taken.describe());
            return Optional.of(taken);
        } catch (IOException e) {
            deleteQuietly(partial);
            throw refused(configuration, command, "cannot run pgDumpPath=" + options.pgDumpPath() + ": "
                    + e.getMessage(), e);
        }
    }

    /** {@code <database>_<yyyyMMddTHHmmssZ>_<revision[+revision]|base>.dump}, with unsafe characters as {@code _}. */
    static String fileName(String database, Instant when, List<String> currentRevisions) {
        String revisions = currentRevisions.isEmpty() ? "base" : String.join("+", currentRevisions);
        return safe(database.isEmpty() ? "database" : database) + "_" + STAMP.format(when) + "_" + safe(revisions)
                + ".dump";
    }

    /** The libpq connection string of the configured database, without the password. */
    static String conninfo(Configuration configuration, Properties parsed) {
        List<String> parts = new ArrayList<>();
        add(parts, "host", parsed.getProperty("PGHOST"));
        add(parts, "port", parsed.getProperty("PGPORT"));
        add(parts, "dbname", parsed.getProperty("PGDBNAME"));
        add(parts, "user", configuration.user().orElse(parsed.getProperty("user")));
        for (String key : List.of("sslmode", "sslrootcert", "sslcert")) {
            add(parts, key, parsed.getProperty(key));
        }
        add(parts, "connect_timeout", "10");
        add(parts, "application_name", "intellipost-backup");
        return String.join(" ", parts);
    }

    private static void add(List<String> parts, String key, String value) {
        if (value != null && !value.isEmpty()) {
            parts.add(key + "='" + value.replace("\\", "\\\\").replace("'", "\\'") + "'");
        }
    }

    private static Path freeName(Path directory, String name) {
        Path file = directory.resolve(name);
        for (int n = 2; Files.exists(file); n++) { // two runs within one second at one revision
            file = directory.resolve(name.replace(".dump", "-" + n + ".dump"));
        }
        return file;
    }

    private static String safe(String text) {
        return text.replaceAll("[^A-Za-z0-9_.+-]", "_");
    }

    private static String read(InputStream in) throws IOException {
        byte[] bytes = in.readAllBytes(); // pg_dump writes only messages here: the dump goes to --file
        String text = new String(bytes, StandardCharsets.UTF_8);
        return text.length() <= MAX_OUTPUT_CHARS ? text : text.substring(0, MAX_OUTPUT_CHARS) + "...";
    }

    private static int waitFor(Process process) throws IOException {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while pg_dump ran; it was stopped", e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Could not delete the partial backup {}: {}", file, e.getMessage());
        }
    }

    private static BackupFailedException refused(Configuration configuration, String command, String why,
                                                 Throwable cause) {
        return new BackupFailedException("Refused to " + command + ": the backup taken before it (backup=pg_dump"
                + (configuration.environment() == Environment.PRODUCTION ? ", the default in production" : "")
                + ") failed, and nothing was changed. " + configuration.redact(why) + ". Fix pgDumpPath (now "
                + configuration.backup().pgDumpPath() + "; pg_dump of the PostgreSQL client, the server's major"
                + " version or newer, e.g. apt-get install postgresql-client), or set backup=none explicitly if the"
                + " platform takes its own snapshots.", cause);
    }

    private static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f kB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }
}
