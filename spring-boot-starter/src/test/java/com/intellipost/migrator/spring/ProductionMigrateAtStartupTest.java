package com.intellipost.migrator.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.spring.example.ExampleApplication;
import com.intellipost.migrator.spring.example.GreetingCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code intellipost.environment=production} with {@code intellipost.on-startup=migrate} and no
 * {@code intellipost.url}: the production backup is taken with pg_dump from the application's DataSource (its host,
 * database and user), and the application starts migrated.
 */
class ProductionMigrateAtStartupTest {

    @RegisterExtension
    static final StarterDatabase DB = new StarterDatabase(ProductionMigrateAtStartupTest.class);

    @Test
    void aProductionApplicationMigratingAtStartupIsBackedUpThroughItsDataSource(@TempDir Path dir) throws Exception {
        Path backups = dir.resolve("backups");
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ExampleApplication.class)
                .web(WebApplicationType.NONE).properties(DB.dataSourceArguments())
                .properties("intellipost.environment=production", "intellipost.on-startup=migrate",
                        "intellipost.backup-directory=" + backups).run()) {
            assertEquals(List.of("hello"), context.getBean(GreetingCatalog.class).greetings());
        }
        List<Path> dumps;
        try (Stream<Path> files = Files.list(backups)) {
            dumps = files.toList();
        }
        assertEquals(1, dumps.size(), dumps::toString);
        assertTrue(dumps.get(0).getFileName().toString().startsWith(DB.get().name() + "_")
                && dumps.get(0).getFileName().toString().endsWith("_base.dump"), dumps::toString);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dumps.get(0))));
    }
}
