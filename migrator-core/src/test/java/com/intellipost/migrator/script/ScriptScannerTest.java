package com.intellipost.migrator.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.Migrator;
import com.intellipost.migrator.cli.MigratorCommandLine;
import com.intellipost.migrator.command.NewRevisionResult;
import com.intellipost.migrator.config.ConfigurationException;
import com.intellipost.migrator.testing.Revisions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Audit A5: a mistyped location used to pass the CI gate ({@code check --locations=filesystem:/typo}: "Checked 0
 * revision(s)", exit 0); {@code bogus:/x} was read as a path and {@code filesystem:} scanned the working directory.
 * Each is a configuration error naming the setting now; only {@code new} may find its directory missing.
 */
class ScriptScannerTest {

    @Test
    void aLocationThatDoesNotExistIsAnErrorNamingIt(@TempDir Path dir) {
        Path typo = dir.resolve("migratoins");
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> offline("filesystem:" + typo).check());
        assertEquals("The location filesystem:" + typo + " of the setting locations does not exist: correct the path,"
                + " or create the directory (new creates it for a project's first revision)", e.getMessage());
        assertThrows(ConfigurationException.class, () -> offline(typo.toString()).validate());
        Path file = new Revisions(dir).write("1.sql", "f1", null, "SELECT 1;", null);
        e = assertThrows(ConfigurationException.class, () -> offline("filesystem:" + file).lint());
        assertTrue(e.getMessage().contains("is not a directory"), e.getMessage());
        e = assertThrows(ConfigurationException.class, () -> offline("classpath:db/no_such_migrations").check());
        assertTrue(e.getMessage().startsWith("The location classpath:db/no_such_migrations of the setting locations"
                + " is on no classpath entry"), e.getMessage());
    }

    @Test
    void aRelativeLocationIsShownWithTheDirectoryItWasLookedFor() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> offline("filesystem:no/such/dir").check());
        assertTrue(e.getMessage().contains("filesystem:no/such/dir (" + Path.of("no/such/dir").toAbsolutePath()
                + ") of the setting locations does not exist"), e.getMessage());
    }

    @Test
    void anUnknownPrefixOrAnEmptyPathIsRefusedWhenTheConfigurationIsRead() {
        for (List<String> c : List.of(
                List.of("bogus:/x", "intellipost.locations has the location bogus:/x with the unknown prefix bogus:;"
                        + " a location is classpath:<path>, filesystem:<path> or a plain path"),
                List.of("Classpath:db/migrations", "unknown prefix Classpath:; a location is classpath:<path>,"
                        + " filesystem:<path> or a plain path (the prefix is lower case)"),
                List.of("filesystem:", "intellipost.locations has the location 'filesystem:' with no path; name the"
                        + " directory of the scripts, e.g. filesystem:src/main/resources/db/migrations"),
                List.of("classpath:/", "has the location 'classpath:/' with no path"),
                List.of(" , ", "intellipost.locations=, names no location"))) {
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> Migrator.configure().isolated().locations(c.get(0)).load(), c::toString);
            assertTrue(e.getMessage().contains(c.get(1)), () -> c + ": " + e.getMessage());
        }
    }

    @Test
    void newCreatesItsDirectoryButAnotherMissingLocationIsStillAnError(@TempDir Path dir) throws Exception {
        Path fresh = dir.resolve("project/src/main/resources/db/migrations");
        NewRevisionResult first = offline("filesystem:" + fresh).newRevision("Create customer table");
        assertTrue(Files.isRegularFile(first.file()), first::toString);
        assertEquals(List.of(), first.downRevisions());

        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> offline("filesystem:" + dir.resolve("other") + ",filesystem:" + dir.resolve("typo"))
                        .newRevision("Second"));
        assertTrue(e.getMessage().contains("filesystem:" + dir.resolve("typo") + " of the setting locations"),
                e.getMessage());
    }

    /** The CI gate through the command line: a missing location fails it (1), a mistyped prefix is usage (2). */
    @Test
    void checkFailsOnAMistypedLocation(@TempDir Path dir) {
        assertEquals(1, check("--locations=filesystem:" + dir.resolve("typo")));
        assertEquals(2, check("--locations=bogus:" + dir));
        assertEquals(2, check("--locations=filesystem:"));
        new Revisions(dir).write("1.sql", "c1", null, "SELECT 1;", null);
        assertEquals(0, check("--locations=filesystem:" + dir));
    }

    private static int check(String locations) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(sink, true, StandardCharsets.UTF_8);
        return new MigratorCommandLine(print, print, () -> Migrator.configure().isolated()).run("check", locations);
    }

    private static Migrator offline(String locations) {
        return Migrator.configure().isolated().locations(locations).load();
    }
}
