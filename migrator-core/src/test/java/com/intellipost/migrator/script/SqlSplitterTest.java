package com.intellipost.migrator.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import org.junit.jupiter.api.Test;

class SqlSplitterTest {

    private static final String FILE = "V1__x.sql";

    // --- plain statements ------------------------------------------------------------------------

    @Test
    void splitsOnSemicolonsAndReportsFirstTokenLines() {
        List<SqlStatement> statements = split("""
                CREATE TABLE t (a int);
                INSERT INTO t VALUES (1);

                  SELECT a
                  FROM t;
                """);
        assertEquals(List.of(
                new SqlStatement("CREATE TABLE t (a int)", 1, false),
                new SqlStatement("INSERT INTO t VALUES (1)", 2, false),
                new SqlStatement("SELECT a\n  FROM t", 4, false)), statements);
    }

    @Test
    void returnsLastStatementWithoutSemicolon() {
        assertEquals(List.of(
                new SqlStatement("SELECT 1", 1, false),
                new SqlStatement("SELECT 2", 2, false)), split("SELECT 1;\nSELECT 2  \n\n"));
    }

    @Test
    void emptyInputHasNoStatements() {
        assertEquals(List.of(), split(""));
        assertEquals(List.of(), split("  \n\t\n"));
    }

    @Test
    void onlyCommentsAndEmptyStatementsAreSkipped() {
        assertEquals(List.of(), split("-- nothing here\n/* nor /* here */ */\n;\n ; -- x\n"));
        assertEquals(List.of(new SqlStatement("SELECT 1", 3, false)), split(";;\n;\nSELECT 1;;"));
    }

    @Test
    void dropsLeadingCommentsButKeepsInnerOnes() {
        List<SqlStatement> statements = split("""
                -- header comment
                /* block
                   comment */ SELECT 1 -- trailing
                  /* inner */ + 2;
                -- between
                SELECT 3;
                """);
        assertEquals(List.of(
                new SqlStatement("SELECT 1 -- trailing\n  /* inner */ + 2", 3, false),
                new SqlStatement("SELECT 3", 6, false)), statements);
    }

    @Test
    void honoursFirstLineOfSection() {
        try (SqlSplitter splitter = new SqlSplitter(new StringReader("\nSELECT 1;\nSELECT\n2;"), FILE, 40)) {
            assertEquals(new SqlStatement("SELECT 1", 41, false), splitter.next());
            assertEquals(new SqlStatement("SELECT\n2", 42, false), splitter.next());
            assertNull(splitter.next());
            assertNull(splitter.next(), "stays at end");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void operatorsThatLookLikeCommentStartsAreOrdinary() {
        assertEquals(List.of(
                new SqlStatement("SELECT 4 - 2 / 1 * 3 */ 1", 1, false),
                new SqlStatement("SELECT 5 --", 1, false)), split("SELECT 4 - 2 / 1 * 3 */ 1; SELECT 5 --"));
    }

    // --- single quotes ---------------------------------------------------------------------------

    @Test
    void semicolonInsideSingleQuotesWithDoubledQuote() {
        assertEquals(List.of(
                new SqlStatement("SELECT 'a;b''c;\nd'", 1, false),
                new SqlStatement("SELECT 2", 2, false)), split("SELECT 'a;b''c;\nd'; SELECT 2;"));
    }

    @Test
    void dollarsAndDashesInsideSingleQuotesAreText() {
        assertEquals(List.of(
                new SqlStatement("SELECT '$$;', '-- not a comment;', '/* nor this;'", 1, false),
                new SqlStatement("SELECT 2", 2, false)),
                split("SELECT '$$;', '-- not a comment;', '/* nor this;';\nSELECT 2;"));
    }

    @Test
    void backslashIsLiteralInPlainStrings() {
        assertEquals(List.of(
                new SqlStatement("SELECT 'a\\'", 1, false),
                new SqlStatement("SELECT 2", 1, false)), split("SELECT 'a\\'; SELECT 2;"));
    }

    @Test
    void prefixedLiteralsBehaveLikePlainQuotes() {
        assertEquals(List.of(
                new SqlStatement("SELECT B'1;0', X'F;F', U&'d\\0061;t', N'n;'", 1, false),
                new SqlStatement("SELECT 2", 1, false)),
                split("SELECT B'1;0', X'F;F', U&'d\\0061;t', N'n;'; SELECT 2"));
    }

    // --- escape strings --------------------------------------------------------------------------

    @Test
    void escapeStringHonoursBackslashQuote() {
        assertEquals(List.of(
                new SqlStatement("SELECT E'it\\'s; \\\\', e'x\\'\n;'", 1, false),
                new SqlStatement("SELECT 2", 2, false)),
                split("SELECT E'it\\'s; \\\\', e'x\\'\n;'; SELECT 2;"));
    }

    @Test
    void escapeStringWithDoubledQuoteStaysAnEscapeString() {
        assertEquals(List.of(
                new SqlStatement("SELECT E'a''b\\';c'", 1, false),
                new SqlStatement("SELECT 2", 1, false)), split("SELECT E'a''b\\';c'; SELECT 2"));
    }

    @Test
    void eGluedToAnIdentifierIsNotAnEscapePrefix() {
        // somee'...' is the identifier somee followed by a plain literal, where \ is literal
        assertEquals(List.of(
                new SqlStatement("SELECT somee'\\'", 1, false),
                new SqlStatement("SELECT 2", 1, false)), split("SELECT somee'\\'; SELECT 2;"));
    }

    // --- quoted identifiers ----------------------------------------------------------------------

    @Test
    void quotedIdentifiersMayHoldAnything() {
        assertEquals(List.of(
                new SqlStatement("SELECT 1 AS \"a;b'c$$d--e/*\"\"f\"", 1, false),
                new SqlStatement("\"t;\"", 2, false),
                new SqlStatement("SELECT 3", 3, false)),
                split("SELECT 1 AS \"a;b'c$$d--e/*\"\"f\";\n\"t;\";\nSELECT 3"));
    }

    // --- dollar quotes ---------------------------------------------------------------------------

    @Test
    void dollarQuotedBodyHidesSemicolonsAndQuotes() {
        List<SqlStatement> statements = split("""
                CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$
                BEGIN
                  RAISE NOTICE 'it''s; here';
                  RETURN 1;
                END
                $$;
                SELECT f();
                """);
        assertEquals(2, statements.size());
        assertTrue(statements.get(0).sql().endsWith("END\n$$"));
        assertEquals(1, statements.get(0).line());
        assertEquals(new SqlStatement("SELECT f()", 7, false), statements.get(1));
    }

    @Test
    void taggedDollarQuoteContainsPlainDollarDollarAndOtherTags() {
        String body = "$fn$ SELECT $$;$$; SELECT $x$ ' $x$; $f$; $fn $fn$";
        assertEquals(List.of(
                new SqlStatement("CREATE FUNCTION g() RETURNS text LANGUAGE sql AS " + body, 1, false),
                new SqlStatement("SELECT 2", 2, false)),
                split("CREATE FUNCTION g() RETURNS text LANGUAGE sql AS " + body + ";\nSELECT 2;"));
    }

    @Test
    void singleQuoteInsideDollarQuotes() {
        assertEquals(List.of(
                new SqlStatement("SELECT $$it's;$$", 1, false),
                new SqlStatement("SELECT 2", 1, false)), split("SELECT $$it's;$$; SELECT 2;"));
    }

    @Test
    void positionalParametersAreNotDollarQuotes() {
        assertEquals(List.of(
                new SqlStatement("PREPARE p(int, int) AS SELECT $1 + $2", 1, false),
                new SqlStatement("SELECT $3", 1, false)), split("PREPARE p(int, int) AS SELECT $1 + $2; SELECT $3;"));
    }

    @Test
    void dollarAfterIdentifierCharacterIsPartOfTheIdentifier() {
        assertEquals(List.of(
                new SqlStatement("SELECT a$b$c", 1, false),
                new SqlStatement("SELECT x$", 1, false),
                new SqlStatement("SELECT $b$;$b$", 2, false)), split("SELECT a$b$c; SELECT x$;\nSELECT $b$;$b$;"));
    }

    @Test
    void dollarNotFollowedByTagIsOrdinary() {
        assertEquals(List.of(
                new SqlStatement("SELECT $abc", 1, false),
                new SqlStatement("1", 1, false),
                new SqlStatement("SELECT $", 1, false)), split("SELECT $abc ; 1; SELECT $"));
    }

    @Test
    void emptyDollarBody() {
        assertEquals(List.of(
                new SqlStatement("SELECT $$$$", 1, false),
                new SqlStatement("SELECT 2", 1, false)), split("SELECT $$$$; SELECT 2"));
    }

    // --- comments --------------------------------------------------------------------------------

    @Test
    void blockCommentsNestAndHideQuotesAndSemicolons() {
        List<SqlStatement> statements = split("""
                SELECT 1 /* outer ' ; /* inner $$ ; */ still ' comment ; */ + 1;
                /* leading
                /* nested */ ; ' */
                SELECT 2;
                """);
        assertEquals(List.of(
                new SqlStatement("SELECT 1 /* outer ' ; /* inner $$ ; */ still ' comment ; */ + 1", 1, false),
                new SqlStatement("SELECT 2", 4, false)), statements);
    }

    @Test
    void lineCommentHidesQuotesAndSemicolons() {
        assertEquals(List.of(
                new SqlStatement("SELECT 1 -- it's; $$ /*\n+ 1", 1, false),
                new SqlStatement("SELECT 2", 3, false)), split("SELECT 1 -- it's; $$ /*\n+ 1;\nSELECT 2;"));
    }

    @Test
    void blockCommentWithSlashAndStarRuns() {
        assertEquals(List.of(
                new SqlStatement("SELECT /*/ ; **/ 1", 1, false),
                new SqlStatement("SELECT 2", 1, false)), split("SELECT /*/ ; **/ 1; SELECT 2"));
    }

    // --- BEGIN ATOMIC and transactions -----------------------------------------------------------

    @Test
    void beginAtomicBodyKeepsItsSemicolons() {
        String function = """
                CREATE OR REPLACE FUNCTION sign_of(x int) RETURNS text
                LANGUAGE sql
                BEGIN ATOMIC
                  SELECT CASE WHEN x > 0 THEN 'positive;' ELSE 'other' END;
                  SELECT 'done';
                END""";
        List<SqlStatement> statements = split(function + ";\nSELECT sign_of(1);\n");
        assertEquals(List.of(
                new SqlStatement(function, 1, false),
                new SqlStatement("SELECT sign_of(1)", 7, false)), statements);
    }

    @Test
    void procedureWithNestedCaseInAtomicBody() {
        String procedure = "create procedure p() begin atomic insert into t values (case when true then 1 end);"
                + " update t set a = case a when 1 then 2 else 3 end; end";
        assertEquals(List.of(
                new SqlStatement(procedure, 1, false),
                new SqlStatement("CALL p()", 1, false)), split(procedure + "; CALL p();"));
    }

    @Test
    void caseInReturnClauseWithoutAtomicBodyIsOrdinary() {
        String function = "CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql RETURN CASE WHEN x > 0 THEN 1 END";
        assertEquals(List.of(
                new SqlStatement(function, 1, false),
                new SqlStatement("SELECT 1", 1, false)), split(function + "; SELECT 1;"));
    }

    @Test
    void plainTransactionStatementsAreOrdinary() {
        assertEquals(List.of(
                new SqlStatement("BEGIN", 1, false),
                new SqlStatement("UPDATE t SET a = 1", 2, false),
                new SqlStatement("COMMIT", 3, false),
                new SqlStatement("BEGIN TRANSACTION", 4, false),
                new SqlStatement("END", 5, false)),
                split("BEGIN;\nUPDATE t SET a = 1;\nCOMMIT;\nBEGIN TRANSACTION;\nEND;\n"));
    }

    @Test
    void beginInsideDollarQuotedFunctionIsNotTracked() {
        String function = "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN NULL; END $$";
        assertEquals(List.of(
                new SqlStatement(function, 1, false),
                new SqlStatement("SELECT 1", 1, false)), split(function + "; SELECT 1;"));
    }

    @Test
    void semicolonInsideParenthesesDoesNotSplitLikePsql() {
        String rule = "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2))";
        assertEquals(List.of(
                new SqlStatement(rule, 1, false),
                new SqlStatement("SELECT 1", 2, false)), split(rule + ";\nSELECT 1;"));
    }

    // --- COPY FROM STDIN -------------------------------------------------------------------------

    @Test
    void copyDataIsStreamedAndFollowingLinesAreRight() throws IOException {
        String script = """
                SET client_encoding = 'UTF8';
                COPY public.t (a, b) FROM stdin;
                1\tit's; here
                2\t"quoted"; $$ /* not sql
                \\.
                SELECT 1;
                  SELECT 2;
                """;
        try (SqlSplitter splitter = splitter(script)) {
            assertEquals(new SqlStatement("SET client_encoding = 'UTF8'", 1, false), splitter.next());
            assertEquals(new SqlStatement("COPY public.t (a, b) FROM stdin", 2, true), splitter.next());
            assertEquals("1\tit's; here\n2\t\"quoted\"; $$ /* not sql\n", readAll(splitter.copyData()));
            assertEquals(-1, splitter.copyData().read(), "stays at end of data");
            assertEquals(new SqlStatement("SELECT 1", 6, false), splitter.next());
            assertEquals(new SqlStatement("SELECT 2", 7, false), splitter.next());
            assertNull(splitter.next());
        }
    }

    @Test
    void copyDataLeftUnreadIsSkippedByNext() throws IOException {
        String script = "copy t from STDIN with (format csv);\na,b\n\"x;\ny\",z\n\\.\nSELECT 1;\n";
        try (SqlSplitter splitter = splitter(script)) {
            assertTrue(splitter.next().copyFromStdin());
            assertEquals('a', splitter.copyData().read(), "partly read");
            assertEquals(new SqlStatement("SELECT 1", 6, false), splitter.next());
            assertNull(splitter.next());
        }
    }

    @Test
    void emptyCopyDataAndCommentAfterCopy() throws IOException {
        String script = "COPY t FROM stdin; -- no rows\n\\.\nSELECT 1";
        try (SqlSplitter splitter = splitter(script)) {
            assertTrue(splitter.next().copyFromStdin());
            assertEquals("", readAll(splitter.copyData()));
            assertEquals(new SqlStatement("SELECT 1", 3, false), splitter.next());
        }
    }

    @Test
    void endOfDataLineMayBeLastWithoutNewline() throws IOException {
        try (SqlSplitter splitter = splitter("COPY t FROM stdin;\n1\n\\.")) {
            splitter.next();
            assertEquals("1\n", readAll(splitter.copyData()));
            assertNull(splitter.next());
        }
    }

    @Test
    void lookalikesOfTheEndOfDataLineAreData() throws IOException {
        try (SqlSplitter splitter = splitter("COPY t FROM stdin;\n\\.x\n \\.\na\\.\n\\.\n")) {
            splitter.next();
            assertEquals("\\.x\n \\.\na\\.\n", readAll(splitter.copyData()));
        }
    }

    @Test
    void copyWithoutStdinIsOrdinary() {
        assertEquals(List.of(
                new SqlStatement("COPY t FROM '/tmp/stdin'", 1, false),
                new SqlStatement("COPY t TO STDOUT", 1, false),
                new SqlStatement("SELECT 'COPY t FROM STDIN'", 1, false),
                new SqlStatement("COPY (SELECT 1 FROM stdin_table) TO stdout", 2, false)),
                split("COPY t FROM '/tmp/stdin'; COPY t TO STDOUT; SELECT 'COPY t FROM STDIN';\n"
                        + "COPY (SELECT 1 FROM stdin_table) TO stdout;"));
    }

    @Test
    void missingEndOfDataLineNamesTheCopyLine() throws IOException {
        try (SqlSplitter splitter = splitter("SELECT 1;\n\nCOPY t FROM stdin;\n1\n2\n")) {
            splitter.next();
            splitter.next();
            SqlSyntaxException e = assertThrows(SqlSyntaxException.class, () -> readAll(splitter.copyData()));
            assertEquals(3, e.line());
            assertEquals(FILE, e.sourceName());
            assertTrue(e.getMessage().startsWith("V1__x.sql:3: "), e.getMessage());
            assertTrue(e.getMessage().contains("\\."), e.getMessage());
        }
        try (SqlSplitter splitter = splitter("COPY t FROM stdin;\n1\n")) {
            splitter.next();
            SqlSyntaxException e = assertThrows(SqlSyntaxException.class, splitter::next, "when skipping too");
            assertEquals(1, e.line());
        }
    }

    @Test
    void copyAtEndOfInputWithoutSemicolonHasNoData() throws IOException {
        try (SqlSplitter splitter = splitter("COPY t FROM stdin")) {
            assertEquals(new SqlStatement("COPY t FROM stdin", 1, true), splitter.next());
            assertThrows(SqlSyntaxException.class, () -> readAll(splitter.copyData()));
        }
    }

    @Test
    void textAfterCopyOnTheSameLineIsRefused() throws IOException {
        try (SqlSplitter splitter = splitter("\nCOPY t FROM stdin; SELECT 1;\n\\.\n")) {
            SqlSyntaxException e = assertThrows(SqlSyntaxException.class, splitter::next);
            assertEquals(2, e.line());
        }
    }

    @Test
    void copyDataIsOnlyAvailableAfterCopy() throws IOException {
        try (SqlSplitter splitter = splitter("SELECT 1; COPY t FROM stdin;\n\\.\nSELECT 2;")) {
            assertThrows(IllegalStateException.class, splitter::copyData);
            splitter.next();
            assertThrows(IllegalStateException.class, splitter::copyData);
            splitter.next();
            splitter.copyData();
            splitter.next();
            assertThrows(IllegalStateException.class, splitter::copyData);
        }
    }

    @Test
    void staleCopyReaderIsExhaustedOnceTheSplitterMovesOn() throws IOException {
        try (SqlSplitter splitter = splitter("COPY t FROM stdin;\n1\n\\.\nSELECT 2;\nSELECT 3;")) {
            splitter.next();
            Reader data = splitter.copyData();
            assertEquals(new SqlStatement("SELECT 2", 4, false), splitter.next());
            assertEquals(-1, data.read());
            assertEquals(new SqlStatement("SELECT 3", 5, false), splitter.next());
        }
    }

    // --- line endings ----------------------------------------------------------------------------

    @Test
    void crlfCountsAsOneLineBreakAndIsDropped() throws IOException {
        String script = "-- header\r\nSELECT 'a\r\nb'\r\n  , $$x\r\n$$ /* c\r\n */;\r\n\r\n"
                + "COPY t FROM stdin;\r\n1\tx\r\n2\ty\r\n\\.\r\nSELECT 2;\r\n";
        try (SqlSplitter splitter = splitter(script)) {
            assertEquals(new SqlStatement("SELECT 'a\nb'\n  , $$x\n$$ /* c\n */", 2, false), splitter.next());
            assertEquals(new SqlStatement("COPY t FROM stdin", 8, true), splitter.next());
            assertEquals("1\tx\n2\ty\n", readAll(splitter.copyData()));
            assertEquals(new SqlStatement("SELECT 2", 12, false), splitter.next());
            assertNull(splitter.next());
        }
    }

    @Test
    void loneCarriageReturnIsKept() throws IOException {
        try (SqlSplitter splitter = splitter("COPY t FROM stdin;\na\rb\n\\.\n")) {
            splitter.next();
            assertEquals("a\rb\n", readAll(splitter.copyData()));
        }
    }

    @Test
    void leadingByteOrderMarkIsSkipped() {
        assertEquals(List.of(new SqlStatement("CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END", 1, false)),
                split("\uFEFFCREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END;"));
    }

    @Test
    void pgDumpRestrictLinesAreSkipped() {
        String dump = "\\restrict AbC123\n\nSET statement_timeout = 0;\n\\unrestrict AbC123\n";
        for (Reader reader : List.of(new StringReader(dump), new TrickleReader(dump))) {
            assertEquals(List.of(new SqlStatement("SET statement_timeout = 0", 3, false)), splitAll(reader));
        }
    }

    @Test
    void otherPsqlMetaCommandsAreRefusedWithTheirLine() {
        String script = "\\connect other\n\nSET statement_timeout = 0;\n";
        for (Reader reader : List.of(new StringReader(script), new TrickleReader(script))) {
            SqlSyntaxException e = assertThrows(SqlSyntaxException.class, () -> splitAll(reader));
            assertEquals(1, e.line());
            assertTrue(e.getMessage().startsWith("V1__x.sql:1: psql meta-command \\connect is not SQL"), e.getMessage());
        }
        SqlSyntaxException e = assertThrows(SqlSyntaxException.class,
                () -> splitAll(new StringReader("SELECT 1;\n-- end\n\\set ON_ERROR_STOP on\n")));
        assertEquals(3, e.line());
    }

    // --- unterminated constructs -----------------------------------------------------------------

    @Test
    void unterminatedSingleQuote() {
        assertUnterminated("SELECT 1;\nSELECT 'abc;\n\nSELECT 2;", 2, "unterminated quoted string starting here; close it with '");
    }

    @Test
    void unterminatedEscapeString() {
        assertUnterminated("SELECT 1;\n\nSELECT E'it\\'s;\n", 3, "unterminated escape string (E'...') starting here; close it with '");
    }

    @Test
    void unterminatedQuotedIdentifier() {
        assertUnterminated("SELECT \"a\"\"b;\n", 1, "unterminated quoted identifier starting here; close it with \"");
    }

    @Test
    void unterminatedDollarQuote() {
        assertUnterminated("SELECT 1;\nCREATE FUNCTION f() AS $body$\nSELECT 1; $$\n", 2,
                "unterminated dollar-quoted string ($body$) starting here; close it with $body$");
    }

    @Test
    void unterminatedBlockComment() {
        assertUnterminated("SELECT 1;\n/* one /* two */\nSELECT 2;", 2, "unterminated block comment starting here; close it with */");
        assertUnterminated("/* one /* two\n", 1, "close it with */ (2 times: block comments nest)");
    }

    @Test
    void unterminatedConstructsAreReportedWithTheirOwnStartLineInsideStatements() {
        assertUnterminated("SELECT\n1,\n'x' || 'y\n\n", 3, "unterminated quoted string");
    }

    // --- streaming -------------------------------------------------------------------------------

    @Test
    void streamsFiftyMegabytesOfStatements() throws IOException {
        String line = "INSERT INTO t VALUES (1, 'x');\n";
        int count = 50 * 1024 * 1024 / line.length();
        countStatements(new RepeatingReader(line, count / 10)); // warm-up, so the figure below is steady-state
        long started = System.nanoTime();
        int seen = countStatements(new RepeatingReader(line, count));
        double seconds = (System.nanoTime() - started) / 1e9;
        assertEquals(count, seen);
        System.out.printf("SqlSplitter streaming: %d statements, %.1f MB in %.2f s = %.0f MB/s%n",
                count, (double) count * line.length() / 1e6, seconds, count * line.length() / 1e6 / seconds);
    }

    private static int countStatements(Reader reader) throws IOException {
        int seen = 0;
        try (SqlSplitter splitter = new SqlSplitter(reader, FILE, 1)) {
            SqlStatement last = null;
            for (SqlStatement statement = splitter.next(); statement != null; statement = splitter.next()) {
                seen++;
                last = statement;
            }
            assertEquals(new SqlStatement("INSERT INTO t VALUES (1, 'x')", seen, false), last);
        }
        return seen;
    }

    @Test
    void streamsLargeCopyBlockThroughCopyData() throws IOException {
        int rows = 2_000_000;
        IntFunction<String> row = i -> i + "\tname;'" + i + "'\t$$\n";
        long expectedChars = 0;
        long expectedHash = 0;
        for (int i = 0; i < rows; i++) {
            String r = row.apply(i);
            expectedChars += r.length();
            expectedHash = hash(expectedHash, r.toCharArray(), r.length());
        }
        Reader reader = new GeneratedReader("-- dump\nCOPY public.t (id, name, x) FROM stdin;\n", row, rows,
                "\\.\n\nSELECT setval('s', 1);\n");
        long started = System.nanoTime();
        try (SqlSplitter splitter = new SqlSplitter(reader, FILE, 1)) {
            assertEquals(new SqlStatement("COPY public.t (id, name, x) FROM stdin", 2, true), splitter.next());
            Reader data = splitter.copyData();
            char[] chunk = new char[8192];
            long chars = 0;
            long hash = 0;
            for (int n = data.read(chunk, 0, chunk.length); n >= 0; n = data.read(chunk, 0, chunk.length)) {
                chars += n;
                hash = hash(hash, chunk, n);
            }
            assertEquals(expectedChars, chars);
            assertEquals(expectedHash, hash, "data must come out exactly as generated");
            assertEquals(new SqlStatement("SELECT setval('s', 1)", rows + 5, false), splitter.next());
            assertNull(splitter.next());
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("SqlSplitter COPY data: %.1f MB in %.2f s = %.0f MB/s%n",
                expectedChars / 1e6, seconds, expectedChars / 1e6 / seconds);
    }

    private static long hash(long hash, char[] chars, int length) {
        for (int i = 0; i < length; i++) {
            hash = 31 * hash + chars[i];
        }
        return hash;
    }

    @Test
    void hugeStatementIsReturnedWhole() throws IOException {
        int values = 200_000;
        Reader reader = new GeneratedReader("INSERT INTO t VALUES\n", i -> "(" + i + ", 'v;" + i + "'),\n",
                values, "(-1, 'end');\nSELECT 1;");
        try (SqlSplitter splitter = new SqlSplitter(reader, FILE, 1)) {
            SqlStatement insert = splitter.next();
            assertTrue(insert.sql().endsWith("(-1, 'end')"));
            assertEquals(new SqlStatement("SELECT 1", values + 3, false), splitter.next());
        }
    }

    // --- helpers ---------------------------------------------------------------------------------

    /**
     * Splits with an ordinary reader and with one that hands out a character at a time, so every
     * construct is also exercised across window refills; both must agree.
     */
    private static List<SqlStatement> split(String script) {
        List<SqlStatement> whole = splitAll(new StringReader(script));
        List<SqlStatement> trickled = splitAll(new TrickleReader(script));
        assertEquals(whole, trickled, "result must not depend on how the input is chunked");
        return whole;
    }

    private static List<SqlStatement> splitAll(Reader reader) {
        List<SqlStatement> statements = new ArrayList<>();
        try (SqlSplitter splitter = new SqlSplitter(reader, FILE, 1)) {
            for (SqlStatement statement = splitter.next(); statement != null; statement = splitter.next()) {
                statements.add(statement);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return statements;
    }

    private static SqlSplitter splitter(String script) {
        return new SqlSplitter(new TrickleReader(script), FILE, 1);
    }

    private static void assertUnterminated(String script, int line, String messagePart) {
        for (Reader reader : List.of(new StringReader(script), new TrickleReader(script))) {
            SqlSyntaxException e = assertThrows(SqlSyntaxException.class, () -> splitAll(reader));
            assertEquals(line, e.line(), e.getMessage());
            assertEquals(FILE, e.sourceName());
            assertTrue(e.getMessage().startsWith(FILE + ":" + line + ": "), e.getMessage());
            assertTrue(e.getMessage().contains(messagePart), e.getMessage());
        }
    }

    private static String readAll(Reader reader) throws IOException {
        StringBuilder out = new StringBuilder();
        char[] chunk = new char[3];
        for (int n = reader.read(chunk); n >= 0; n = reader.read(chunk)) {
            out.append(chunk, 0, n);
        }
        return out.toString();
    }

    /** Hands out one character per read, to exercise every window boundary. */
    private static final class TrickleReader extends Reader {
        private final String text;
        private int pos;

        TrickleReader(String text) {
            this.text = text;
        }

        @Override
        public int read(char[] cbuf, int off, int len) {
            if (pos >= text.length()) {
                return -1;
            }
            cbuf[off] = text.charAt(pos++);
            return 1;
        }

        @Override
        public void close() {
        }
    }

    /** Produces {@code count} copies of a line from one small pre-built block, never holding them all. */
    private static final class RepeatingReader extends Reader {
        private final char[] block;
        private final int lineLength;
        private long remaining;
        private int blockPos;

        RepeatingReader(String line, int count) {
            this.block = line.repeat(Math.max(1, 65536 / line.length())).toCharArray();
            this.lineLength = line.length();
            this.remaining = (long) count * lineLength;
        }

        @Override
        public int read(char[] cbuf, int off, int len) {
            if (remaining == 0) {
                return -1;
            }
            int n = (int) Math.min(Math.min(len, remaining), block.length - blockPos);
            System.arraycopy(block, blockPos, cbuf, off, n);
            blockPos = (blockPos + n) % block.length;
            remaining -= n;
            return n;
        }

        @Override
        public void close() {
        }
    }

    /** Produces header, {@code count} generated lines and trailer on the fly, never holding them all. */
    private static final class GeneratedReader extends Reader {
        private final IntFunction<String> lines;
        private final int count;
        private final String trailer;
        private String current;
        private int currentPos;
        private int next;
        private boolean trailerDone;

        GeneratedReader(String header, IntFunction<String> lines, int count, String trailer) {
            this.lines = lines;
            this.count = count;
            this.trailer = trailer;
            this.current = header;
        }

        @Override
        public int read(char[] cbuf, int off, int len) {
            int n = 0;
            while (n < len) {
                if (currentPos == current.length()) {
                    if (next < count) {
                        current = lines.apply(next++);
                    } else if (!trailerDone) {
                        current = trailer;
                        trailerDone = true;
                    } else {
                        break;
                    }
                    currentPos = 0;
                    continue;
                }
                int take = Math.min(len - n, current.length() - currentPos);
                current.getChars(currentPos, currentPos + take, cbuf, off + n);
                currentPos += take;
                n += take;
            }
            return n == 0 ? -1 : n;
        }

        @Override
        public void close() {
        }
    }
}
