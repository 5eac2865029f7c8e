package com.intellipost.migrator.lint;

import static com.intellipost.migrator.lint.LintFixture.FIRST_UP_LINE;
import static com.intellipost.migrator.lint.LintFixture.assertFinding;
import static com.intellipost.migrator.lint.LintFixture.none;
import static com.intellipost.migrator.lint.LintFixture.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** identifier-too-long: over 63 bytes of UTF-8. */
class IdentifierLengthRuleTest {

    private static final String ID = "identifier-too-long";

    @TempDir
    Path dir;
    LintFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new LintFixture(dir);
    }

    @Test
    void sixtyFourBytesFires() {
        String name = "t".repeat(64);
        Finding f = only(fixture.lint("SELECT 1;", "CREATE TABLE " + name + " (id bigint);"), ID);
        assertFinding(f, ID, Severity.ERROR, FIRST_UP_LINE + 1, List.of());
        assertTrue(f.message().contains(name) && f.message().contains("t".repeat(63) + "."), f::message);
        assertTrue(f.fix().contains("t".repeat(63)), f::fix);
    }

    @Test
    void sixtyThreeBytesIsFine() {
        none(fixture.lint("CREATE TABLE " + "t".repeat(63) + " (id bigint);",
                "CREATE TABLE \"" + "Q".repeat(63) + "\" (id bigint);"), ID);
    }

    @Test
    void bytesNotCharactersCount() {
        String twoByteChars = "é".repeat(32); // 32 characters, 64 bytes
        assertEquals(64, twoByteChars.getBytes(StandardCharsets.UTF_8).length);
        only(fixture.lint("CREATE TABLE \"" + twoByteChars + "\" (id bigint);"), ID);
        none(fixture.lint("CREATE TABLE \"" + "é".repeat(31) + "x\" (id bigint);"), ID);
    }

    @Test
    void literalsAndCommentsAreNotNames() {
        String name = "t".repeat(80);
        none(fixture.lint("SELECT '" + name + "';", "-- " + name, "SELECT $$" + name + "$$;"), ID);
    }
}
