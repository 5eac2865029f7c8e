package com.intellipost.migrator.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Headers, sections and checksums, without a database. */
class ScriptParserTest {

    private static ScriptSource text(String name, String content) {
        return new ScriptSource() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public BufferedReader open() {
                return new BufferedReader(new StringReader(content));
            }
        };
    }

    private static final String FILE = "-- revision: 4f1c2a9e7b3d\n"
            + "-- down_revision: 1a2b3c4d5e6f\n"
            + "-- message: Add user table\n"
            + "-- lock_timeout: 2s\n"
            + "-- lint:disable set-not-null, add-column-volatile-default\n"
            + "\n"
            + "-- migrate:up\n"
            + "CREATE TABLE app_user (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);\n"
            + "\n"
            + "-- migrate:down\n"
            + "DROP TABLE app_user;\n";

    @Test
    void parsesTheHeader() {
        Script s = ScriptParser.parse(text("db/x.sql", FILE));
        assertEquals("4f1c2a9e7b3d", s.revision());
        assertEquals(List.of("1a2b3c4d5e6f"), s.downRevisions());
        assertEquals("Add user table", s.message());
        assertEquals(Optional.of(Duration.ofSeconds(2)), s.lockTimeout());
        assertEquals(Set.of("set-not-null", "add-column-volatile-default"), s.disabledLintRules());
        assertTrue(s.transactional());
        assertTrue(s.hasDown());
        assertEquals(10, s.downLine());
        assertEquals("db/x.sql:2", s.parentLocation());
    }

    @Test
    void checksumIsSha256OfHeaderAndUpSectionWithLf() throws Exception {
        String upPart = FILE.substring(0, FILE.indexOf("-- migrate:down"));
        String expected = HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(upPart.getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, ScriptParser.parse(text("x.sql", FILE)).checksum());
    }

    @Test
    void checksumIgnoresLineEndingsBomAndDownSectionButKeepsLineStructure() {
        String base = ScriptParser.parse(text("x.sql", FILE)).checksum();
        assertEquals(base, ScriptParser.parse(text("x.sql", FILE.replace("\n", "\r\n"))).checksum());
        assertEquals(base, ScriptParser.parse(text("x.sql", FILE.replace("\n", "\r"))).checksum());
        assertEquals(base, ScriptParser.parse(text("x.sql", "\uFEFF" + FILE)).checksum());
        assertEquals(base, ScriptParser.parse(text("x.sql",
                FILE.replace("DROP TABLE app_user;", "DROP TABLE IF EXISTS app_user;"))).checksum());
        assertNotEquals(base, ScriptParser.parse(text("x.sql", FILE.replace("PRIMARY KEY);", "PRIMARY\nKEY);"))).checksum(),
                "joining or splitting lines is a change (unlike Flyway's CRC over lines)");
        assertNotEquals(base, ScriptParser.parse(text("x.sql", FILE.replace("app_user (", "app_users ("))).checksum());
    }

    @Test
    void mergeRootAndNoMarkers() {
        Script merge = ScriptParser.parse(text("m.sql", "-- revision: m1\n-- down_revision: a1, b2\n"));
        assertEquals(List.of("a1", "b2"), merge.downRevisions());
        assertTrue(merge.isMerge());
        Script alembicStyle = ScriptParser.parse(text("m.sql", "-- revision: m2\n-- down_revision: ('a1', 'b2')\n"));
        assertEquals(List.of("a1", "b2"), alembicStyle.downRevisions());
        Script root = ScriptParser.parse(text("r.sql", "-- revision: r1\n-- down_revision: none\nCREATE TABLE t (id int);\n"));
        assertEquals(List.of(), root.downRevisions());
        assertFalse(root.hasDown(), "no marker: cannot be downgraded");
    }

    @Test
    void lexingIsLeftToAnalysisWhichFindsAutocommitStatementsAndSyntaxErrors() {
        Script s = ScriptParser.parse(text("i.sql", "-- revision: i1\n-- down_revision: none\n\nCREATE INDEX CONCURRENTLY i ON t (a);\n"
                + "-- migrate:down\nDROP INDEX i;\n"));
        assertTrue(s.transactional(), "the header does not say otherwise");
        assertTrue(ScriptParser.analyseUp(s).autocommitReason().orElseThrow().contains("i.sql:4"));
        assertEquals(Optional.empty(), ScriptParser.analyseDown(s).autocommitReason());
        assertEquals(1, ScriptParser.analyseDown(s).statements());
        Script flagged = ScriptParser.parse(text("f.sql", "-- revision: f1\n-- down_revision: none\n-- transactional: false\nSELECT 1;\n"));
        assertFalse(flagged.transactional());

        Script broken = ScriptParser.parse(text("b.sql", "-- revision: b1\n-- down_revision: none\n\nSELECT 'open;\n"));
        ScriptLoadException e = assertThrows(ScriptLoadException.class, () -> ScriptParser.analyseUp(broken));
        assertTrue(e.getMessage().startsWith("b.sql:4:"), e.getMessage());
    }

    @Test
    void headerProblemsNameFileAndLine() {
        List<String> messages = new ArrayList<>();
        for (String bad : List.of("-- message: no id\nSELECT 1;\n",
                "-- revision: a\n-- revision: b\n-- down_revision: none\n",
                "-- revision: a\n-- down_revision: x y\n",
                "-- revision: a b\n-- down_revision: none\n",
                "-- revision: a\n-- down_revision: none\n-- lock_timeout: soon\n")) {
            messages.add(assertThrows(ScriptLoadException.class, () -> ScriptParser.parse(text("h.sql", bad))).getMessage());
        }
        assertTrue(messages.get(0).startsWith("h.sql:1:"), messages.get(0));
        assertTrue(messages.get(1).startsWith("h.sql:2:") && messages.get(1).contains("twice"), messages.get(1));
        assertTrue(messages.get(2).startsWith("h.sql:2:") && messages.get(2).contains("down_revision"), messages.get(2));
        assertTrue(messages.get(3).startsWith("h.sql:1:"), messages.get(3));
        assertTrue(messages.get(4).startsWith("h.sql:3:") && messages.get(4).contains("lock_timeout"), messages.get(4));
    }

    @Test
    void headerLockTimeoutBeyondPostgresMaximumIsALoadErrorWithFileAndLine() {
        for (String value : List.of("99999999999999999999s", "9999999999999999h", "2147483648ms")) {
            String m = assertThrows(ScriptLoadException.class, () -> ScriptParser.parse(text("t.sql",
                    "-- revision: a\n-- down_revision: none\n-- lock_timeout: " + value + "\nSELECT 1;\n"))).getMessage();
            assertTrue(m.startsWith("t.sql:3: lock_timeout=" + value + " is too long") && m.contains("2147483647ms"), m);
        }
    }

    @Test
    void aMissingDownRevisionIsALoadErrorThatSaysWhatToAdd() {
        String m = assertThrows(ScriptLoadException.class, () -> ScriptParser.parse(text("d.sql",
                "-- message: second root?\n-- revision: d1\n\n-- migrate:up\nSELECT 1;\n"))).getMessage();
        assertTrue(m.startsWith("d.sql:2: no '-- down_revision:' line") && m.contains("'-- down_revision: <parent")
                && m.contains("'-- down_revision: none' if this is the first revision"), m);
        assertEquals(List.of(), ScriptParser.parse(text("e.sql", "-- revision: e1\n-- down_revision:\n")).downRevisions(),
                "an empty value is still a root, as DESIGN 2.2 says");
    }

    @Test
    void filesReadWholeAndStreamedSourcesGiveTheSameChecksum(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        String[] variants = {FILE, FILE.replace("\n", "\r\n"), FILE.replace("\n", "\r"), "\uFEFF" + FILE,
            FILE.replace("Add user table", "Ajouter la table des utilisateurs, déjà prête ✓"), FILE + "\n\n"};
        for (int i = 0; i < variants.length; i++) {
            java.nio.file.Path file = dir.resolve("v" + i + ".sql");
            java.nio.file.Files.writeString(file, variants[i], StandardCharsets.UTF_8);
            Script whole = ScriptParser.parse(ScriptSource.file(file, "v.sql"));
            Script streamed = ScriptParser.parse(text("v.sql", variants[i]));
            assertEquals(streamed.checksum(), whole.checksum(), "variant " + i);
            assertEquals(streamed.downLine(), whole.downLine(), "variant " + i);
            assertEquals(streamed.message(), whole.message(), "variant " + i);
        }
    }
}
