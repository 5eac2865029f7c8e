package com.intellipost.migrator.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AutocommitStatementsTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "CREATE INDEX CONCURRENTLY idx ON t (a)",
            "create unique index concurrently if not exists i on t(a)",
            "CREATE INDEX CONCURRENTLY ON t (a);",
            "DROP INDEX CONCURRENTLY IF EXISTS i",
            "REINDEX INDEX CONCURRENTLY i",
            "REINDEX TABLE CONCURRENTLY t",
            "REINDEX (VERBOSE) TABLE CONCURRENTLY t",
            "REINDEX (CONCURRENTLY) TABLE t",
            "reindex (concurrently true, verbose) index i",
            "REINDEX DATABASE db",
            "REINDEX SYSTEM",
            "REINDEX SCHEMA s",
            "ALTER TABLE p DETACH PARTITION p1 CONCURRENTLY",
            "alter table if exists only \"P\" detach partition s.\"p;1\" concurrently",
            "CREATE DATABASE d",
            "DROP DATABASE IF EXISTS d WITH (FORCE)",
            "ALTER DATABASE d SET TABLESPACE fast",
            "ALTER SYSTEM SET work_mem = '64MB'",
            "VACUUM",
            "VACUUM (ANALYZE, VERBOSE) t",
            "/* c */ VACUUM ANALYZE t",
            "-- maintenance\n/* nested /* comment */ */\n  vacuum full",
            "CREATE TABLESPACE ts LOCATION '/srv/ts'",
            "DROP TABLESPACE IF EXISTS ts",
            "CREATE SUBSCRIPTION s CONNECTION 'host=a' PUBLICATION p",
            "DROP SUBSCRIPTION s",
            "ALTER SUBSCRIPTION s REFRESH PUBLICATION",
            "ALTER SUBSCRIPTION s REFRESH PUBLICATION WITH (copy_data = false)",
            "ALTER SUBSCRIPTION s SET PUBLICATION p",
            "ALTER SUBSCRIPTION s ADD PUBLICATION p WITH (copy_data = false)",
            "CLUSTER",
            "CLUSTER VERBOSE",
            "cluster;",
            "CLUSTER (VERBOSE)",
            "COMMIT PREPARED 'tx1'",
            "ROLLBACK PREPARED 'tx1'",
            "DISCARD ALL",
            "ALTER TYPE mood ADD VALUE 'happy'",
            "alter type public.mood add value if not exists 'happy' before 'sad'",
            "ALTER TYPE \"My Schema\".\"Mood\" ADD VALUE 'x' AFTER 'y'",
    })
    void requiresAutocommit(String sql) {
        assertTrue(AutocommitStatements.requiresAutocommit(sql), sql);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "  \n ",
            "-- VACUUM",
            "/* VACUUM */ SELECT 1",
            "CREATE INDEX idx ON t(a)",
            "CREATE INDEX i ON t (concurrently)",
            "SELECT 'CREATE INDEX CONCURRENTLY'",
            "SELECT E'\\' VACUUM', $$ DROP DATABASE x $$, $q$ CLUSTER $q$",
            "INSERT INTO log VALUES ('DROP DATABASE x')",
            "DROP INDEX \"concurrently\"",
            "DROP INDEX i",
            "REINDEX TABLE t",
            "REINDEX (VERBOSE) INDEX i",
            "REINDEX (CONCURRENTLY false) TABLE t",
            "ALTER TABLE p DETACH PARTITION p1",
            "ALTER TABLE p DETACH PARTITION p1 FINALIZE",
            "ALTER TABLE t ADD COLUMN concurrently int",
            "ALTER DATABASE d SET search_path = a, b",
            "ALTER SUBSCRIPTION s SET PUBLICATION p WITH (refresh = false)",
            "ALTER SUBSCRIPTION s DISABLE",
            "CLUSTER t USING i",
            "CLUSTER VERBOSE t",
            "CLUSTER (VERBOSE) t",
            "COMMIT",
            "ROLLBACK",
            "DISCARD PLANS",
            "CREATE TABLE database (a int)",
            "CREATE FUNCTION vacuum() RETURNS int LANGUAGE sql RETURN 1",
            "ANALYZE t",
            "SELECT 1 -- VACUUM",
            "ALTER TYPE mood RENAME VALUE 'a' TO 'b'",
            "ALTER TYPE point3 ADD ATTRIBUTE z int",
            "ALTER TYPE mood OWNER TO admin",
            "ALTER TYPE s.value ADD ATTRIBUTE value int",
            "SELECT 'ALTER TYPE mood ADD VALUE x'",
    })
    void runsInTransaction(String sql) {
        assertFalse(AutocommitStatements.requiresAutocommit(sql), sql);
        assertNull(AutocommitStatements.describe(sql), sql);
    }

    @Test
    void describesTheStatementKind() {
        assertEquals("CREATE INDEX CONCURRENTLY",
                AutocommitStatements.describe("create unique index concurrently i on t (a)"));
        assertEquals("DROP INDEX CONCURRENTLY", AutocommitStatements.describe("DROP INDEX CONCURRENTLY i"));
        assertEquals("REINDEX CONCURRENTLY", AutocommitStatements.describe("REINDEX (CONCURRENTLY) INDEX i"));
        assertEquals("REINDEX DATABASE", AutocommitStatements.describe("REINDEX (VERBOSE) DATABASE d"));
        assertEquals("VACUUM", AutocommitStatements.describe("/* c */ VACUUM ANALYZE t"));
        assertEquals("ALTER SUBSCRIPTION ... REFRESH PUBLICATION",
                AutocommitStatements.describe("ALTER SUBSCRIPTION s REFRESH PUBLICATION"));
        assertEquals("CLUSTER without a table name", AutocommitStatements.describe("CLUSTER VERBOSE"));
        assertEquals("ALTER TYPE ... ADD VALUE (its new value cannot be used in the transaction that adds it)",
                AutocommitStatements.describe("ALTER TYPE mood ADD VALUE IF NOT EXISTS 'happy'"));
    }
}
