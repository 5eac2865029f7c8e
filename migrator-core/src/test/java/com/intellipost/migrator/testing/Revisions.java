package com.intellipost.migrator.testing;

import com.intellipost.migrator.Migrator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes revision files for tests and builds a migrator over them. */
public final class Revisions {

    private final Path dir;

    public Revisions(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** Writes {@code file} with a header and the given up and (when not null) down sections. */
    public Path write(String file, String revision, String parents, String up, String down) {
        String text = "-- revision: " + revision + "\n"
                + "-- down_revision: " + (parents == null ? "none" : parents) + "\n"
                + "-- message: " + revision + " message\n\n"
                + "-- migrate:up\n" + up + "\n"
                + (down == null ? "" : "-- migrate:down\n" + down + "\n");
        return writeRaw(file, text);
    }

    /** Writes a file exactly as given. */
    public Path writeRaw(String file, String text) {
        try {
            Path path = dir.resolve(file);
            Files.createDirectories(path.getParent());
            Files.writeString(path, text, StandardCharsets.UTF_8);
            return path;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A migrator on {@code database} over this directory, ignoring the machine's INTELLIPOST_* variables. */
    public Migrator.Builder migrator(TestDatabase database) {
        return Migrator.configure().isolated()
                .url(database.jdbcUrl()).user(database.user()).password(database.password())
                .locations("filesystem:" + dir)
                .set("lockTimeout", "2s").set("lockWaitTimeout", "2min").set("connectTimeout", "5s");
    }
}
