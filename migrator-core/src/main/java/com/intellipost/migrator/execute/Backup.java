package com.intellipost.migrator.execute;

import com.intellipost.migrator.config.BackupOptions;
import com.intellipost.migrator.config.Configuration;
import com.intellipost.migrator.config.DataSourceAddress;
import com.intellipost.migrator.config.DatabaseUrl;
import com.intellipost.migrator.config.Environment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
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
 * {@code PGPASSWORD} in its environment, never on its command line. Without {@code intellipost.url} (a DataSource
 * lends the connections) pg_dump gets the DataSource's address and user and no password ({@link DataSourceAddress}).
 * The directory, when created here, and the dump are readable by their owner only: a dump holds every row.
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
     * @param configuration    the run's; without {@code intellipost.url} pg_dump is given the address of
     *                         {@code connection} (see {@link DataSourceAddress})
     * @param connection       a connection of the run, to the database to back up; read only for its metadata
     * @param command          {@code migrate} or {@code downgrade}, for messages
     * @param currentRevisions where the database is before the run; {@code base} in the name when empty
     * @throws BackupFailedException when the database's address is unknown, {@code backupDirectory} cannot be
     *                               written, or pg_dump is missing or fails (the partial file is removed)
     */
    public static Optional<Taken> beforeRun(Configuration configuration, Connection connection, String command,
                                            List<String> currentRevisions) {
        BackupOptions options = configuration.backup();
        if (!options.pgDump()) {
            return Optional.empty();
        }
        DumpTarget target = DumpTarget.of(configuration, connection, command);
        String database = target.parsed().getProperty("PGDBNAME", "");
        Instant now = Instant.now();
        long start = System.nanoTime();
        Path file;
        Path partial;
        try {
            createDirectory(options.directory());
            file = freeName(options.directory(), fileName(database, now, currentRevisions));
            partial = file.resolveSibling(file.getFileName() + ".partial");
            createOwnerOnlyFile(partial); // pg_dump writes into it and keeps its mode: a dump holds every row
        } catch (IOException e) {
            throw refused(configuration, command, "backupDirectory " + options.directory() + " cannot be written: "
                    + describe(e), Remedy.DIRECTORY, target, e);
        }
        List<String> argv = List.of(options.pgDumpPath(), "--format=custom", "--no-password", "--file=" + partial,
                "--dbname=" + conninfo(target.user(), target.parsed()));
        LOG.info("Backing up database {} with {} to {} before {} (backup=pg_dump)", database, options.pgDumpPath(),
                file, command);
        String output;
        int exit;
        try {
            ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
            target.password().ifPresent(p -> builder.environment().put("PGPASSWORD", p));
            Process process = builder.start();
            process.getOutputStream().close();
            output = read(process.getInputStream());
            exit = waitFor(process);
        } catch (IOException e) {
            deleteQuietly(partial);
            throw refused(configuration, command, "cannot run pgDumpPath=" + options.pgDumpPath() + ": "
                    + describe(e), Remedy.PROGRAM, target, e);
        }
        if (exit != 0) {
            deleteQuietly(partial);
            throw refused(configuration, command, options.pgDumpPath() + " exited with status " + exit
                    + (output.isBlank() ? "" : ": " + output.strip()),
                    cannotLogIn(output) ? Remedy.LOGIN : Remedy.PROGRAM, target, null);
        }
        try {
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
            Taken taken = new Taken(file, Files.size(file), (System.nanoTime() - start) / 1_000_000);
            LOG.info("Backed up database {} to {}", database, taken.describe());
            return Optional.of(taken);
        } catch (IOException e) {
            deleteQuietly(partial);
            throw refused(configuration, command, "the dump pg_dump wrote cannot be renamed to " + file + ": "
                    + describe(e), Remedy.DIRECTORY, target, e);
        }
    }

    /**
     * What pg_dump is given: the configured URL, user and password; or, when the connections come from a
     * DataSource, the DataSource's address and user without a password.
     */
    private record DumpTarget(Properties parsed, Optional<String> user, Optional<String> password,
                              Optional<DataSourceAddress> fromDataSource) {

        static DumpTarget of(Configuration configuration, Connection connection, String command) {
            if (configuration.url().isPresent()) {
                DatabaseUrl url = configuration.url().get();
                Properties parsed = Driver.parseURL(url.jdbcUrl(), new Properties());
                if (parsed == null) {
                    throw refused(configuration, command, "pg_dump cannot be given the database of " + url.display(),
                            Remedy.ADDRESS, null, null);
                }
                return new DumpTarget(parsed, configuration.user().or(() -> Optional.ofNullable(
                        parsed.getProperty("user"))), configuration.password().or(() -> Optional.ofNullable(
                        parsed.getProperty("password"))), Optional.empty());
            }
            Optional<DataSourceAddress> address;
            String dataSourceUrl;
            try {
                address = DataSourceAddress.of(connection);
                dataSourceUrl = DatabaseUrl.redact(String.valueOf(connection.getMetaData().getURL()));
            } catch (SQLException e) {
                throw refused(configuration, command, "the DataSource's connection does not say where it connects: "
                        + configuration.redact(e.getMessage()), Remedy.ADDRESS, null, e);
            }
            if (address.isEmpty()) {
                throw refused(configuration, command, "intellipost.url is not set and the DataSource's connection URL ("
                        + dataSourceUrl + ") is not a jdbc:postgresql: URL pg_dump can be given", Remedy.ADDRESS,
                        null, null);
            }
            LOG.debug("No intellipost.url: pg_dump connects to {}, without a password", address.get().describe());
            return new DumpTarget(Driver.parseURL(address.get().url().jdbcUrl(), new Properties()),
                    address.get().user(), Optional.empty(), address);
        }
    }

    /** What the user is told to fix, by what failed. */
    private enum Remedy { ADDRESS, DIRECTORY, PROGRAM, LOGIN }

    /** libpq's words for a login the server refused: pg_dump reached the server and was not let in. */
    static boolean cannotLogIn(String pgDumpOutput) {
        String text = pgDumpOutput.toLowerCase(Locale.ROOT);
        return text.contains("authentication failed") || text.contains("no password supplied")
                || text.contains("pg_hba.conf") || text.contains("role \"") && text.contains("does not exist");
    }

    /** Creates the directory, and any missing parent, readable by the owner only (0700) where POSIX modes exist. */
    private static void createDirectory(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return; // the operator's directory: its mode is theirs
        }
        if (posix(directory)) {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(directory);
        }
    }

    /** An empty file only its owner may read and write (0600) where POSIX modes exist. */
    private static void createOwnerOnlyFile(Path file) throws IOException {
        if (posix(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** An I/O failure in words, without Java's exception names. */
    static String describe(IOException e) {
        if (e instanceof FileAlreadyExistsException f) {
            return f.getFile() + " exists and is not a directory";
        }
        if (e instanceof NoSuchFileException f) {
            return "no such file or directory: " + f.getFile();
        }
        if (e instanceof AccessDeniedException f) {
            return "permission denied: " + f.getFile();
        }
        if (e instanceof FileSystemException f) {
            return (f.getReason() == null ? "cannot be written" : f.getReason()) + ": " + f.getFile();
        }
        return e.getMessage() == null ? "input/output error" : e.getMessage();
    }

    /** {@code <database>_<yyyyMMddTHHmmssZ>_<revision[+revision]|base>.dump}, with unsafe characters as {@code _}. */
    static String fileName(String database, Instant when, List<String> currentRevisions) {
        String revisions = currentRevisions.isEmpty() ? "base" : String.join("+", currentRevisions);
        return safe(database.isEmpty() ? "database" : database) + "_" + STAMP.format(when) + "_" + safe(revisions)
                + ".dump";
    }

    /** The libpq connection string of the configured database, without the password. */
    static String conninfo(Optional<String> user, Properties parsed) {
        List<String> parts = new ArrayList<>();
        add(parts, "host", parsed.getProperty("PGHOST"));
        add(parts, "port", parsed.getProperty("PGPORT"));
        add(parts, "dbname", parsed.getProperty("PGDBNAME"));
        add(parts, "user", user.orElse(null));
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
                                                 Remedy remedy, DumpTarget target, Throwable cause) {
        String none = "set backup=none explicitly if the platform takes its own snapshots";
        String fix = switch (remedy) {
            case ADDRESS -> "Set intellipost.url (or INTELLIPOST_DATABASE_URL) to the database pg_dump is to back"
                    + " up, or " + none;
            case DIRECTORY -> "Fix backupDirectory (now " + configuration.backup().directory() + "): it must be a"
                    + " directory the migrator may write, or a path where it may create one; or " + none;
            case LOGIN -> target != null && target.fromDataSource().isPresent()
                    ? "pg_dump was given " + target.fromDataSource().get().describe() + " and no password, for"
                    + " a DataSource's password cannot be read: give pg_dump one in PGPASSWORD or in PGPASSFILE"
                    + " (~/.pgpass) in the migrator's environment, or set intellipost.url (with intellipost.password)"
                    + " for the migrator to connect on its own, or " + none
                    : "Check the user and password pg_dump was given (intellipost.user and intellipost.password,"
                    + " or those in intellipost.url) and that the server's pg_hba.conf lets pg_dump in from here,"
                    + " or " + none;
            case PROGRAM -> "Fix pgDumpPath (now " + configuration.backup().pgDumpPath() + "; pg_dump of the"
                    + " PostgreSQL client, the server's major version or newer, e.g. apt-get install"
                    + " postgresql-client), or " + none;
        };
        return new BackupFailedException("Refused to " + command + ": the backup taken before it (backup=pg_dump"
                + (configuration.environment() == Environment.PRODUCTION ? ", the default in production" : "")
                + ") failed, and nothing was changed. " + configuration.redact(why) + ". " + fix + ".", cause);
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
