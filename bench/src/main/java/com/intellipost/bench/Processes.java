package com.intellipost.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Child processes: psql, JVMs on this classpath, Maven. Output goes to a log file that errors quote. */
final class Processes {

    private Processes() {
    }

    /**
     * A child JVM on this classpath. Short-lived command-line JVMs get C1 only and the serial collector: on two
     * cores, sixteen JVMs' C2 compiler and parallel GC threads would otherwise compete with the migration itself.
     */
    static List<String> java(String heap, String mainClass, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        if (heap != null) {
            cmd.add("-Xmx" + heap);
        }
        cmd.addAll(List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
                mainClass));
        cmd.addAll(List.of(args));
        return cmd;
    }

    static Process start(List<String> command, Path log, File workingDir) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        if (workingDir != null) {
            pb.directory(workingDir);
        }
        return pb.start();
    }

    /** Waits for the process; throws with the end of its log when it fails. */
    static void await(Process p, Path log, String what) throws IOException, InterruptedException {
        if (!p.waitFor(60, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(what + " did not finish in 60 minutes");
        }
        if (p.exitValue() != 0) {
            List<String> lines = Files.readAllLines(log);
            throw new IllegalStateException(what + " exited " + p.exitValue() + ":\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())));
        }
    }

    /** Runs to completion; returns wall seconds. */
    static double run(List<String> command, Path log, String what) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process p = start(command, log, null);
        await(p, log, what);
        return (System.nanoTime() - start) / 1e9;
    }
}
