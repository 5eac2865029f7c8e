package com.intellipost.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged application ({@code target/backend-sample.jar}, path from the {@code backend.jar} system property
 * that failsafe sets) running in a JVM of its own, its output in {@code target/it-logs/<name>.log}. The child sees
 * none of this machine's {@code INTELLIPOST_*} variables, only the ones given.
 */
final class JarProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;

    private JarProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    static JarProcess start(String name, Map<String, String> variables, String... args) {
        Path jar = Paths.get(required("backend.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: run the *IT tests with ./mvnw verify (after package)");
        }
        Path logs = Paths.get(required("backend.logs"));
        try {
            Files.createDirectories(logs);
            Path log = logs.resolve(name + ".log");
            List<String> command = new ArrayList<>(List.of(
                    Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
            command.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().keySet().removeIf(k -> k.startsWith("INTELLIPOST_"));
            builder.environment().putAll(variables);
            builder.redirectErrorStream(true);
            builder.redirectOutput(log.toFile());
            return new JarProcess(name, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a command to completion: {@code migrate}, {@code info}, ... */
    static Result run(String name, Map<String, String> variables, String... args) throws InterruptedException {
        try (JarProcess p = start(name, variables, args)) {
            int exit = p.waitForExit(Duration.ofMinutes(2));
            return new Result(exit, p.output());
        }
    }

    /** A finished command. */
    record Result(int exitCode, String output) {
    }

    /** The exit code; fails the test if the process is still running after {@code timeout}. */
    int waitForExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " still running after " + timeout + "; output:\n" + output());
        }
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Everything written to stdout and stderr so far. */
    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<cannot read " + log + ": " + e.getMessage() + ">";
        }
    }

    /** Stops the process (SIGTERM, so shutdown hooks run; then SIGKILL). */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    /** A port nobody listens on right now. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("System property " + property + " is not set: run the *IT tests through"
                    + " failsafe (./mvnw verify)");
        }
        return value;
    }
}
