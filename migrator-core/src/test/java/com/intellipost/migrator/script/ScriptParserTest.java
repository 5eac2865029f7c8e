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
    void lexingFindsAutocommitStatementsAndSyntaxErrors() {
        Script s = ScriptParser.parse(text("i.sql", "-- revision: i1\n-- down_revision: none\n\nCREATE INDEX CONCURRENTLY i ON t (a);\n"
                + "-- migrate:down\nDROP INDEX i;\n"));
        assertTrue(s.transactional(), "the header does not say otherwise");
        assertTrue(ScriptParser.analyseUp(s).autocommitReason().orElseThrow().contains("i.sql:4"));
        assertEquals(Optional.empty(), ScriptParser.analyseDown(s).autocommitReason());
        assertEquals(1, ScriptParser.analyseDown(s).statements());

        Script batched = ScriptParser.parse(text("b.sql", "-- revision: b1\n-- down_revision: none\n\n"
                + "-- batch: table=t key=id size=100\nUPDATE t SET a = 1 WHERE id >= ${batch_start} AND id < ${batch_end};\n"
                + "-- migrate:down\nSELECT 1;\n"));
        // messages put the reason in parentheses ("It ran outside a transaction (...)"): it has none of its own
        assertEquals(Optional.of("a batch directive at b.sql:5, each batch committing on its own"),
                ScriptParser.analyseUp(batched).autocommitReason());
        Script flagged = ScriptParser.parse(text("f.sql", "-- revision: f1\n-- down_revision: none\n-- transactional: false\nSELECT 1;\n"));
        assertFalse(flagged.transactional());

        ScriptLoadException e = assertThrows(ScriptLoadException.class,
                () -> ScriptParser.parse(text("b.sql", "-- revision: b1\n-- down_revision: none\n\nSELECT 'open;\n")));
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

    /** Parses {@code content} both ways: streamed from a reader and read whole from a small file. */
    private static List<String> problemsBothWays(java.nio.file.Path dir, String name, String content) throws Exception {
        List<String> both = new ArrayList<>();
        both.add(assertThrows(ScriptLoadException.class, () -> ScriptParser.parse(text(name, content))).getMessage());
        java.nio.file.Path file = dir.resolve(name);
        java.nio.file.Files.writeString(file, content, StandardCharsets.UTF_8);
        both.add(assertThrows(ScriptLoadException.class, () -> ScriptParser.parse(ScriptSource.file(file, name)))
                .getMessage());
        assertEquals(both.get(0), both.get(1), "the same problems whichever way the file is read");
        return both;
    }

    private static final String HEAD = "-- revision: m1\n-- down_revision: none\n\n";

    @Test
    void aMistypedDownMarkerIsALoadErrorQuotingBothSpellings(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        for (String typo : List.of("-- migrate: down", "-- Migrate:down", "--migrate:down", "-- migrate:dwon",
                "-- MIGRATE:DOWN", "-- migrate :down", "  -- migrate:down")) {
            String m = problemsBothWays(dir, "t.sql", HEAD + "-- migrate:up\nCREATE TABLE typo_t (id int);\n\n"
                    + typo + "\nDROP TABLE typo_t;\n").get(0);
            assertTrue(m.startsWith("t.sql:7: '" + typo + "' looks like a section marker")
                    && m.contains("write exactly '-- migrate:down'"), m);
        }
        for (String typo : List.of("-- migrate: up", "-- Migrate:up", "--migrate:up")) {
            String m = problemsBothWays(dir, "u.sql", HEAD + typo + "\nCREATE TABLE t (id int);\n").get(0);
            assertTrue(m.startsWith("u.sql:4: '" + typo + "' looks like") && m.contains("'-- migrate:up'"), m);
        }
    }

    @Test
    void markerMistakesInTheDownSection(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        String m = problemsBothWays(dir, "d.sql", HEAD + "-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 2;\n"
                + "-- migrate:down\nSELECT 3;\n-- migrate:up\nSELECT 4;\n-- migrate: down\n").get(0);
        assertTrue(m.startsWith("3 problems"), m);
        assertTrue(m.contains("d.sql:8: a second '-- migrate:down'; the down section already starts at line 6"), m);
        assertTrue(m.contains("d.sql:10: '-- migrate:up' after '-- migrate:down' (line 6)"), m);
        assertTrue(m.contains("d.sql:12: '-- migrate: down' looks like a section marker"), m);
    }

    @Test
    void ordinaryCommentsThatMentionMigratingStayComments() {
        Script s = ScriptParser.parse(text("c.sql", HEAD + "-- migrate users to the new table\n-- migrate:up\n"
                + "-- migrations are fun\nSELECT 1;\n-- migrate:down\n-- migrated back\nSELECT 2;\n"));
        assertEquals(8, s.downLine());
    }

    @Test
    void aScriptThatIsNotUtf8IsALoadErrorWithItsLine(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        // "SELECT 'café'" saved as Windows-1252: é is the single byte E9, which UTF-8 never has alone
        byte[] small = latin1(HEAD + "-- migrate:up\nSELECT 1;\r\nSELECT 'caf\u00e9';\n-- migrate:down\nSELECT 2;\n");
        java.nio.file.Path file = java.nio.file.Files.write(dir.resolve("1.sql"), small);
        assertEquals("1.sql:6: is not valid UTF-8 near line 6; save it as UTF-8", assertThrows(ScriptLoadException.class,
                () -> ScriptParser.parse(ScriptSource.file(file, "1.sql"))).getMessage());

        // a file over 1 MB is streamed rather than read whole: the same message, the line counted over the megabyte
        StringBuilder big = new StringBuilder(HEAD + "-- migrate:up\n");
        for (int i = 0; i < 120_000; i++) {
            big.append("SELECT 1;\n");
        }
        big.append("-- migrate:down\nSELECT 'd\u00e9j\u00e0';\n");
        java.nio.file.Path large = java.nio.file.Files.write(dir.resolve("2.sql"), latin1(big.toString()));
        assertTrue(java.nio.file.Files.size(large) > 1 << 20);
        assertEquals("2.sql:120006: is not valid UTF-8 near line 120006; save it as UTF-8",
                assertThrows(ScriptLoadException.class, () -> ScriptParser.parse(ScriptSource.file(large, "2.sql")))
                        .getMessage());

        // a classpath resource (a Spring Boot application's scripts, in a jar) is refused the same way
        assertEquals("db/1.sql:6: is not valid UTF-8 near line 6; save it as UTF-8", assertThrows(
                ScriptLoadException.class, () -> ScriptParser.parse(ScriptSource.resource(file.toUri().toURL(),
                        "db/1.sql"))).getMessage());
    }

    private static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void everySectionIsLexedAtLoad(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        String up = problemsBothWays(dir, "q.sql", HEAD + "SELECT 1;\nSELECT 'open;\n-- migrate:down\nSELECT 2;\n").get(0);
        assertTrue(up.startsWith("q.sql:5: unterminated quoted string"), up);
        String down = problemsBothWays(dir, "r.sql", HEAD + "SELECT 1;\n-- migrate:down\nSELECT 2;\n\n"
                + "CREATE FUNCTION f() RETURNS int AS $body$\nSELECT 1;\n").get(0);
        assertTrue(down.startsWith("r.sql:8: unterminated dollar-quoted string ($body$)"), down);
        String crOnly = problemsBothWays(dir, "s.sql", (HEAD + "SELECT 1;\n/* open\nSELECT 2;\n").replace('\n', '\r'))
                .get(0);
        assertTrue(crOnly.startsWith("s.sql:5: unterminated block comment"), crOnly);
        String all = problemsBothWays(dir, "a.sql", "-- revision: bad id\n-- down_revision: none\nSELECT 'x;\n"
                + "-- migrate:down\nSELECT \"y;\n").get(0);
        assertTrue(all.contains("a.sql:1: revision 'bad id'") && all.contains("a.sql:3: unterminated quoted string")
                && all.contains("a.sql:5: unterminated quoted identifier"), all);
    }

    @Test
    void theAnalysisIsKeptSoRunningDoesNotLexAgain(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = dir.resolve("k.sql");
        java.nio.file.Files.writeString(file, HEAD + "SELECT 1;\nCREATE INDEX CONCURRENTLY i ON t (a);\n"
                + "-- migrate:down\nDROP INDEX i;\nSELECT 2;\nSELECT 3;\n");
        Script s = ScriptParser.parse(ScriptSource.file(file, "k.sql"));
        java.nio.file.Files.delete(file);
        assertEquals(2, ScriptParser.analyseUp(s).statements());
        assertEquals(Optional.of("CREATE INDEX CONCURRENTLY at k.sql:5"), ScriptParser.analyseUp(s).autocommitReason());
        assertEquals(3, ScriptParser.analyseDown(s).statements());
        assertEquals(Optional.empty(), ScriptParser.analyseDown(s).autocommitReason());
    }

    @Test
    void openDownClosesTheFileWhenReadingFails() {
        String content = HEAD + "SELECT 1;\n-- migrate:down\nSELECT 2;\n";
        boolean[] failing = {false};
        boolean[] closed = {false};
        ScriptSource source = new ScriptSource() {
            @Override
            public String name() {
                return "x.sql";
            }

            @Override
            public BufferedReader open() {
                if (!failing[0]) {
                    return new BufferedReader(new StringReader(content));
                }
                return new BufferedReader(new StringReader(content)) {
                    @Override
                    public String readLine() throws java.io.IOException {
                        throw new java.io.IOException("disk gone");
                    }

                    @Override
                    public void close() {
                        closed[0] = true;
                    }
                };
            }
        };
        Script s = ScriptParser.parse(source);
        failing[0] = true;
        assertThrows(java.io.IOException.class, () -> ScriptParser.openDown(s));
        assertTrue(closed[0], "the reader was left open");
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
