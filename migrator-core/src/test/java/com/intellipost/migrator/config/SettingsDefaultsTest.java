package com.intellipost.migrator.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link Settings#DEFAULTS}, which {@code help} prints, is what {@link Settings#resolve} does: setting any plain
 * default explicitly resolves to the same configuration as setting nothing. Backup's default depends on the
 * environment.
 */
class SettingsDefaultsTest {

    @Test
    void everyPlainDefaultIsTheOneResolveUses() {
        Configuration nothingSet = new Settings().isolated().resolve();
        int checked = 0;
        for (Map.Entry<String, String> e : Settings.DEFAULTS.entrySet()) {
            assertTrue(Settings.KEYS.contains(e.getKey()), e.getKey());
            if (e.getValue().startsWith("(")) {
                continue; // described, not a value
            }
            Configuration explicit = new Settings().isolated().set(e.getKey(), e.getValue()).resolve();
            assertEquals(nothingSet, explicit, () -> e.getKey() + "=" + e.getValue() + " is not the default");
            checked++;
        }
        assertTrue(checked >= 15, "checked " + checked);
    }

    @Test
    void backupIsPgDumpInProductionAndNoneElsewhereUnlessSet() {
        BackupOptions production = new Settings().isolated().environment("production").resolve().backup();
        assertTrue(production.pgDump());
        assertEquals(new BackupOptions(true, Path.of("intellipost-backups"), "pg_dump"), production);
        for (String environment : new String[] {"development", "testing", "staging"}) {
            assertFalse(new Settings().isolated().environment(environment).resolve().backup().pgDump(), environment);
        }
        assertTrue(new Settings().isolated().set("backup", "pg_dump").resolve().backup().pgDump());
        assertFalse(new Settings().isolated().environment("production").set("backup", "none").resolve().backup()
                .pgDump());
        ConfigurationException bad = org.junit.jupiter.api.Assertions.assertThrows(ConfigurationException.class,
                () -> new Settings().isolated().set("backup", "tar").resolve());
        assertTrue(bad.getMessage().startsWith("intellipost.backup=tar is not a backup mode; use pg_dump"),
                bad.getMessage());
    }
}
