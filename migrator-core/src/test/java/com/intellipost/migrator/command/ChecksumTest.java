package com.intellipost.migrator.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.testing.PostgresExtension;
import com.intellipost.migrator.testing.Revisions;
import com.intellipost.migrator.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Acceptance 3: editing an applied up section is caught; line endings, a BOM or the down section are not edits. */
@ExtendWith(PostgresExtension.class)
class ChecksumTest {

    private static final String HEADER = "-- revision: c1\n-- down_revision: none\n-- message: Checksummed\n\n";
    private static final String UP = "-- migrate:up\nCREATE TABLE c_t (id int);\nINSERT INTO c_t VALUES (1);\n";

    @Test
    void editedUpSectionFailsValidateAndMigrate(TestDatabase db, @TempDir Path dir) {
        Revisions r = new Revisions(dir);
        r.writeRaw("001_c.sql", HEADER + UP + "-- migrate:down\nDROP TABLE c_t;\n");
        r.migrator(db).set("schema", "edited").load().migrate();

        r.writeRaw("001_c.sql", HEADER + UP.replace("VALUES (1)", "VALUES (2)") + "-- migrate:down\nDROP TABLE c_t;\n");
        ValidationException validate = assertThrows(ValidationException.class,
                () -> r.migrator(db).set("schema", "edited").load().validate());
        assertTrue(validate.getMessage().contains("c1") && validate.getMessage().contains("001_c.sql"), validate.getMessage());
        ValidationException migrate = assertThrows(ValidationException.class,
                () -> r.migrator(db).set("schema", "edited").load().migrate());
        assertTrue(migrate.getMessage().contains("c1") && migrate.getMessage().contains("001_c.sql"), migrate.getMessage());
        assertEquals(RevisionState.CHECKSUM_MISMATCH,
                r.migrator(db).set("schema", "edited").load().info().revisions().get(0).state());
    }

    @Test
    void lineEndingsBomAndDownSectionDoNotChangeTheChecksum(TestDatabase db, @TempDir Path dir) {
        Revisions r = new Revisions(dir);
        String up = UP.replace("c_t", "c_same");
        String original = HEADER + up + "-- migrate:down\nDROP TABLE c_same;\n";
        r.writeRaw("001_c.sql", original);
        r.migrator(db).set("schema", "same").load().migrate();

        String[] variants = {
            original.replace("\n", "\r\n"),
            original.replace("\n", "\r"),
            "\uFEFF" + original,
            HEADER + up + "-- migrate:down\nDROP TABLE IF EXISTS c_same CASCADE;\n",
        };
        for (String variant : variants) {
            r.writeRaw("001_c.sql", variant);
            InfoResult info = r.migrator(db).set("schema", "same").load().validate();
            assertEquals(RevisionState.APPLIED, info.revisions().get(0).state(), "variant " + variant.replace("\r", "\\r"));
            assertTrue(r.migrator(db).set("schema", "same").load().migrate().applied().isEmpty());
        }
    }
}
