package com.intellipost.migrator.lint;

import static com.intellipost.migrator.lint.LintFixture.FIRST_UP_LINE;
import static com.intellipost.migrator.lint.LintFixture.assertFinding;
import static com.intellipost.migrator.lint.LintFixture.none;
import static com.intellipost.migrator.lint.LintFixture.of;
import static com.intellipost.migrator.lint.LintFixture.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** transaction-nesting and concurrently-mixed-with-ddl. */
class TransactionRulesTest {

    private static final String NESTING = "transaction-nesting";
    private static final String MIXED = "concurrently-mixed-with-ddl";

    @TempDir
    Path dir;
    LintFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new LintFixture(dir);
    }

    @Test
    void transactionControlStatements() {
        List<Finding> findings = of(fixture.lint("BEGIN;", "SELECT 1;", "COMMIT;", "START TRANSACTION;",
                "ROLLBACK;", "begin transaction isolation level serializable;", "END;", "ABORT;"), NESTING);
        assertEquals(List.of(FIRST_UP_LINE, FIRST_UP_LINE + 2, FIRST_UP_LINE + 3, FIRST_UP_LINE + 4,
                FIRST_UP_LINE + 5, FIRST_UP_LINE + 6, FIRST_UP_LINE + 7),
                findings.stream().map(Finding::line).toList());
        assertFinding(findings.get(0), NESTING, Severity.ERROR, FIRST_UP_LINE, List.of("BEGIN"), "Remove");
        assertTrue(findings.get(2).message().contains("START TRANSACTION"), findings.get(2)::message);
    }

    @Test
    void nearMisses() {
        List<Finding> findings = fixture.lint(
                "COMMIT PREPARED 'tx1';",
                "ROLLBACK PREPARED 'tx1';",
                "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$;",
                "CREATE FUNCTION g() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END;",
                "DO $$ BEGIN COMMIT; END $$;",
                "SELECT 'BEGIN';",
                "-- COMMIT;",
                "SELECT 1 AS \"commit\";",
                "SAVEPOINT s1;",
                "ROLLBACK TO SAVEPOINT s1;",
                "RELEASE SAVEPOINT s1;");
        none(findings, NESTING);
    }

    @Test
    void concurrentlyBesideOtherStatements() {
        List<Finding> findings = fixture.lint("ALTER TABLE acct SET (fillfactor = 70);",
                "CREATE INDEX CONCURRENTLY item_acct ON item (acct_id);", "COMMENT ON TABLE acct IS 'x';");
        Finding f = only(findings, MIXED);
        assertFinding(f, MIXED, Severity.ERROR, FIRST_UP_LINE + 1, List.of("CREATE INDEX CONCURRENTLY"));
        assertTrue(f.message().contains("2 other statement"), f::message);
        // reported once the revision is read, but listed at its line, between the statements around it
        assertEquals(List.of(FIRST_UP_LINE + 1, FIRST_UP_LINE + 2), fixture.lint("SELECT 1;",
                "CREATE INDEX CONCURRENTLY item_acct ON item (acct_id);", "DROP TABLE acct;").stream()
                .map(Finding::line).toList());
    }

    @Test
    void concurrentlyAloneIsFine() {
        none(fixture.lint("-- a comment", "CREATE INDEX CONCURRENTLY item_acct ON item (acct_id);", ";"), MIXED);
        none(fixture.lint("SELECT 'CREATE INDEX CONCURRENTLY x ON y (z)';", "SELECT 2;"), MIXED);
    }

    @Test
    void ignoreBeforeTheConcurrentStatementTurnsItOff() {
        none(fixture.lint("SELECT 1;", "-- lint:ignore concurrently-mixed-with-ddl",
                "CREATE INDEX CONCURRENTLY item_acct ON item (acct_id);"), MIXED);
    }
}
