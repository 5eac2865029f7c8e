package com.intellipost.migrator.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.intellipost.migrator.testing.PostgresExtension;
import com.intellipost.migrator.testing.Revisions;
import com.intellipost.migrator.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** DESIGN 2.5: a script with ALTER TYPE ... ADD VALUE runs outside a transaction, so it may use the new value. */
@ExtendWith(PostgresExtension.class)
class EnumAddValueTest {

    /** The fact the rule rests on (PostgreSQL 12 and later): the new value is unusable until committed. */
    @Test
    void postgresRefusesTheNewValueInTheTransactionThatAddsIt(TestDatabase db) throws SQLException {
        db.execute("CREATE TYPE probe_mood AS ENUM ('sad')");
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("ALTER TYPE probe_mood ADD VALUE 'happy'");
            SQLException e = assertThrows(SQLException.class, () -> s.execute("SELECT 'happy'::probe_mood"));
            assertEquals("55P04", e.getSQLState(), e.getMessage()); // unsafe_new_enum_value_usage
            c.rollback();
        }
    }

    @Test
    void aScriptThatAddsAValueAndUsesItMigrates(TestDatabase db, @TempDir Path dir) throws Exception {
        Revisions r = new Revisions(dir);
        r.write("001.sql", "e1", null, "CREATE TYPE mood AS ENUM ('sad');\nCREATE TABLE feeling (m mood);",
                "DROP TABLE feeling;\nDROP TYPE mood;");
        r.write("002.sql", "e2", "e1", "ALTER TYPE mood ADD VALUE IF NOT EXISTS 'happy';\n"
                + "INSERT INTO feeling VALUES ('happy');", "DELETE FROM feeling;");
        r.migrator(db).set("schema", "enum_ok").load().migrate();
        assertEquals("happy", db.queryValue("SELECT m::text FROM feeling"));
        assertEquals(Boolean.TRUE, db.queryValue(
                "SELECT transactional FROM enum_ok.intellipost_schema_history WHERE revision = 'e1'"));
        assertEquals(Boolean.FALSE, db.queryValue(
                "SELECT transactional FROM enum_ok.intellipost_schema_history WHERE revision = 'e2'"));
    }
}
