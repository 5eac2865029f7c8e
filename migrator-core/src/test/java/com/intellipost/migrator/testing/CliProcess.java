package com.intellipost.migrator.testing;

import com.intellipost.migrator.cli.MigratorCommandLine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The command line run in a JVM of its own ({@code java -cp <test classpath> MigratorCommandLine ...}), with its
 * stdout and stderr (where slf4j-simple logs) captured together in a file so that assertions can quote them.
 * The machine's {@code INTELLIPOST_*} variables are removed from the child's environment.
 */
public final class CliProcess {

    private final String name;
    private final Process process;
    private final Path output;
    private final long startNanos = System.nanoTime();

    private CliProcess(String name, Process process, Path output) {
        this.name = name;
        this.process = process;
        this.output = output;
    }

    /** {@code --url=... --user=... [--password=...]} for {@code database}. */
    public static List<String> connectionArgs(TestDatabase database) {
        List<String> args = new ArrayList<>();
        args.add("--url=" + database.jdbcUrl());
        args.add("--user=" + database.user());
        if (database.password() != null) {
            args.add("--password=" + database.password());
        }
        return args;
    }

    /**
     * Starts the command line; its output goes to {@code <logDir>/<name>.log}.
     *
     * @param jvmOptions options for the child JVM, such as {@code -Xmx64m}
     * @param args       the command line's arguments
     */
    public static CliProcess start(Path logDir, String name, List<String> jvmOptions, List<String> args) {
        return start(logDir, name, jvmOptions, args, Map.of());
    }

    /** As {@link #start(Path, String, List, List)}, with {@code environment} added to the child's variables. */
    public static CliProcess start(Path logDir, String name, List<String> jvmOptions, List<String> args,
            Map<String, String> environment) {
        try {
            Files.createDirectories(logDir);
            Path log = logDir.resolve(name + ".log");
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(MigratorCommandLine.class.getName());
            command.addAll(args);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().keySet().removeIf(k -> k.startsWith("INTELLIPOST_"));
            builder.environment().putAll(environment);
            return new CliProcess(name, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name, e);
        }
    }

    /**
     * Waits for the process to end and returns its exit code; kills it and throws an {@link AssertionError}
     * quoting its output when it is still running after {@code timeout} (counted from its start).
     */
    public int waitFor(Duration timeout) throws InterruptedException {
        long left = timeout.toNanos() - (System.nanoTime() - startNanos);
        if (!process.waitFor(Math.max(0, left), TimeUnit.NANOSECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(name + " did not finish within " + timeout.toSeconds() + " s; killed it. "
                    + describe());
        }
        return process.exitValue();
    }

    /** Everything the process wrote so far. */
    public String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<cannot read " + output + ": " + e.getMessage() + ">";
        }
    }

    /** For assertion messages: the name, the exit code (when ended) and the whole output. */
    public String describe() {
        String state = process.isAlive() ? "still running" : "exit code " + process.exitValue();
        return name + " (" + state + ") output:\n" + output() + "\n--- end of " + name + " output ---";
    }

    public String name() {
        return name;
    }

    public Process process() {
        return process;
    }

    /** Milliseconds since the process was started. */
    public long elapsedMs() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** Kills the process if it is still running (for {@code finally} blocks). */
    public void killIfAlive() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
