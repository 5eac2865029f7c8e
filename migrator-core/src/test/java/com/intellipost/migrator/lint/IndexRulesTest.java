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

/** require-concurrent-index-creation and require-concurrent-index-deletion. */
class IndexRulesTest {

    private static final String CREATION = "require-concurrent-index-creation";
    private static final String DELETION = "require-concurrent-index-deletion";

    @TempDir
    Path dir;
    LintFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new LintFixture(dir);
    }

    @Test
    void createIndexOnAnExistingTable() {
        List<Finding> findings = fixture.lint("SELECT 1;", "-- the index", "CREATE INDEX item_acct", "  ON item (acct_id);");
        Finding f = only(findings, CREATION);
        assertFinding(f, CREATION, Severity.ERROR, FIRST_UP_LINE + 2, List.of("item"),
                "CREATE INDEX CONCURRENTLY item_acct\n  ON item (acct_id)");
        assertTrue(f.message().contains("SHARE lock"), f.message());
    }

    @Test
    void createUniqueIndexWithoutANameIfNotExists() {
        Finding f = only(fixture.lint("CREATE UNIQUE INDEX IF NOT EXISTS ON public.item (id);"), CREATION);
        assertFinding(f, CREATION, Severity.ERROR, FIRST_UP_LINE, List.of("public.item"),
                "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ON public.item (id)");
    }

    @Test
    void nearMisses() {
        List<Finding> findings = fixture.lint(
                "CREATE INDEX CONCURRENTLY item_acct ON item (acct_id);",
                "SELECT 'CREATE INDEX x ON item (a)';",
                "-- CREATE INDEX x ON item (a);",
                "/* DROP INDEX x; */ SELECT 1;",
                "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN CREATE INDEX x ON item (a); DROP INDEX x; END $$;",
                "CREATE TABLE \"create index x on item\" (id int);",
                "CREATE TABLE fresh (id int);",
                "CREATE INDEX fresh_id ON fresh (id);",
                "DROP INDEX CONCURRENTLY IF EXISTS item_old;");
        none(findings, CREATION);
        none(findings, DELETION);
    }

    @Test
    void dropIndex() {
        Finding f = only(fixture.lint("SELECT 1;", "DROP INDEX IF EXISTS item_acct;"), DELETION);
        assertFinding(f, DELETION, Severity.ERROR, FIRST_UP_LINE + 1, List.of("item_acct"),
                "DROP INDEX CONCURRENTLY IF EXISTS item_acct");
        assertTrue(f.message().contains("ACCESS EXCLUSIVE"), f.message());
    }

    @Test
    void dropOfSeveralIndexesGivesOneConcurrentDropEach() {
        // DROP INDEX CONCURRENTLY refuses several indexes and CASCADE
        Finding f = only(fixture.lint("DROP INDEX a_idx, b_idx CASCADE;"), DELETION);
        assertFinding(f, DELETION, Severity.ERROR, FIRST_UP_LINE, List.of("a_idx", "b_idx"),
                "DROP INDEX CONCURRENTLY a_idx;", "DROP INDEX CONCURRENTLY b_idx;");
    }
}
