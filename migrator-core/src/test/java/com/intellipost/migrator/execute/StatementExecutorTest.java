package com.intellipost.migrator.execute;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which statements may go into a JDBC batch (a batch refuses statements that return rows). */
class StatementExecutorTest {

    @Test
    void rowReturningStatementsRunOnTheirOwn() {
        for (String sql : new String[] {"SELECT pg_catalog.set_config('search_path', '', false)", "select 1",
                "WITH x AS (SELECT 1) SELECT * FROM x", "VALUES (1)", "TABLE t", "SHOW lock_timeout",
                "EXPLAIN SELECT 1", "CALL p()", "INSERT INTO t VALUES (1) RETURNING id",
                "update t set a = 1 returning *", "DELETE FROM t WHERE id = 1\nRETURNING id"}) {
            assertTrue(StatementExecutor.returnsRows(sql), sql);
        }
    }

    /** (A word "returning" inside a literal sends an INSERT on its own: a false positive costs one round trip.) */
    @Test
    void everythingElseIsBatched() {
        for (String sql : new String[] {"CREATE TABLE t (id int)",
                "INSERT INTO t (returning_id) VALUES (1)", "ALTER TABLE t ADD COLUMN a int", "DO $$ BEGIN END $$",
                "SET lock_timeout = '1s'", "COMMENT ON TABLE t IS 'x'", "CREATE FUNCTION f() RETURNS int"
                + " LANGUAGE sql BEGIN ATOMIC SELECT 1; END", "GRANT SELECT ON t TO PUBLIC"}) {
            assertFalse(StatementExecutor.returnsRows(sql), sql);
        }
    }
}
