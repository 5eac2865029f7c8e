package com.intellipost.migrator.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.script.Script;
import com.intellipost.migrator.script.ScriptParser;
import com.intellipost.migrator.script.ScriptSource;
import com.intellipost.migrator.testing.Revisions;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes revision files and lints them, as {@code lint} does, without a database. The up section of a file written
 * by {@link #revision} starts on line {@link #FIRST_UP_LINE}; every revision has a down section, so
 * {@code missing-down-section} stays out of the way of other rules' tests.
 */
final class LintFixture {

    /** The line of the first up statement in a file written by {@link #revision}. */
    static final int FIRST_UP_LINE = 6;

    private final Revisions files;

    LintFixture(Path dir) {
        this.files = new Revisions(dir);
    }

    /** A revision with {@code up} (lines joined with newlines) and a down section. */
    Script revision(String id, String parent, String... up) {
        Path file = files.write(id + ".sql", id, parent, String.join("\n", up), "SELECT 1;");
        return load(file, id + ".sql");
    }

    /** A revision file written exactly as given. */
    Script raw(String name, String text) {
        return load(files.writeRaw(name, text), name);
    }

    private static Script load(Path file, String name) {
        return ScriptParser.parse(ScriptSource.file(file, name));
    }

    /** The findings of one revision's up section (PostgreSQL 15, nothing disabled). */
    List<Finding> lint(String... up) {
        return lint(15, revision("r1", null, up));
    }

    /** The findings of {@code scripts}, all in scope, linted for {@code version}. */
    static List<Finding> lint(int version, Script... scripts) {
        Set<String> scope = Arrays.stream(scripts).map(Script::revision).collect(Collectors.toSet());
        return new Linter(version, Set.of()).lint(List.of(scripts), scope);
    }

    /** The only finding of {@code rule}; fails when there are none or several. */
    static Finding only(List<Finding> findings, String rule) {
        List<Finding> of = of(findings, rule);
        assertEquals(1, of.size(), () -> "expected one " + rule + " finding, got " + findings);
        return of.get(0);
    }

    /** The findings of {@code rule}. */
    static List<Finding> of(List<Finding> findings, String rule) {
        return findings.stream().filter(f -> f.rule().equals(rule)).toList();
    }

    /** Fails when {@code rule} found something. */
    static void none(List<Finding> findings, String rule) {
        assertEquals(List.of(), of(findings, rule), () -> rule + " must not fire");
    }

    /**
     * Asserts the common shape of a finding: rule, severity, line, and that message and fix name what they must
     * and the fix holds each piece of {@code fixSql}.
     */
    static void assertFinding(Finding f, String rule, Severity severity, int line, List<String> named,
                              String... fixSql) {
        assertEquals(rule, f.rule());
        assertEquals(severity, f.severity());
        assertEquals(line, f.line(), () -> "line of " + f);
        for (String name : named) {
            assertTrue(f.message().contains(name), () -> "message should name " + name + ": " + f.message());
            assertTrue(f.fix().contains(name), () -> "fix should name " + name + ": " + f.fix());
        }
        for (String sql : fixSql) {
            assertTrue(f.fix().contains(sql), () -> "fix should contain [" + sql + "]: " + f.fix());
        }
    }
}
