package com.intellipost.migrator.command;

import com.intellipost.migrator.MigratorException;
import com.intellipost.migrator.script.ScriptScanner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/** Writes {@code <timestamp>_<revision>_<slug>.sql} files from the template; shared by {@code new} and {@code merge}. */
final class RevisionFileWriter {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final SecureRandom RANDOM = new SecureRandom();

    private RevisionFileWriter() {
    }

    static NewRevisionResult write(List<String> locations, List<String> parents, String message, String upBody) {
        String revision = newRevisionId();
        String text = "-- revision: " + revision + "\n"
                + "-- down_revision: " + (parents.isEmpty() ? "none" : String.join(", ", parents)) + "\n"
                + "-- message: " + message + "\n\n"
                + "-- migrate:up\n" + upBody + "\n"
                + "-- migrate:down\n";
        Path dir = ScriptScanner.writableDirectory(locations);
        Path file = dir.resolve(ZonedDateTime.now(ZoneOffset.UTC).format(STAMP) + "_" + revision + "_" + slug(message) + ".sql");
        try {
            Files.createDirectories(dir);
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MigratorException("Cannot write " + file + ": " + e.getMessage(), e);
        }
        return new NewRevisionResult(revision, parents, file);
    }

    /** 12 lowercase hex digits, like Alembic's. */
    static String newRevisionId() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    static String slug(String message) {
        String slug = message.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        if (slug.length() > 40) {
            slug = slug.substring(0, 40).replaceAll("_+$", "");
        }
        return slug.isEmpty() ? "revision" : slug;
    }
}
