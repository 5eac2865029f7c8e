package com.intellipost.migrator.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Acceptance 11 (URL forms), without a database: every accepted form maps to pgjdbc with credentials apart. */
class DatabaseUrlTest {

    private static final String PARAMETER = "intellipost.url";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "jdbc:postgresql://127.0.0.1:5432/app               | jdbc:postgresql://127.0.0.1:5432/app | -        | -",
        "postgresql://postgres@127.0.0.1:5432/app           | jdbc:postgresql://127.0.0.1:5432/app | postgres | -",
        "postgres://postgres@localhost:5432/app             | jdbc:postgresql://localhost:5432/app | postgres | -",
        "postgresql+asyncpg://app_user:pw@127.0.0.1:5432/app| jdbc:postgresql://127.0.0.1:5432/app | app_user | pw",
        "postgresql+psycopg2://postgres:secret@127.0.0.1/app| jdbc:postgresql://127.0.0.1/app      | postgres | secret",
        "postgres+asyncpg://u:p@db.internal:6432/app        | jdbc:postgresql://db.internal:6432/app | u      | p",
        "POSTGRESQL://u@Db.Example.com/app                  | jdbc:postgresql://Db.Example.com/app | u        | -",
        "postgresql://u@[::1]:5432/app                      | jdbc:postgresql://[::1]:5432/app     | u        | -",
        "postgresql:///app                                  | jdbc:postgresql://localhost/app      | -        | -",
    })
    void everyFormMapsToPgjdbc(String url, String jdbcUrl, String user, String password) {
        DatabaseUrl parsed = DatabaseUrl.parse(url, PARAMETER);
        assertEquals(jdbcUrl, parsed.jdbcUrl());
        assertEquals(Optional.ofNullable(user), parsed.user());
        assertEquals(Optional.ofNullable(password), parsed.password());
        assertEquals(Optional.of("app"), parsed.databaseName());
    }

    @Test
    void percentEncodedCredentialsAreDecoded() {
        DatabaseUrl parsed = DatabaseUrl.parse("postgresql://app%2Buser:p%40ss%3Aw%2Fo%25rd@h:5432/app", PARAMETER);
        assertEquals(Optional.of("app+user"), parsed.user());
        assertEquals(Optional.of("p@ss:w/o%rd"), parsed.password());
        assertEquals("jdbc:postgresql://h:5432/app", parsed.jdbcUrl());
        // A plus sign is a plus in a URL's user info, not a space.
        assertEquals(Optional.of("a+b"), DatabaseUrl.parse("postgresql://u:a+b@h/app", PARAMETER).password());
        assertEquals(Optional.of("my db"), DatabaseUrl.parse("postgresql://u@h/my%20db", PARAMETER).databaseName());
    }

    @Test
    void queryKeepsLibpqOptionsAndDropsSqlalchemyOnes() {
        DatabaseUrl parsed = DatabaseUrl.parse(
                "postgresql+asyncpg://u@h/app?sslmode=require&async_fallback=true&prepared_statement_cache_size=0",
                PARAMETER);
        assertEquals("jdbc:postgresql://h/app?sslmode=require", parsed.jdbcUrl());
    }

    @Test
    void displayAndToStringHidePasswords() {
        DatabaseUrl inQuery = DatabaseUrl.parse("jdbc:postgresql://h/app?user=u&password=S3cret-xyz&ssl=true", PARAMETER);
        assertEquals("jdbc:postgresql://h/app?user=u&password=***&ssl=true", inQuery.display());
        assertFalse(inQuery.toString().contains("S3cret-xyz"), inQuery.toString());

        DatabaseUrl inUserInfo = DatabaseUrl.parse("postgresql://u:S3cret-xyz@h:5432/app", PARAMETER);
        assertEquals("jdbc:postgresql://h:5432/app", inUserInfo.display());
        assertFalse(inUserInfo.toString().contains("S3cret-xyz"), inUserInfo.toString());
        assertTrue(inUserInfo.toString().contains("user=u"), inUserInfo.toString());

        assertEquals("postgresql://u:***@h/app", DatabaseUrl.redact("postgresql://u:S3cret-xyz@h/app"));
        assertEquals("postgresql://u:***@h/app", DatabaseUrl.redact("postgresql://u:S3c@ret@h/app"));
    }

    @Test
    void unsupportedSchemeNamesTheParameterAndHidesThePassword() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> DatabaseUrl.parse("mysql://u:S3cret-xyz@h:3306/app", PARAMETER));
        assertTrue(e.getMessage().startsWith(PARAMETER + " "), e.getMessage());
        assertTrue(e.getMessage().contains("mysql://u:***@h:3306/app"), e.getMessage());
        assertFalse(e.getMessage().contains("S3cret-xyz"), e.getMessage());
        assertTrue(e.getMessage().contains("jdbc:postgresql://"), "says which forms work: " + e.getMessage());

        ConfigurationException noScheme = assertThrows(ConfigurationException.class,
                () -> DatabaseUrl.parse("localhost:5432/app", "INTELLIPOST_DATABASE_URL"));
        assertTrue(noScheme.getMessage().startsWith("INTELLIPOST_DATABASE_URL "), noScheme.getMessage());

        ConfigurationException empty = assertThrows(ConfigurationException.class, () -> DatabaseUrl.parse(" ", PARAMETER));
        assertTrue(empty.getMessage().startsWith(PARAMETER + " is empty"), empty.getMessage());
    }

    @Test
    void invalidUrlMessageHidesThePassword() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> DatabaseUrl.parse("postgresql://u:S3cret xyz@h/app", PARAMETER));
        assertTrue(e.getMessage().startsWith(PARAMETER + " is not a valid URL"), e.getMessage());
        assertFalse(e.getMessage().contains("S3cret"), e.getMessage());
        assertTrue(e.getMessage().contains("percent-encode"), e.getMessage());
    }

    /**
     * java.net.URI reads an authority it cannot parse as host and port as "no host": the URL must then be refused,
     * not turned into localhost without its user and password.
     */
    @Test
    void unreadableHostIsRefusedNotReplacedByLocalhost() {
        ConfigurationException at = assertThrows(ConfigurationException.class,
                () -> DatabaseUrl.parse("postgresql://u:S3c@ret@db.example.com:5432/app", PARAMETER));
        assertTrue(at.getMessage().startsWith(PARAMETER + " "), at.getMessage());
        assertFalse(at.getMessage().contains("S3c"), at.getMessage());
        assertFalse(at.getMessage().contains("ret@"), at.getMessage());
        assertTrue(at.getMessage().contains("%40"), "tells how to encode @: " + at.getMessage());

        ConfigurationException hosts = assertThrows(ConfigurationException.class,
                () -> DatabaseUrl.parse("postgresql://u:pw@host1:5432,host2:5432/app", PARAMETER));
        assertTrue(hosts.getMessage().contains("jdbc:postgresql://host1:port1,host2:port2/"), hosts.getMessage());
    }

    @Test
    void withDatabaseKeepsServerAndParameters() {
        DatabaseUrl parsed = DatabaseUrl.parse("postgresql://u:pw@h:5433/app?sslmode=disable", PARAMETER);
        DatabaseUrl maintenance = parsed.withDatabase("postgres");
        assertEquals("jdbc:postgresql://h:5433/postgres?sslmode=disable", maintenance.jdbcUrl());
        assertEquals(Optional.of("u"), maintenance.user());
        assertEquals(Optional.of("pw"), maintenance.password());
        assertEquals(Optional.empty(), DatabaseUrl.parse("postgresql://h", PARAMETER).databaseName());
    }
}
