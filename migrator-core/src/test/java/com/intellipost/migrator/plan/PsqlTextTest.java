package com.intellipost.migrator.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.MigratorException;
import com.intellipost.migrator.script.SqlStatement;
import org.junit.jupiter.api.Test;

/**
 * What a plan writes for psql. That psql sends {@code \:} as a colon and substitutes {@code :n} is checked on the
 * real psql by {@link PlanAppliedByPsqlTest} (it runs the plans with {@code -v n=2}).
 */
class PsqlTextTest {

    @Test
    void aStatementGetsItsSemicolon() {
        assertEquals("CREATE TABLE t (id int);", text("CREATE TABLE t (id int)"));
        assertEquals("SELECT 1::int, '{}'::jsonb;", text("SELECT 1::int, '{}'::jsonb"));
    }

    @Test
    void aColonPsqlCouldReadAsAVariableIsEscaped() {
        assertEquals("SELECT a[1\\:n], b[2\\:3], c[1 : 2], d[:] FROM t;", text("SELECT a[1:n], b[2:3], c[1 : 2], d[:] FROM t"));
        assertEquals("SELECT \\:'v', \\:\"v\", \\:ü;", text("SELECT :'v', :\"v\", :ü"));
        assertEquals("SELECT x::text || y[1\\:n]::text;", text("SELECT x::text || y[1:n]::text"));
    }

    @Test
    void colonsInsideQuotesCommentsAndBodiesStayAsWritten() {
        String sql = "SELECT ':n', E'it\\'s :n', \"a:n\", $$ :n $$, $f$ :n $f$ /* :n /* :n */ */ -- :n\n, 1";
        assertEquals(sql + ";", text(sql));
    }

    @Test
    void aLineCommentAtTheEndPushesTheSemicolonToTheNextLine() {
        assertEquals("INSERT INTO t VALUES (1) -- one\n;", text("INSERT INTO t VALUES (1) -- one"));
        assertEquals("INSERT INTO t -- into\nVALUES (1);", text("INSERT INTO t -- into\nVALUES (1)"));
    }

    @Test
    void aBackslashOutsideQuotesIsRefused() {
        MigratorException e = assertThrows(MigratorException.class,
                () -> PsqlText.statement(new SqlStatement("SELECT 1 \\gset", 12, false), "db/x.sql"));
        assertTrue(e.getMessage().startsWith("db/x.sql:12: the statement has a backslash outside quotes"),
                e.getMessage());
        assertEquals("SELECT '\\', E'\\\\';", text("SELECT '\\', E'\\\\'"));
    }

    @Test
    void literalsReadTheSameWhateverStandardConformingStrings() {
        assertEquals("'it''s'", PsqlText.literal("it's"));
        assertEquals("E'a\\\\b ''c'''", PsqlText.literal("a\\b 'c'"));
    }

    private static String text(String sql) {
        return PsqlText.statement(new SqlStatement(sql, 1, false), "x.sql");
    }
}
