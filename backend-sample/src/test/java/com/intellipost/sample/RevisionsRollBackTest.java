package com.intellipost.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.intellipost.migrator.Migrator;
import com.intellipost.migrator.command.SchemaReports;
import com.intellipost.migrator.command.TestRollbackResult;
import com.intellipost.migrator.command.TestRollbackResult.RevisionCheck;
import com.intellipost.migrator.testing.PostgresExtension;
import com.intellipost.migrator.testing.TestDatabase;
import com.intellipost.sample.migration.Migrators;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The sample's own revisions, as the build packages them, pass {@code test-rollback} with {@code requireDown=true}:
 * every down section gives back the schema its up section found, so {@code downgrade} can be trusted on the day it
 * is needed. The test database only names the server: the walk happens on a scratch database.
 */
@ExtendWith(PostgresExtension.class)
class RevisionsRollBackTest {

    @Test
    void everyDownSectionGivesBackTheSchemaItsUpFound(TestDatabase db) throws Exception {
        TestRollbackResult result = Migrator.configure().isolated()
                .classLoader(RevisionsRollBackTest.class.getClassLoader()).locations(Migrators.LOCATIONS)
                .url(db.jdbcUrl()).user(db.user()).password(db.password()).set("requireDown", "true")
                .load().testRollback();
        String report = String.join("\n", SchemaReports.text(result));
        assertFalse(result.failed(), report);
        assertEquals(DevelopmentStartupTest.REVISIONS, result.revisions().stream().map(RevisionCheck::revision).toList(),
                report);
        assertEquals(DevelopmentStartupTest.REVISIONS.size(), result.count(TestRollbackResult.Status.OK), report);
        assertEquals(0L, db.count("SELECT 1 FROM pg_tables WHERE schemaname = 'public'"), "the test database is untouched");
    }
}
