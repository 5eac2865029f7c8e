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

/** constraint-missing-not-valid, disallowed-unique-constraint, adding-primary-key-constraint. */
class ConstraintRulesTest {

    private static final String NOT_VALID = "constraint-missing-not-valid";
    private static final String UNIQUE = "disallowed-unique-constraint";
    private static final String PRIMARY_KEY = "adding-primary-key-constraint";

    @TempDir
    Path dir;
    LintFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new LintFixture(dir);
    }

    @Test
    void foreignKeyWithoutNotValid() {
        Finding f = only(fixture.lint("SELECT 1;", "ALTER TABLE item ADD CONSTRAINT fk FOREIGN KEY (acct_id) REFERENCES acct (id);"),
                NOT_VALID);
        assertFinding(f, NOT_VALID, Severity.ERROR, FIRST_UP_LINE + 1, List.of("item", "fk"),
                "ALTER TABLE item ADD CONSTRAINT fk FOREIGN KEY (acct_id) REFERENCES acct (id) NOT VALID",
                "ALTER TABLE item VALIDATE CONSTRAINT fk");
        assertTrue(f.message().contains("SHARE ROW EXCLUSIVE") && f.message().contains("acct"), f.message());
    }

    @Test
    void unnamedCheckGetsAName() {
        Finding f = only(fixture.lint("ALTER TABLE acct ADD CHECK (n > 0);"), NOT_VALID);
        assertFinding(f, NOT_VALID, Severity.ERROR, FIRST_UP_LINE, List.of("acct"),
                "ALTER TABLE acct ADD CONSTRAINT acct_n_check CHECK (n > 0) NOT VALID",
                "ALTER TABLE acct VALIDATE CONSTRAINT acct_n_check");
        assertTrue(f.message().contains("ACCESS EXCLUSIVE"), f.message());
    }

    @Test
    void validateInTheRevisionThatAddedItNotValid() {
        Finding f = only(fixture.lint(
                "ALTER TABLE item ADD CONSTRAINT fk FOREIGN KEY (acct_id) REFERENCES acct (id) NOT VALID;",
                "ALTER TABLE item VALIDATE CONSTRAINT fk;"), NOT_VALID);
        assertFinding(f, NOT_VALID, Severity.ERROR, FIRST_UP_LINE + 1, List.of("item", "fk"),
                "ALTER TABLE item VALIDATE CONSTRAINT fk");
        assertTrue(f.message().contains("SHARE ROW EXCLUSIVE, which blocks writes")
                && !f.message().contains("ACCESS EXCLUSIVE"), f.message());
    }

    @Test
    void validateInTheStatementThatAddedItNotValid() {
        Finding f = only(fixture.lint("ALTER TABLE acct ADD CONSTRAINT pos CHECK (n > 0) NOT VALID,"
                + " VALIDATE CONSTRAINT pos;"), NOT_VALID);
        assertFinding(f, NOT_VALID, Severity.ERROR, FIRST_UP_LINE, List.of("acct", "pos"),
                "ALTER TABLE acct VALIDATE CONSTRAINT pos");
        assertTrue(f.message().contains("ACCESS EXCLUSIVE, which blocks reads and writes"), f.message());
    }

    @Test
    void aColumnAddedWithACheckOrAReferenceIsCheckedAtOnce() {
        Finding check = only(fixture.lint("ALTER TABLE acct ADD COLUMN x bigint DEFAULT 0 CHECK (x >= 0) NOT NULL;"),
                NOT_VALID);
        assertFinding(check, NOT_VALID, Severity.ERROR, FIRST_UP_LINE, List.of("acct", "x"),
                "ALTER TABLE acct ADD COLUMN x bigint DEFAULT 0 NOT NULL;",
                "ALTER TABLE acct ADD CONSTRAINT acct_x_check CHECK (x >= 0) NOT VALID;",
                "ALTER TABLE acct VALIDATE CONSTRAINT acct_x_check;");
        Finding reference = only(fixture.lint("ALTER TABLE item ADD COLUMN acct_id bigint REFERENCES acct (id);"),
                NOT_VALID);
        assertFinding(reference, NOT_VALID, Severity.ERROR, FIRST_UP_LINE, List.of("item", "acct_id"),
                "ALTER TABLE item ADD COLUMN acct_id bigint;",
                "ALTER TABLE item ADD CONSTRAINT item_acct_id_fkey FOREIGN KEY (acct_id) REFERENCES acct (id) NOT VALID;");
        none(fixture.lint("CREATE TABLE fresh (id bigint);", "ALTER TABLE fresh ADD COLUMN x bigint CHECK (x > 0);"),
                NOT_VALID);
    }

    @Test
    void validateInALaterRevisionIsFine() {
        var r1 = fixture.revision("r1", null,
                "ALTER TABLE item ADD CONSTRAINT fk FOREIGN KEY (acct_id) REFERENCES acct (id) NOT VALID;");
        var r2 = fixture.revision("r2", "r1", "ALTER TABLE item VALIDATE CONSTRAINT fk;");
        none(LintFixture.lint(15, r1, r2), NOT_VALID);
    }

    @Test
    void nearMisses() {
        List<Finding> findings = fixture.lint(
                "ALTER TABLE item ADD CONSTRAINT fk FOREIGN KEY (acct_id) REFERENCES acct (id) NOT VALID;",
                "ALTER TABLE acct ADD CONSTRAINT n_pos CHECK (n > 0) NOT VALID;",
                "SELECT 'ALTER TABLE acct ADD CONSTRAINT u UNIQUE (email)';",
                "-- ALTER TABLE acct ADD CONSTRAINT u UNIQUE (email);",
                "DO $$ BEGIN ALTER TABLE acct ADD CONSTRAINT u UNIQUE (email); END $$;",
                "ALTER TABLE acct ADD CONSTRAINT email_uq UNIQUE USING INDEX email_uq_idx;",
                "ALTER TABLE acct ADD CONSTRAINT acct_pk PRIMARY KEY USING INDEX acct_pk_idx;",
                "ALTER TABLE \"add constraint u unique (x)\" RENAME CONSTRAINT a TO b;",
                "CREATE TABLE fresh (id int, ref int);",
                "ALTER TABLE fresh ADD PRIMARY KEY (id), ADD UNIQUE (ref), ADD CHECK (ref > 0),"
                        + " ADD FOREIGN KEY (ref) REFERENCES acct (id);");
        none(findings, NOT_VALID);
        none(findings, UNIQUE);
        none(findings, PRIMARY_KEY);
    }

    @Test
    void uniqueConstraint() {
        Finding f = only(fixture.lint("ALTER TABLE acct ADD CONSTRAINT email_uq UNIQUE (email);"), UNIQUE);
        assertFinding(f, UNIQUE, Severity.ERROR, FIRST_UP_LINE, List.of("acct", "email_uq"),
                "CREATE UNIQUE INDEX CONCURRENTLY email_uq ON acct (email);",
                "ALTER TABLE acct ADD CONSTRAINT email_uq UNIQUE USING INDEX email_uq;");
        assertTrue(f.message().contains("ACCESS EXCLUSIVE"), f.message());
    }

    @Test
    void uniqueColumnAddedToAnExistingTable() {
        Finding f = only(fixture.lint("ALTER TABLE acct ADD COLUMN email2 text UNIQUE;"), UNIQUE);
        assertFinding(f, UNIQUE, Severity.ERROR, FIRST_UP_LINE, List.of("acct", "email2"),
                "ALTER TABLE acct ADD COLUMN email2 text;",
                "CREATE UNIQUE INDEX CONCURRENTLY acct_email2_key ON acct (email2);",
                "ALTER TABLE acct ADD CONSTRAINT acct_email2_key UNIQUE USING INDEX acct_email2_key;");
    }

    @Test
    void primaryKey() {
        Finding f = only(fixture.lint("SELECT 1;", "ALTER TABLE ONLY item", "  ADD PRIMARY KEY (id);"), PRIMARY_KEY);
        assertFinding(f, PRIMARY_KEY, Severity.ERROR, FIRST_UP_LINE + 1, List.of("item", "item_pkey"),
                "CREATE UNIQUE INDEX CONCURRENTLY item_pkey ON item (id);",
                "ALTER TABLE item ADD CONSTRAINT item_pkey PRIMARY KEY USING INDEX item_pkey;");
    }
}
