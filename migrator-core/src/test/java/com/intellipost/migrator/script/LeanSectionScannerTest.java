package com.intellipost.migrator.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.script.ScriptParser.SectionAnalysis;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The lean load-time scan against the lexer it stands in for: wherever the scan answers, it must give the lexer's
 * statement count and autocommit reason (file and line included); whatever it leaves to the lexer, it must give up on.
 */
class LeanSectionScannerTest {

    private static final String NAME = "db/x.sql";

    /** Pieces of SQL, tricky ones included, from which random sections are built. */
    private static final String[] PIECES = {
        "select", "SELECT", "e", "E", "x", "t", "_", "1", "é", "\uFEFF", "'", "''", "\"", "\\", "$", "$$", "$a$", "$ab",
        "$1", "$é$", "-", "--", "/", "*", "/*", "*/", "\n", "\n", " ", " ", "\t", "\f", "\u000B", ";", ";", "(", ")", ".",
        "=", "create", "CREATE", "or", "replace", "function", "procedure", "begin", "BEGIN", "atomic", "end", "case",
        "copy", "from", "stdin", "index", "concurrently", "unique", "alter", "type", "add", "value", "vacuum", "drop",
        "database", "reindex", "table", "system", "cluster", "verbose", "commit", "rollback", "prepared", "discard",
        "all", "detach", "partition", "subscription", "publication", "refresh", "set", "with", "false", "tablespace",
        "'a;b'", "\"x;y\"", "$$ ; $$", "$q$ a $$ ; $q$", "/* ; /* */ */", "E'\\' ;'", "e'\\\\'", "-- c ; \n",
        "create index concurrently i on t (a)", "begin atomic select 1; end", "x$y", "a1", "\u0000", "\r", "${", "batch:",
        "-- batch: table=t key=id size=10\n", "\\.\n", ";\ncreate function f() returns int begin atomic ",
        ";\nCREATE OR REPLACE PROCEDURE p() BEGIN ATOMIC ", " case when ", ";\ncopy t (a) from stdin;\n",
    };

    @Test
    void randomSectionsGetTheLexersAnswerOrAreLeftToIt() {
        Random random = new Random(20261202);
        int answered = 0;
        int cases = 30_000;
        for (int i = 0; i < cases; i++) {
            StringBuilder sb = new StringBuilder();
            int pieces = 1 + random.nextInt(30);
            for (int j = 0; j < pieces; j++) {
                sb.append(PIECES[random.nextInt(PIECES.length)]);
                if (random.nextInt(3) == 0) {
                    sb.append(' ');
                }
            }
            if (compare(sb.toString(), 1 + random.nextInt(5))) {
                answered++;
            }
        }
        // The comparison means something only if the scan answers often.
        assertTrue(answered > cases / 5, "the scan answered " + answered + " of " + cases);
    }

    @Test
    void ordinaryStatementsAreCountedWithoutTheLexer() {
        String sql = "CREATE TABLE t (id bigserial PRIMARY KEY, name text NOT NULL, at timestamptz DEFAULT now());\n"
                + "CREATE INDEX t_name ON t (name);\n"
                + "INSERT INTO t (name) VALUES ('alpha'), ('it''s; fine'), (E'\\';');\n"
                + "-- a comment; with a semicolon\n"
                + "/* a /* nested */ comment; */\n"
                + "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END;\n"
                + "DO $body$ BEGIN PERFORM 1; END $body$;\n"
                + ";;\n"
                + "SELECT \"a;b\" FROM t";
        assertEquals(new SectionAnalysis(6, Optional.empty()), lean(sql, 1));
        assertTrue(compare(sql, 3));
    }

    @Test
    void anAutocommitStatementIsNamedWithItsLine() {
        String sql = "CREATE TABLE t (a int);\n\n  create unique INDEX\nconcurrently i ON t (a);\nVACUUM t;";
        SectionAnalysis analysis = lean(sql, 5);
        assertEquals(3, analysis.statements());
        assertEquals(Optional.of("CREATE INDEX CONCURRENTLY at " + NAME + ":7"), analysis.autocommitReason());
        assertTrue(compare(sql, 5));
    }

    @Test
    void whatTheLexerMustWordOrDecideIsLeftToIt() {
        for (String sql : List.of(
                "SELECT 'never closed;", "SELECT E'\\';", "SELECT \"x;", "SELECT $a$ x $b$;", "/* x /* y */ SELECT 1;",
                "\\connect other\nSELECT 1;", "SELECT 1;\r\nSELECT 2;", "COPY t FROM STDIN;\n1\n\\.\n",
                "-- batch: table=t key=id size=10\nUPDATE t SET a = 1 WHERE id >= ${batch_start} AND id < ${batch_end};",
                "UPDATE t SET a = '${batch_start}';")) {
            assertNull(lean(sql, 1), sql);
            compare(sql, 1);
        }
    }

    @Test
    void theFirstWordAloneDoesNotDecide() {
        // the keyword must be the whole first word, in any case, and the rest of the statement still counts
        assertEquals(Optional.empty(), lean("vacuumx t; create_index concurrently x;", 1).autocommitReason());
        assertEquals(Optional.of("VACUUM at " + NAME + ":2"), lean("SELECT 1;\nVaCuUm;", 1).autocommitReason());
        assertEquals(Optional.empty(), lean("CREATE INDEX i ON t (a) -- concurrently\n;", 1).autocommitReason());
        // the second word of CREATE and DROP, however it is spaced, cased or commented
        for (String sql : List.of("drop\ttable t;\ncreate\nUNIQUE index concurrently i on t(a);",
                "DROP TABLE t;\nDrop Index Concurrently i;", "create table t();\ncreate/* x */database d;",
                "create tables;\ncreate  tablespace s location '/x';", "drop x;\ndrop subscription s;",
                "create index_x;\ndrop database x;\ndrop \"index\" concurrently",
                "create unique index i on t (a);\ncreate index concurrently j on t (b);",
                "drop index i;\ndrop index/* x */concurrently j;", "create index\ti on t(a);\ncreate index\nconcurrently",
                "drop index if exists i;\ndrop index concurrently if exists i")) {
            SectionAnalysis analysis = lean(sql, 1);
            assertTrue(analysis.autocommitReason().orElse("").endsWith(" at " + NAME + ":2"), sql + ": " + analysis);
            assertTrue(compare(sql, 1));
        }
    }

    private static SectionAnalysis lean(String sql, int firstLine) {
        byte[] bytes = sql.getBytes(StandardCharsets.UTF_8);
        return LeanSectionScanner.analyse(bytes, 0, bytes.length, NAME, firstLine);
    }

    /** True when the scan answered (and agreed with the lexer); false when it left the section to the lexer. */
    private static boolean compare(String sql, int firstLine) {
        SectionAnalysis lean = lean(sql, firstLine);
        List<String> problems = new ArrayList<>();
        SectionAnalysis lexed;
        try {
            lexed = SectionLexer.analyse(sql.indexOf('\r') < 0 ? sql : sql.replace("\r\n", "\n").replace('\r', '\n'),
                    NAME, firstLine, problems);
        } catch (SqlSyntaxException e) {
            problems.add(e.getMessage()); // a malformed batch directive, found while analysing
            lexed = null;
        }
        if (lean == null) {
            return false;
        }
        assertEquals(List.of(), problems, () -> "the scan answered but the lexer found a problem in " + quote(sql));
        assertNotNull(lexed);
        assertEquals(lexed, lean, () -> "for " + quote(sql));
        return true;
    }

    private static String quote(String sql) {
        return "<<" + sql.replace("\n", "\\n").replace("\r", "\\r") + ">>";
    }
}
