package com.intellipost.migrator.maven;

import static com.intellipost.migrator.maven.AbstractMigratorMojo.resolveLocations;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.config.ConfigurationException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Filesystem locations follow the project directory, not the directory Maven was started from. */
class LocationsTest {

    private final Path workingDirectory = Path.of("").toAbsolutePath();

    @Test
    void relativeLocationsResolveAgainstTheProjectAndAreShownRelativeToTheWorkingDirectory() {
        Path module = workingDirectory.resolve("shop");
        assertEquals("filesystem:" + Path.of("shop", "src", "main", "resources", "db", "migrations"),
                resolveLocations("filesystem:src/main/resources/db/migrations", module));
        assertEquals("filesystem:" + Path.of("shop", "sql"), resolveLocations("sql", module));
        assertEquals("filesystem:" + Path.of("sql"), resolveLocations("./shop/../sql", workingDirectory));
    }

    @Test
    void locationsOutsideTheWorkingDirectoryStayAbsolute() {
        Path elsewhere = workingDirectory.getRoot().resolve("elsewhere-" + System.nanoTime());
        assertEquals("filesystem:" + elsewhere.resolve("sql"), resolveLocations("filesystem:sql", elsewhere));
        assertEquals("filesystem:" + elsewhere, resolveLocations("filesystem:" + elsewhere, workingDirectory));
    }

    @Test
    void classpathLocationsAreKeptAndTheListIsTrimmed() {
        assertEquals("classpath:db/migrations,filesystem:" + Path.of("shop", "extra"),
                resolveLocations(" classpath:db/migrations , shop/extra ,", workingDirectory));
    }

    @Test
    void eachEntryIsReadAsTheCoreReadsItAndAListOfNoneIsRefused() {
        assertEquals("filesystem:" + Path.of("shop", "sql"), resolveLocations("filesystem: sql", workingDirectory
                .resolve("shop")), "the space after the prefix is not part of the path, as in the core");
        ConfigurationException none = assertThrows(ConfigurationException.class,
                () -> resolveLocations(" , ", workingDirectory));
        assertTrue(none.getMessage().contains("names no location"), none.getMessage());
        assertThrows(ConfigurationException.class, () -> resolveLocations("bogus:x", workingDirectory));
    }
}
