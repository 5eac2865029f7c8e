package com.intellipost.migrator.lint;

import static com.intellipost.migrator.lint.LintFixture.FIRST_UP_LINE;
import static com.intellipost.migrator.lint.LintFixture.assertFinding;
import static com.intellipost.migrator.lint.LintFixture.none;
import static com.intellipost.migrator.lint.LintFixture.of;
import static com.intellipost.migrator.lint.LintFixture.only;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** prefer-identity, prefer-text-field, prefer-timestamp-tz, ban-char-field, prefer-bigint-over-int. */
class TypeRulesTest {

    private static final String IDENTITY = "prefer-identity";
    private static final String TEXT = "prefer-text-field";
    private static final String TIMESTAMPTZ = "prefer-timestamp-tz";
    private static final String CHAR = "ban-char-field";
    private static final String BIGINT = "prefer-bigint-over-int";
    private static final List<String> ALL = List.of(IDENTITY, TEXT, TIMESTAMPTZ, CHAR, BIGINT);

    @TempDir
    Path dir;
    LintFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new LintFixture(dir);
    }

    @Test
    void createTableColumns() {
        List<Finding> findings = fixture.lint("SELECT 1;",
                "CREATE TABLE acct2 (",
                "  id serial PRIMARY KEY,",
                "  email varchar(200) NOT NULL,",
                "  code char(3),",
                "  created timestamp DEFAULT now(),",
                "  n integer,",
                "  CONSTRAINT n_pos CHECK (n > 0)",
                ");");
        int line = FIRST_UP_LINE + 1;
        assertFinding(only(findings, IDENTITY), IDENTITY, Severity.WARNING, line, List.of("id"),
                "id bigint GENERATED ALWAYS AS IDENTITY");
        assertFinding(only(findings, TEXT), TEXT, Severity.WARNING, line, List.of("email"), "email text");
        assertFinding(only(findings, CHAR), CHAR, Severity.WARNING, line, List.of("code"), "code text");
        assertFinding(only(findings, TIMESTAMPTZ), TIMESTAMPTZ, Severity.WARNING, line, List.of("created"),
                "created timestamptz");
        assertFinding(only(findings, BIGINT), BIGINT, Severity.WARNING, line, List.of("n"), "n bigint");
    }

    @Test
    void addColumnAndAlterColumnType() {
        List<Finding> findings = fixture.lint("ALTER TABLE acct ADD COLUMN c character varying(10);",
                "ALTER TABLE acct ALTER COLUMN d TYPE timestamp without time zone USING d::timestamp;",
                "ALTER TABLE acct ALTER e SET DATA TYPE int4;",
                "ALTER TABLE acct ADD f character(2);");
        assertEquals(FIRST_UP_LINE, only(findings, TEXT).line());
        assertEquals(FIRST_UP_LINE + 1, only(findings, TIMESTAMPTZ).line());
        assertEquals(FIRST_UP_LINE + 2, only(findings, BIGINT).line());
        assertEquals(FIRST_UP_LINE + 3, only(findings, CHAR).line());
    }

    @Test
    void nearMisses() {
        List<Finding> findings = fixture.lint(
                "CREATE TABLE ok (id bigint GENERATED ALWAYS AS IDENTITY, at timestamptz, at2 timestamp with time zone,"
                        + " at3 timestamp(3) with time zone, name text, v varchar, n bigint, s smallint);",
                "SELECT 'a'::varchar(5), 1::int, now()::timestamp, 'x'::char(2);",
                "UPDATE acct SET email = CAST(email AS varchar(20));",
                "ALTER TABLE acct ADD COLUMN z text DEFAULT 'a'::varchar(5), ADD CONSTRAINT c CHECK (n::int > 0);",
                "CREATE TABLE copy AS SELECT 1::int AS n, now()::timestamp AS t;",
                "CREATE TABLE \"create table x (id serial)\" (id bigint);",
                "-- CREATE TABLE t (id serial);",
                "CREATE FUNCTION f(a int) RETURNS varchar(5) LANGUAGE sql AS $$ SELECT 'x'::char(2) $$;");
        for (String rule : ALL) {
            none(findings, rule);
        }
    }
}
