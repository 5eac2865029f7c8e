package com.intellipost.migrator.script;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where a script's text comes from: a file, or a classpath resource (possibly inside a jar). Re-openable. */
public interface ScriptSource {

    /** A short name for messages: the path relative to its location, e.g. {@code db/migrations/001_init.sql}. */
    String name();

    /** Opens the text as UTF-8; the caller closes it. */
    BufferedReader open() throws IOException;

    /** The file on disk, when there is one (commands that write files need it). */
    default Path path() {
        return null;
    }

    /** Opens the bytes (to find the line of a byte that is not UTF-8); empty when the source cannot. */
    default Optional<InputStream> openBytes() throws IOException {
        return path() == null ? Optional.empty() : Optional.of(Files.newInputStream(path()));
    }

    /** A script file on disk. */
    static ScriptSource file(Path file, String name) {
        return new ScriptSource() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public BufferedReader open() throws IOException {
                return Files.newBufferedReader(file, StandardCharsets.UTF_8);
            }

            @Override
            public Path path() {
                return file;
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    /** A classpath resource. */
    static ScriptSource resource(URL url, String name) {
        return new ScriptSource() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public BufferedReader open() throws IOException {
                // a decoder of its own reports a byte that is not UTF-8 (the charset's reader would replace it)
                return new BufferedReader(new InputStreamReader(url.openStream(),
                        StandardCharsets.UTF_8.newDecoder()), 1 << 16);
            }

            @Override
            public Optional<InputStream> openBytes() throws IOException {
                return Optional.of(url.openStream());
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
