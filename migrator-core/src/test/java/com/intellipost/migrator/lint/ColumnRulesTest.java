package com.intellipost.migrator.lint;

import static com.intellipost.migrator.lint.LintFixture.FIRST_UP_LINE;
import static com.intellipost.migrator.lint.LintFixture.assertFinding;
import static com.intellipost.migrator.lint.LintFixture.none;
import static com.intellipost.migrator.lint.LintFixture.only;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.script.Script;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** adding-field-with-default, adding-required-field, adding-not-nullable-field, changing-column-type. */
class ColumnRulesTest {

    private static final String DEFAULT = "adding-field-with-default";
    private static final String REQUIRED = "adding-required-field";
    private static final String NOT_NULL = "adding-not-nullable-field";
    private static final String TYPE = "changing-column-type";

    @TempDir
    Path dir;
    LintFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new LintFixture(dir);
    }

    @Test
    void volatileDefaultRewritesTheTable() {
        // measured on PostgreSQL 15: DEFAULT gen_random_uuid() gives the table a new relfilenode
        Finding f = only(fixture.lint("SELECT 1;", "ALTER TABLE acct ADD COLUMN token uuid DEFAULT gen_random_uuid();"),
                DEFAULT);
        assertFinding(f, DEFAULT, Severity.ERROR, FIRST_UP_LINE + 1, List.of("acct", "token"),
                "ALTER TABLE acct ADD COLUMN token uuid;",
                "ALTER TABLE acct ALTER COLUMN token SET DEFAULT gen_random_uuid();");
        assertTrue(f.message().contains("gen_random_uuid()") && f.message().contains("rewrites"), f.message());
        assertTrue(f.message().contains("ACCESS EXCLUSIVE"), f.message());
        Finding g = only(fixture.lint("ALTER TABLE acct ADD COLUMN token uuid NOT NULL DEFAULT gen_random_uuid();"),
                DEFAULT);
        assertTrue(g.fix().contains("ALTER TABLE acct ADD COLUMN token uuid;") && g.fix().contains(NOT_NULL), g::fix);
    }

    @Test
    void constantAndStableDefaultsAreFineFromPostgres11() {
        // measured on PostgreSQL 15: DEFAULT now() keeps the table's relfilenode
        List<Finding> findings = fixture.lint(
                "ALTER TABLE acct ADD COLUMN a int DEFAULT 0;",
                "ALTER TABLE acct ADD COLUMN b timestamptz DEFAULT now();",
                "ALTER TABLE acct ADD COLUMN c text DEFAULT 'x'::text;",
                "ALTER TABLE acct ADD COLUMN d varchar(5) DEFAULT 'a'::varchar(5);",
                "ALTER TABLE acct ADD COLUMN e timestamptz DEFAULT pg_catalog.now();",
                "ALTER TABLE acct ADD COLUMN f int NOT NULL DEFAULT -1;",
                "ALTER TABLE acct ADD COLUMN g text DEFAULT 'gen_random_uuid()';",
                "ALTER TABLE acct ADD COLUMN h timestamptz DEFAULT CURRENT_TIMESTAMP;");
        none(findings, DEFAULT);
        none(findings, REQUIRED);
    }

    @Test
    void beforePostgres11EveryDefaultRewrites() {
        Script r = fixture.revision("r1", null, "ALTER TABLE acct ADD COLUMN a int DEFAULT 0;");
        Finding f = only(LintFixture.lint(10, r), DEFAULT);
        assertFinding(f, DEFAULT, Severity.ERROR, FIRST_UP_LINE, List.of("acct"),
                "ALTER TABLE acct ADD COLUMN a int;", "ALTER TABLE acct ALTER COLUMN a SET DEFAULT 0;");
        none(LintFixture.lint(11, r), DEFAULT);
    }

    @Test
    void storedGeneratedColumnAndSerialRewrite() {
        List<Finding> findings = fixture.lint(
                "ALTER TABLE acct ADD COLUMN twice int GENERATED ALWAYS AS (n * 2) STORED;",
                "ALTER TABLE acct ADD COLUMN seq bigserial;");
        List<Finding> defaults = LintFixture.of(findings, DEFAULT);
        assertTrue(defaults.size() == 2, findings::toString);
        assertFinding(defaults.get(0), DEFAULT, Severity.ERROR, FIRST_UP_LINE, List.of("acct", "twice"),
                "ALTER TABLE acct ADD COLUMN twice int;");
        assertFinding(defaults.get(1), DEFAULT, Severity.ERROR, FIRST_UP_LINE + 1, List.of("acct", "seq"),
                "ALTER TABLE acct ADD COLUMN seq bigint;");
        // adding a serial column again would rewrite again: the fix must not repeat the type
        assertFalse(defaults.get(1).fix().contains("bigserial"), defaults.get(1).fix());
        none(findings, REQUIRED);
    }

    @Test
    void requiredFieldWithoutDefault() {
        Finding f = only(fixture.lint("ALTER TABLE item ADD COLUMN IF NOT EXISTS code text NOT NULL;"), REQUIRED);
        assertFinding(f, REQUIRED, Severity.ERROR, FIRST_UP_LINE, List.of("item", "code"),
                "ALTER TABLE item ADD COLUMN code text NOT NULL DEFAULT");
        none(fixture.lint("CREATE TABLE fresh (id int);", "ALTER TABLE fresh ADD COLUMN code text NOT NULL;"),
                REQUIRED);
    }

    @Test
    void setNotNullScansTheTable() {
        Finding f = only(fixture.lint("SELECT 1;", "ALTER TABLE acct ALTER COLUMN email SET NOT NULL;"), NOT_NULL);
        assertFinding(f, NOT_NULL, Severity.ERROR, FIRST_UP_LINE + 1, List.of("acct", "email"),
                "ALTER TABLE acct ADD CONSTRAINT acct_email_not_null CHECK (email IS NOT NULL) NOT VALID;",
                "ALTER TABLE acct VALIDATE CONSTRAINT acct_email_not_null;",
                "ALTER TABLE acct ALTER COLUMN email SET NOT NULL;");
        assertTrue(f.message().contains("ACCESS EXCLUSIVE") && f.message().contains("every row"), f.message());
    }

    @Test
    void setNotNullAfterAValidatedCheckInAnEarlierRevision() {
        Script r1 = fixture.revision("r1", null,
                "ALTER TABLE acct ADD CONSTRAINT email_nn CHECK (email IS NOT NULL) NOT VALID;");
        Script r2 = fixture.revision("r2", "r1", "ALTER TABLE acct VALIDATE CONSTRAINT email_nn;");
        Script r3 = fixture.revision("r3", "r2", "ALTER TABLE acct ALTER COLUMN email SET NOT NULL;");
        List<Script> order = List.of(r1, r2, r3);
        // the check's revisions are applied (out of scope): their facts still count
        none(new Linter(15, java.util.Set.of()).lint(order, java.util.Set.of("r3")), NOT_NULL);
        // PostgreSQL 11 does not use the check to skip the scan
        Finding f = only(new Linter(11, java.util.Set.of()).lint(order, java.util.Set.of("r3")), NOT_NULL);
        assertTrue(f.revision().equals("r3"), f::toString);
    }

    @Test
    void setNotNullWithoutAValidatedCheck() {
        // added NOT VALID and never validated: the scan still happens
        Script r1 = fixture.revision("r1", null,
                "ALTER TABLE acct ADD CONSTRAINT email_nn CHECK (email IS NOT NULL) NOT VALID;");
        Script r2 = fixture.revision("r2", "r1", "ALTER TABLE acct ALTER COLUMN email SET NOT NULL;");
        only(LintFixture.lint(15, r1, r2), NOT_NULL);
        // validated, then dropped again before SET NOT NULL: the scan is back
        Script v = fixture.revision("r3", null,
                "ALTER TABLE acct ADD CONSTRAINT email_nn CHECK (email IS NOT NULL);");
        Script d = fixture.revision("r4", "r3", "ALTER TABLE acct DROP CONSTRAINT email_nn;");
        Script s = fixture.revision("r5", "r4", "ALTER TABLE acct ALTER COLUMN email SET NOT NULL;");
        only(new Linter(15, java.util.Set.of()).lint(List.of(v, d, s), java.util.Set.of("r5")), NOT_NULL);
    }

    @Test
    void changingColumnType() {
        Finding f = only(fixture.lint("ALTER TABLE acct ALTER COLUMN n TYPE bigint;"), TYPE);
        assertFinding(f, TYPE, Severity.ERROR, FIRST_UP_LINE, List.of("acct", "n"),
                "ALTER TABLE acct ADD COLUMN n_new bigint;");
        assertTrue(f.message().contains("rewrites"), f.message());
        Finding g = only(fixture.lint("ALTER TABLE acct ALTER n SET DATA TYPE text;"), TYPE);
        assertTrue(g.fix().contains("ALTER TABLE acct ADD COLUMN n_new text;"), g::fix);
    }

    @Test
    void nearMisses() {
        List<Finding> findings = fixture.lint(
                "SELECT 'ALTER TABLE acct ALTER COLUMN n TYPE bigint';",
                "-- ALTER TABLE acct ALTER COLUMN email SET NOT NULL;",
                "CREATE FUNCTION f() RETURNS void LANGUAGE sql AS $$ ALTER TABLE acct ADD COLUMN x int NOT NULL $$;",
                "ALTER TABLE \"alter column n type bigint\" OWNER TO me;",
                "CREATE TABLE fresh (id int);",
                "ALTER TABLE fresh ALTER COLUMN id TYPE bigint, ALTER COLUMN id SET NOT NULL,"
                        + " ADD COLUMN t uuid DEFAULT gen_random_uuid();",
                "ALTER TABLE acct ALTER COLUMN n DROP DEFAULT;");
        none(findings, TYPE);
        none(findings, NOT_NULL);
        none(findings, DEFAULT);
        none(findings, REQUIRED);
    }
}
