package com.intellipost.migrator.lint;

import static com.intellipost.migrator.lint.LintFixture.FIRST_UP_LINE;
import static com.intellipost.migrator.lint.LintFixture.assertFinding;
import static com.intellipost.migrator.lint.LintFixture.none;
import static com.intellipost.migrator.lint.LintFixture.only;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ban-drop-column, renaming-column, renaming-table, ban-drop-not-null. */
class CompatibilityRulesTest {

    private static final String DROP_COLUMN = "ban-drop-column";
    private static final String RENAME_COLUMN = "renaming-column";
    private static final String RENAME_TABLE = "renaming-table";
    private static final String DROP_NOT_NULL = "ban-drop-not-null";

    @TempDir
    Path dir;
    LintFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new LintFixture(dir);
    }

    @Test
    void dropColumn() {
        Finding f = only(fixture.lint("SELECT 1;", "ALTER TABLE acct DROP COLUMN IF EXISTS c;"), DROP_COLUMN);
        assertFinding(f, DROP_COLUMN, Severity.ERROR, FIRST_UP_LINE + 1, List.of("acct", "c"),
                "ALTER TABLE acct DROP COLUMN c;");
        assertTrue(f.message().contains("ACCESS EXCLUSIVE"), f.message());
    }

    @Test
    void renameColumn() {
        Finding f = only(fixture.lint("ALTER TABLE acct RENAME COLUMN email TO mail;"), RENAME_COLUMN);
        assertFinding(f, RENAME_COLUMN, Severity.ERROR, FIRST_UP_LINE, List.of("acct", "email", "mail"),
                "ALTER TABLE acct ADD COLUMN mail");
        Finding g = only(fixture.lint("ALTER TABLE acct RENAME email TO mail;"), RENAME_COLUMN);
        assertTrue(g.message().contains("email"), g::message);
    }

    @Test
    void renameTable() {
        Finding f = only(fixture.lint("ALTER TABLE public.acct RENAME TO account;"), RENAME_TABLE);
        assertFinding(f, RENAME_TABLE, Severity.ERROR, FIRST_UP_LINE, List.of("public.acct", "account"),
                "ALTER TABLE public.acct RENAME TO account;",
                "CREATE VIEW public.acct AS SELECT * FROM public.account;");
    }

    @Test
    void dropNotNullIsAWarning() {
        Finding f = only(fixture.lint("ALTER TABLE acct ALTER COLUMN email DROP NOT NULL;"), DROP_NOT_NULL);
        assertFinding(f, DROP_NOT_NULL, Severity.WARNING, FIRST_UP_LINE, List.of("acct", "email"),
                "ALTER TABLE acct ALTER COLUMN email DROP NOT NULL;");
    }

    @Test
    void nearMisses() {
        List<Finding> findings = fixture.lint(
                "ALTER TABLE acct DROP CONSTRAINT c;",
                "ALTER TABLE acct RENAME CONSTRAINT a TO b;",
                "ALTER TABLE acct ALTER COLUMN email DROP DEFAULT;",
                "SELECT 'ALTER TABLE acct DROP COLUMN c';",
                "-- ALTER TABLE acct RENAME TO x;",
                "DO $$ BEGIN ALTER TABLE acct RENAME COLUMN a TO b; END $$;",
                "ALTER TABLE \"drop column c\" SET (fillfactor = 70);",
                "CREATE TABLE fresh (id int, c int);",
                "ALTER TABLE fresh DROP COLUMN c, ALTER COLUMN id DROP NOT NULL;",
                "ALTER TABLE fresh RENAME COLUMN id TO key;",
                "ALTER TABLE fresh RENAME TO fresher;");
        none(findings, DROP_COLUMN);
        none(findings, RENAME_COLUMN);
        none(findings, RENAME_TABLE);
        none(findings, DROP_NOT_NULL);
    }
}
