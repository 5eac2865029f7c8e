package com.intellipost.migrator.lint;

import static com.intellipost.migrator.lint.LintFixture.FIRST_UP_LINE;
import static com.intellipost.migrator.lint.LintFixture.assertFinding;
import static com.intellipost.migrator.lint.LintFixture.none;
import static com.intellipost.migrator.lint.LintFixture.of;
import static com.intellipost.migrator.lint.LintFixture.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ban-drop-table, ban-drop-database, ban-truncate-cascade, ban-vacuum-full. */
class DestructiveRulesTest {

    private static final String DROP_TABLE = "ban-drop-table";
    private static final String DROP_DATABASE = "ban-drop-database";
    private static final String TRUNCATE_CASCADE = "ban-truncate-cascade";
    private static final String VACUUM_FULL = "ban-vacuum-full";

    @TempDir
    Path dir;
    LintFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new LintFixture(dir);
    }

    @Test
    void dropTable() {
        Finding f = only(fixture.lint("SELECT 1;", "DROP TABLE IF EXISTS acct;"), DROP_TABLE);
        assertFinding(f, DROP_TABLE, Severity.ERROR, FIRST_UP_LINE + 1, List.of("acct"), "DROP TABLE acct;");
        assertTrue(f.message().contains("ACCESS EXCLUSIVE"), f.message());
    }

    @Test
    void dropOfANewAndAnOldTableStillFires() {
        Finding f = only(fixture.lint("CREATE TABLE fresh (id int);", "DROP TABLE fresh, acct;"), DROP_TABLE);
        assertTrue(f.message().contains("acct") && !f.message().contains("fresh"), f::message);
        none(fixture.lint("CREATE TABLE fresh (id int);", "DROP TABLE fresh;"), DROP_TABLE);
    }

    @Test
    void dropDatabase() {
        Finding f = only(fixture.lint("DROP DATABASE IF EXISTS legacy;"), DROP_DATABASE);
        assertFinding(f, DROP_DATABASE, Severity.ERROR, FIRST_UP_LINE, List.of("legacy"));
    }

    @Test
    void truncateCascade() {
        Finding f = only(fixture.lint("TRUNCATE item, acct CASCADE /* all of it */;"), TRUNCATE_CASCADE);
        assertFinding(f, TRUNCATE_CASCADE, Severity.ERROR, FIRST_UP_LINE, List.of("item", "acct"),
                "TRUNCATE item, acct");
        assertFalse(f.fix().contains("acct CASCADE"), f::fix);
        none(fixture.lint("TRUNCATE item;", "TRUNCATE \"cascade\";", "SELECT 'TRUNCATE a CASCADE';"), TRUNCATE_CASCADE);
    }

    @Test
    void vacuumFullAndCluster() {
        List<Finding> findings = of(fixture.lint("VACUUM FULL acct;", "VACUUM (FULL, ANALYZE) item;",
                "CLUSTER acct USING acct_n_idx;"), VACUUM_FULL);
        assertEquals(3, findings.size(), findings::toString);
        assertFinding(findings.get(0), VACUUM_FULL, Severity.ERROR, FIRST_UP_LINE, List.of());
        assertTrue(findings.get(0).message().contains("acct"), findings.get(0)::message);
        assertTrue(findings.get(1).message().contains("item"), findings.get(1)::message);
        assertTrue(findings.get(2).message().contains("acct") && findings.get(2).message().contains("ACCESS EXCLUSIVE"),
                findings.get(2)::message);
        assertTrue(findings.get(0).fix().contains("VACUUM acct;"), findings.get(0)::fix);
        assertTrue(only(fixture.lint("VACUUM FULL;"), VACUUM_FULL).fix().startsWith("VACUUM;"));
    }

    @Test
    void nearMisses() {
        List<Finding> findings = fixture.lint(
                "VACUUM acct;",
                "VACUUM (ANALYZE, FULL false) acct;",
                "SELECT 'VACUUM FULL';",
                "-- DROP TABLE acct;",
                "DROP VIEW acct_v;",
                "CREATE FUNCTION f() RETURNS void LANGUAGE sql AS $$ DROP TABLE acct; TRUNCATE a CASCADE $$;",
                "DROP INDEX CONCURRENTLY \"drop table acct\";");
        none(findings, VACUUM_FULL);
        none(findings, DROP_TABLE);
        none(findings, TRUNCATE_CASCADE);
        none(findings, DROP_DATABASE);
    }
}
