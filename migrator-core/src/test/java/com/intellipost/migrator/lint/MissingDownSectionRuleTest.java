package com.intellipost.migrator.lint;

import static com.intellipost.migrator.lint.LintFixture.assertFinding;
import static com.intellipost.migrator.lint.LintFixture.none;
import static com.intellipost.migrator.lint.LintFixture.only;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** missing-down-section: at the revision header's line. */
class MissingDownSectionRuleTest {

    private static final String ID = "missing-down-section";

    @TempDir
    Path dir;

    @Test
    void noDownMarker() {
        LintFixture fixture = new LintFixture(dir);
        var s = fixture.raw("a.sql", "-- message: first\n-- revision: r1\n-- down_revision: none\n\nSELECT 1;\n");
        assertFinding(only(LintFixture.lint(15, s), ID), ID, Severity.WARNING, 2, List.of(), "-- migrate:down");
    }

    @Test
    void emptyDownSectionIsEnough() {
        LintFixture fixture = new LintFixture(dir);
        var s = fixture.raw("b.sql", "-- revision: r1\n-- down_revision: none\n-- migrate:up\nSELECT 1;\n-- migrate:down\n");
        none(LintFixture.lint(15, s), ID);
    }
}
