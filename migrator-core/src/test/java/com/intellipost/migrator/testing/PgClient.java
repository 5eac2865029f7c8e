package com.intellipost.migrator.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * psql and pg_dump (from PATH) run against a {@link TestDatabase}, each with a timeout: a client that hangs is
 * killed and the test fails quoting its output. {@code -X}: no psqlrc.
 */
public final class PgClient {

    private PgClient() {
    }

    /** What a client printed (stdout and stderr together) and its exit code. */
    public record Result(int exitCode, String output) {
    }

    /** {@code psql -X [options] -f file} on {@code db}. */
    public static Result psqlFile(TestDatabase db, Path file, List<String> options, Duration timeout)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("psql", "-X"));
        command.addAll(connection(db));
        command.addAll(options);
        command.addAll(List.of("-f", file.toString()));
        return run(db, command, file.resolveSibling(file.getFileName() + ".psql.log"), timeout);
    }

    /** {@code pg_dump --no-owner --no-privileges [options]} of {@code db}, as text. */
    public static String pgDump(TestDatabase db, Path work, List<String> options) throws IOException, InterruptedException {
        Path file = Files.createTempFile(work, "dump-" + db.name(), ".sql");
        List<String> command = new ArrayList<>(List.of("pg_dump", "--no-owner", "--no-privileges", "--format=plain",
                "--file=" + file));
        command.addAll(connection(db));
        command.addAll(options);
        Result r = run(db, command, file.resolveSibling(file.getFileName() + ".log"), Duration.ofSeconds(120));
        if (r.exitCode() != 0) {
            throw new AssertionError("pg_dump " + command + " failed: " + r.output());
        }
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    /**
     * A dump without the one thing that differs between dumps of equal databases here: pg_dump 15.14+'s
     * "&#92;restrict" and "&#92;unrestrict" lines, whose key is random. Everything else is compared as written.
     */
    public static List<String> comparable(String dump) {
        return dump.lines().filter(l -> !l.startsWith("\\restrict ") && !l.startsWith("\\unrestrict ")).toList();
    }

    private static List<String> connection(TestDatabase db) {
        URI uri = URI.create(db.jdbcUrl().substring("jdbc:".length()));
        return List.of("--host=" + uri.getHost(), "--port=" + (uri.getPort() < 0 ? 5432 : uri.getPort()),
                "--username=" + db.user(), "--dbname=" + db.name());
    }

    private static Result run(TestDatabase db, List<String> command, Path log, Duration timeout)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("PG")); // no PGOPTIONS, PGDATABASE... from outside
        if (db.password() != null) {
            builder.environment().put("PGPASSWORD", db.password());
        }
        Process p = builder.start();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(command.get(0) + " did not finish within " + timeout.toSeconds() + " s: "
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
