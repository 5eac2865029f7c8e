package com.intellipost.migrator.maven;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.apache.maven.plugin.MojoFailureException;

/** Writes a goal's JSON document (the command line prints it on standard output instead). */
final class JsonOutput {

    private JsonOutput() {
    }

    static void write(File output, String json) throws MojoFailureException {
        try {
            Files.createDirectories(output.toPath().toAbsolutePath().getParent());
            Files.writeString(output.toPath(), json + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MojoFailureException("Cannot write " + output + ": " + e.getMessage(), e);
        }
    }
}
