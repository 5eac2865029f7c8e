package com.intellipost.migrator.lint;

import static com.intellipost.migrator.lint.LintFixture.FIRST_UP_LINE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Statements cut short or malformed: every rule keeps going, and the statement after them is still linted. */
class OddInputTest {

    @TempDir
    Path dir;
    LintFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new LintFixture(dir);
    }

    /**
     * Lints a DROP TABLE, {@code odd}, and a DROP TABLE again: no rule may throw, and both drops are found (an
     * unterminated parenthesis swallows the rest of the section, as in PostgreSQL's own lexer, so then only one).
     */
    private void survives(String odd, int drops) {
        List<Finding> findings = fixture.lint("DROP TABLE before_it;", odd, "DROP TABLE after_it;");
        assertEquals(drops, LintFixture.of(findings, "ban-drop-table").size(), () -> odd + " -> " + findings);
        assertEquals(FIRST_UP_LINE, LintFixture.of(findings, "ban-drop-table").get(0).line());
    }

    @Test
    void truncatedStatements() {
        for (String odd : List.of(";;", "ALTER TABLE;", "ALTER TABLE t;", "ALTER TABLE t ADD;", "ALTER TABLE t ADD COLUMN;",
                "ALTER TABLE t ADD CONSTRAINT;", "ALTER TABLE t ADD CONSTRAINT c;", "ALTER TABLE t ADD CONSTRAINT c CHECK;",
                "ALTER TABLE t ALTER;", "ALTER TABLE t ALTER COLUMN;", "ALTER TABLE t ALTER COLUMN c;",
                "ALTER TABLE t ALTER COLUMN c TYPE;", "ALTER TABLE t ALTER COLUMN c SET;", "ALTER TABLE t RENAME;",
                "ALTER TABLE t RENAME TO;", "ALTER TABLE t RENAME COLUMN a;", "ALTER TABLE t DROP;",
                "ALTER TABLE t VALIDATE CONSTRAINT;", "ALTER TABLE t ,, ADD COLUMN a int,;",
                "CREATE;", "CREATE TABLE;", "CREATE TABLE t;", "CREATE TABLE t ();", "CREATE INDEX;",
                "CREATE INDEX ON;", "CREATE UNIQUE INDEX i ON;", "DROP;", "DROP INDEX;", "DROP TABLE;",
                "TRUNCATE;", "VACUUM;", "CLUSTER;", "BEGIN;", "START;", "COMMIT PREPARED;")) {
            survives(odd, 2);
        }
    }

    @Test
    void unterminatedParentheses() {
        for (String odd : List.of("CREATE TABLE t (a int, b varchar(10;", "ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0;",
                "ALTER TABLE t ADD CONSTRAINT u UNIQUE (a;", "ALTER TABLE t ADD PRIMARY KEY (;",
                "ALTER TABLE t ADD COLUMN a int DEFAULT (now(;", "ALTER TABLE t ADD COLUMN a varchar(;",
                "CREATE INDEX i ON t ((lower(a);",
                "VACUUM (FULL;", "VACUUM (;")) {
            survives(odd, 1);
        }
        for (String odd : List.of("ALTER TABLE t ADD COLUMN a int)), ADD COLUMN b int;", "CREATE TABLE t (a int));")) {
            survives(odd, 2);
        }
    }

    @Test
    void emptyUpSection() {
        var s = fixture.revision("r1", null, "");
        assertEquals(List.of(), LintFixture.lint(15, s));
    }
}
