package com.intellipost.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A throwaway Maven project that uses the plugin on a workload's scripts, run with the repository's wrapper
 * ({@code -o -q}, so that both timings exclude any download).
 */
record MavenProject(Path dir, Path mvnw) {

    static MavenProject create(Path root, Workload w, String pluginVersion) throws IOException {
        Path dir = Files.createDirectories(root.resolve("maven-" + w.n()));
        Files.writeString(dir.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>bench</groupId>
                  <artifactId>bench-%d</artifactId>
                  <version>1</version>
                  <packaging>pom</packaging>
                  <build>
                    <plugins>
                      <plugin>
                        <groupId>com.intellipost</groupId>
                        <artifactId>intellipost-maven-plugin</artifactId>
                        <version>%s</version>
                        <configuration>
                          <locations>filesystem:%s</locations>
                        </configuration>
                      </plugin>
                    </plugins>
                  </build>
                </project>
                """.formatted(w.n(), pluginVersion, w.intellipostDir().toAbsolutePath()));
        Path mvnw = Path.of(System.getProperty("bench.mvnw", "../mvnw")).toAbsolutePath().normalize();
        return new MavenProject(dir, mvnw);
    }

    /** Wall seconds of {@code mvnw -o -q <args>} in the project. */
    double run(Path log, String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of(mvnw.toString(), "-o", "-q", "-f", dir.resolve("pom.xml").toString()));
        cmd.addAll(List.of(args));
        return Processes.run(cmd, log, "mvn " + String.join(" ", args));
    }
}
