package com.intellipost.migrator.lint;

import static com.intellipost.migrator.lint.LintFixture.FIRST_UP_LINE;
import static com.intellipost.migrator.lint.LintFixture.assertFinding;
import static com.intellipost.migrator.lint.LintFixture.none;
import static com.intellipost.migrator.lint.LintFixture.only;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** unbatched-data-change: UPDATE or DELETE of an existing table in a transactional revision, without -- batch:. */
class UnbatchedDataChangeRuleTest {

    private static final String ID = "unbatched-data-change";

    @TempDir
    Path dir;

    @Test
    void updateOfAnExistingTable() {
        var findings = new LintFixture(dir).lint("UPDATE posts SET summary = left(body, 200);");
        assertFinding(only(findings, ID), ID, Severity.WARNING, FIRST_UP_LINE, List.of("posts"),
                "-- batch: table=posts key=id size=10000", "WHERE id >= ${batch_start} AND id < ${batch_end}",
                "runs none twice", "after repair it runs again from the first batch");
    }

    @Test
    void aChangeOfRowsNamedByIdIsNotReported() {
        none(new LintFixture(dir).lint("UPDATE acct SET note = 'x' WHERE id = 1;",
                "DELETE FROM acct WHERE id IN (1, 2, -3);", "UPDATE acct a SET note = 'y' WHERE a.id = '7' AND note"
                        + " IS NULL;", "UPDATE acct SET note = 'z' WHERE kind = 'a' AND id = 4;"), ID);
    }

    @Test
    void aWhereThatMayMatchManyRowsIsReported() {
        var findings = new LintFixture(dir).lint("UPDATE acct SET note = 'x' WHERE status = 'active';",
                "UPDATE acct SET note = 'x' WHERE id = 1 OR note IS NULL;",
                "DELETE FROM acct WHERE id IN (SELECT id FROM old);", "UPDATE acct SET note = 'x' WHERE id > 1;");
        assertEquals(4, findings.stream().filter(f -> f.rule().equals(ID)).count(), findings.toString());
    }

    @Test
    void deleteOfAnExistingTable() {
        var findings = new LintFixture(dir).lint("SELECT 1;", "DELETE FROM ONLY app.sessions WHERE expired;");
        assertFinding(only(findings, ID), ID, Severity.WARNING, FIRST_UP_LINE + 1, List.of("app.sessions"));
    }

    @Test
    void aTableCreatedInTheRevisionIsNew() {
        none(new LintFixture(dir).lint("CREATE TABLE t (id int);", "UPDATE t SET id = 2;", "DELETE FROM t;"), ID);
    }

    @Test
    void aBatchedStatementIsNotReported() {
        none(new LintFixture(dir).lint("-- batch: table=posts key=id size=10000",
                "UPDATE posts SET summary = left(body, 200) WHERE id >= ${batch_start} AND id < ${batch_end}"
                        + " AND summary IS NULL;"), ID);
    }

    @Test
    void aNonTransactionalRevisionIsNotReported() {
        none(new LintFixture(dir).lint("CREATE INDEX CONCURRENTLY i ON posts (id);", "UPDATE posts SET a = 1;"), ID);
    }

    @Test
    void insertIsNotReported() {
        none(new LintFixture(dir).lint("INSERT INTO posts (id) VALUES (1);"), ID);
    }
}
