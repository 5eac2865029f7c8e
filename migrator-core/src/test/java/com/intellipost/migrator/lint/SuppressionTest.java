package com.intellipost.migrator.lint;

import static com.intellipost.migrator.lint.LintFixture.FIRST_UP_LINE;
import static com.intellipost.migrator.lint.LintFixture.none;
import static com.intellipost.migrator.lint.LintFixture.of;
import static com.intellipost.migrator.lint.LintFixture.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.config.ConfigurationException;
import com.intellipost.migrator.script.Script;
import com.intellipost.migrator.script.ScriptLoadException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** -- lint:disable, -- lint:ignore, lintDisabled, unknown ids, and the scope. */
class SuppressionTest {

    private static final String DROP_TABLE = "ban-drop-table";
    private static final String DROP_COLUMN = "ban-drop-column";

    @TempDir
    Path dir;
    LintFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new LintFixture(dir);
    }

    private Script withHeader(String headerLine, String up) {
        return fixture.raw("r1.sql", "-- revision: r1\n-- down_revision: none\n" + headerLine + "\n\n-- migrate:up\n"
                + up + "\n-- migrate:down\nSELECT 1;\n");
    }

    @Test
    void headerDisablesARuleForTheScript() {
        Script s = withHeader("-- lint:disable ban-drop-table, renaming-table", "DROP TABLE a;\nDROP TABLE b;\n"
                + "ALTER TABLE c DROP COLUMN d;");
        List<Finding> findings = LintFixture.lint(15, s);
        none(findings, DROP_TABLE);
        only(findings, DROP_COLUMN);
    }

    @Test
    void ignoreTurnsARuleOffForTheNextStatementOnly() {
        List<Finding> findings = fixture.lint(
                "-- lint:ignore ban-drop-table, ban-drop-column",
                "-- the old table goes",
                "DROP TABLE a;",
                "DROP TABLE b;",
                "ALTER TABLE c DROP COLUMN d;");
        Finding f = only(findings, DROP_TABLE);
        assertEquals(FIRST_UP_LINE + 3, f.line());
        assertTrue(f.message().contains("b"), f::message);
        only(findings, DROP_COLUMN);
    }

    @Test
    void ignoreMayGiveAReasonAfterTwoDashes() {
        List<Finding> findings = fixture.lint("-- lint:ignore ban-drop-table -- emptied and unused since 2.3",
                "DROP TABLE a;", "DROP TABLE b;");
        assertEquals(FIRST_UP_LINE + 2, only(findings, DROP_TABLE).line());
    }

    @Test
    void ignoreOfAnotherRuleLeavesThisOne() {
        only(fixture.lint("-- lint:ignore ban-drop-column", "DROP TABLE a;"), DROP_TABLE);
    }

    @Test
    void projectDisabled() {
        Script s = fixture.revision("r1", null, "DROP TABLE a;", "ALTER TABLE c DROP COLUMN d;");
        List<Finding> findings = new Linter(15, Set.of(DROP_TABLE)).lint(List.of(s), Set.of("r1"));
        none(findings, DROP_TABLE);
        only(findings, DROP_COLUMN);
    }

    @Test
    void unknownIdInTheHeaderIsAnError() {
        Script s = withHeader("-- lint:disable ban-drop-tabel", "DROP TABLE a;");
        ScriptLoadException e = assertThrows(ScriptLoadException.class, () -> LintFixture.lint(15, s));
        assertTrue(e.getMessage().contains("ban-drop-tabel") && e.getMessage().contains("r1.sql:")
                && e.getMessage().contains(DROP_TABLE), e::getMessage);
    }

    @Test
    void unknownIdInAnIgnoreIsAnError() {
        Script s = fixture.revision("r1", null, "SELECT 1;", "-- lint:ignore no-such-rule", "DROP TABLE a;");
        ScriptLoadException e = assertThrows(ScriptLoadException.class, () -> LintFixture.lint(15, s));
        assertTrue(e.getMessage().contains("no-such-rule") && e.getMessage().contains("r1.sql:" + (FIRST_UP_LINE + 2))
                && e.getMessage().contains(DROP_TABLE), e::getMessage);
    }

    @Test
    void aDisableBelowTheUpMarkerIsAnErrorAtItsLine() {
        Script s = fixture.revision("r1", null, "SELECT 1;", "", "-- lint:disable ban-drop-table -- gone since 2.3",
                "DROP TABLE a;");
        ScriptLoadException e = assertThrows(ScriptLoadException.class, () -> LintFixture.lint(15, s));
        assertTrue(e.getMessage().contains("r1.sql:" + (FIRST_UP_LINE + 2) + ": -- lint:disable works only in the"
                + " header"), e::getMessage);
        assertTrue(e.getMessage().contains("turns nothing off") && e.getMessage().contains("-- lint:ignore"
                + " ban-drop-table on the line before"), e::getMessage);

        Script first = fixture.raw("r2.sql", "-- revision: r2\n-- down_revision: none\n-- migrate:up\n"
                + "-- lint:disable ban-drop-table\nDROP TABLE a;\n-- migrate:down\nSELECT 1;\n");
        ScriptLoadException right = assertThrows(ScriptLoadException.class, () -> LintFixture.lint(15, first));
        assertTrue(right.getMessage().contains("r2.sql:4: -- lint:disable works only in the header"),
                right::getMessage);
    }

    @Test
    void aHeaderDisableWorksInAScriptWithoutTheOptionalUpMarker() {
        Script s = fixture.raw("r3.sql", "-- revision: r3\n-- down_revision: none\n"
                + "-- lint:disable ban-drop-table -- the table was never used\n\nDROP TABLE a;\n");
        List<Finding> findings = LintFixture.lint(15, s);
        none(findings, DROP_TABLE);
        Linter.refuseUnknownSuppressions(List.of(s)); // the check made before the database agrees
    }

    @Test
    void anIgnoreAfterTheLastStatementIsAnErrorAndItsIdsAreChecked() {
        Script typo = fixture.revision("r1", null, "DROP TABLE a;", "-- lint:ignore ban-drop-tabel");
        ScriptLoadException e = assertThrows(ScriptLoadException.class, () -> LintFixture.lint(15, typo));
        assertTrue(e.getMessage().contains("r1.sql:" + (FIRST_UP_LINE + 1) + ": -- lint:ignore comes after the last"
                + " statement of the up section, so it turns nothing off"), e::getMessage);
        assertTrue(e.getMessage().contains("unknown rule(s) ban-drop-tabel") && e.getMessage().contains(DROP_TABLE),
                e::getMessage);

        // on the last statement's own line it is read after that statement ends: it ignores nothing either
        Script sameLine = fixture.revision("r2", null, "DROP TABLE a; -- lint:ignore ban-drop-table");
        ScriptLoadException late = assertThrows(ScriptLoadException.class, () -> LintFixture.lint(15, sameLine));
        assertTrue(late.getMessage().contains("r2.sql:" + FIRST_UP_LINE + ": -- lint:ignore comes after the last"),
                late::getMessage);
        assertTrue(!late.getMessage().contains("unknown rule"), late::getMessage);
    }

    @Test
    void directivesInsideStringsAndBodiesAndOutOfScopeRevisionsAreNoErrors() {
        List<Finding> findings = fixture.lint("CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$",
                "  SELECT 1 -- lint:disable ban-drop-table",
                "$$;",
                "SELECT '-- lint:ignore nope';",
                "-- a plain comment after the last statement");
        assertEquals(List.of(), of(findings, DROP_TABLE));
        Script misplaced = fixture.revision("r1", null, "SELECT 1;", "-- lint:disable ban-drop-table");
        Script r2 = fixture.revision("r2", "r1", "SELECT 1;");
        assertEquals(List.of(), new Linter(15, Set.of()).lint(List.of(misplaced, r2), Set.of("r2")),
                "an applied revision is not judged again");
    }

    @Test
    void unknownIdInTheProjectSettingIsAnError() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> new Linter(15, Set.of("ban-drop-table", "nope")));
        assertTrue(e.getMessage().contains("nope") && e.getMessage().contains("lintDisabled")
                && e.getMessage().contains(DROP_COLUMN), e::getMessage);
    }

    @Test
    void findingsOnlyForRevisionsInScope() {
        Script r1 = fixture.revision("r1", null, "DROP TABLE a;");
        Script r2 = fixture.revision("r2", "r1", "DROP TABLE b;");
        List<Finding> findings = new Linter(15, Set.of()).lint(List.of(r1, r2), Set.of("r2"));
        assertEquals(List.of("r2"), findings.stream().map(Finding::revision).distinct().toList());
        assertEquals(1, of(findings, DROP_TABLE).size());
        assertEquals(List.of(), new Linter(15, Set.of()).lint(List.of(r1, r2), Set.of()));
    }

    @Test
    void everyRuleIdIsTheDesignsList() {
        assertEquals(Set.of("require-concurrent-index-creation", "require-concurrent-index-deletion",
                "constraint-missing-not-valid", "adding-not-nullable-field", "adding-field-with-default",
                "adding-required-field", "changing-column-type", "disallowed-unique-constraint",
                "adding-primary-key-constraint", "ban-drop-column", "ban-drop-table", "ban-drop-database",
                "renaming-column", "renaming-table", "ban-vacuum-full", "ban-truncate-cascade", "transaction-nesting",
                "concurrently-mixed-with-ddl", "identifier-too-long", "missing-down-section", "prefer-identity",
                "prefer-text-field", "prefer-timestamp-tz", "ban-char-field", "prefer-bigint-over-int",
                "ban-drop-not-null", "table-rewrite", "full-scan-under-lock", "lock-held-across-statements",
                "unbatched-data-change"), LintRules.severities().keySet());
        assertEquals(Severity.WARNING, LintRules.severities().get("ban-drop-not-null"));
        assertEquals(Severity.ERROR, LintRules.severities().get("table-rewrite"));
        assertEquals(Severity.ERROR, LintRules.severities().get("full-scan-under-lock"));
        assertEquals(Severity.WARNING, LintRules.severities().get("lock-held-across-statements"));
        assertEquals(Severity.ERROR, LintRules.severities().get("identifier-too-long"));
    }
}
