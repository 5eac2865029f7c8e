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
     * libpq users write passwords unencoded: the user info runs to the LAST @ and the user to its first colon, so
     * / ? # @ : in a password are the password's (java.net.URI read "app:1234/x@db" as host app, port 1234).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "postgresql://app:se/cret99@127.0.0.1:1/x            | jdbc:postgresql://127.0.0.1:1/x          | app | se/cret99  | x",
        "postgres://app:1234/x@db/app                        | jdbc:postgresql://db/app                 | app | 1234/x     | app",
        "postgresql://app:pa?ss99@h:5432/app?sslmode=require | jdbc:postgresql://h:5432/app?sslmode=require | app | pa?ss99 | app",
        "postgresql://app:pa#ss99@h/app                      | jdbc:postgresql://h/app                  | app | pa#ss99    | app",
        "postgresql+asyncpg://app:p@ss99@h/app               | jdbc:postgresql://h/app                  | app | p@ss99     | app",
        "postgresql://app:p:a:ss99@h:6432/app                | jdbc:postgresql://h:6432/app             | app | p:a:ss99   | app",
        "postgresql://app:a/b?c#d@e:f99@[::1]:5432/app       | jdbc:postgresql://[::1]:5432/app         | app | a/b?c#d@e:f99 | app",
        "postgresql://app:p%40ss%2Fw%25rd99@h/app            | jdbc:postgresql://h/app                  | app | p@ss/w%rd99 | app",
        "postgresql://app@h/app                              | jdbc:postgresql://h/app                  | app | -          | app",
        "postgresql://h:5432/app                             | jdbc:postgresql://h:5432/app             | -   | -          | app",
        "postgresql://[2001:db8::1]/app                      | jdbc:postgresql://[2001:db8::1]/app      | -   | -          | app",
        "postgresql://:pw/99@[fe80::1%25eth0]:5433/app       | jdbc:postgresql://[fe80::1%25eth0]:5433/app | - | pw/99      | app",
    })
    void passwordsWithSpecialCharactersAreReadWhole(String url, String jdbcUrl, String user, String password,
            String database) {
        DatabaseUrl parsed = DatabaseUrl.parse(url, PARAMETER);
        assertEquals(jdbcUrl, parsed.jdbcUrl());
        assertEquals(Optional.ofNullable(user), parsed.user());
        assertEquals(Optional.ofNullable(password), parsed.password());
        assertEquals(Optional.of(database), parsed.databaseName());
        if (password != null) {
            String redacted = DatabaseUrl.redact(url);
            assertTrue(redacted.contains(":***@"), redacted);
            assertNoPasswordIn(redacted, password);
            assertNoPasswordIn(parsed.display(), password);
            assertNoPasswordIn(parsed.toString(), password);
        }
    }

    @Test
    void redactHidesEverythingFromUserColonToTheLastAtInEveryForm() {
        assertEquals("postgresql://app:***@127.0.0.1:1/x", DatabaseUrl.redact("postgresql://app:se/cret99@127.0.0.1:1/x"));
        assertEquals("postgres://app:***@db/app", DatabaseUrl.redact("postgres://app:1234/x@db/app"));
        assertEquals("postgresql://app:***@h/app", DatabaseUrl.redact("postgresql://app:a?b#c@d:e@h/app"));
        assertEquals("postgresql://app@h/app", DatabaseUrl.redact("postgresql://app@h/app"), "no password, no mask");
        assertEquals("postgresql://app:***@h/app?password=***&sslmode=require",
                DatabaseUrl.redact("postgresql://app:x@h/app?password=se/cret99&sslmode=require"));
        // jdbc: URLs: query passwords (pgjdbc reads those, @ and all) and a user info pgjdbc would not read.
        assertEquals("jdbc:postgresql://h/app?user=u&password=***&ssl=true",
                DatabaseUrl.redact("jdbc:postgresql://h/app?user=u&password=P@ss/w?rd99&ssl=true"));
        assertEquals("jdbc:postgresql://u:***@h/app", DatabaseUrl.redact("jdbc:postgresql://u:se/cret99@h/app"));
        assertEquals("jdbc:postgresql://u:***@h/app?password=***",
                DatabaseUrl.redact("jdbc:postgresql://u:se?cret99@h/app?password=x"));
        assertEquals("mysql://u:***@h:3306/app", DatabaseUrl.redact("mysql://u:se/cret99@h:3306/app"));
        assertEquals("u:***@h/app", DatabaseUrl.redact("u:se/cret99@h/app"), "no scheme");
    }

    /** Every refusal names the parameter and says what to do, and shows nothing after "user:". */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "mysql://app:se/cret99@h:3306/app              | has an unsupported form    | jdbc:postgresql://",
        "app:se/cret99@h:5432/app                      | has an unsupported form    | jdbc:postgresql://",
        "postgresql://app:se/cret99@bad!host:5432/app  | has a host part that cannot be read | %40",
        "postgresql://app:se/cret99@h:99999/app        | has a host part that cannot be read | host:port",
        "postgresql://app:se/cret99@h:port/app         | has a host part that cannot be read | host:port",
        "postgresql://app:se/cret99@::1/app            | has a host part that cannot be read | [IPv6]:port",
        "postgresql://app:se/cret99@[::1/app           | has a host part that cannot be read | [IPv6]:port",
        "postgresql://app:se/cret99@h1:5432,h2:5432/app | has a host part that cannot be read | jdbc:postgresql://host1:port1,host2:port2/",
        "postgresql://app:se/cret99%zz@h/app           | has a password with a %     | %25",
        "postgresql://app:se/cret99%4@h/app            | has a password with a %     | %25",
        "postgresql://app:se/cret 99@h/app             | is not a valid URL          | percent-encode",
        "jdbc:postgresql://app:se/cret99@h:5432/app    | puts user:password@ in a jdbc:postgresql: URL | postgresql://user:password@host",
        "postgresql://h/app?application_name=me@x      | has an @ that is not the end of user:password@ | %40",
        "postgresql://ap/p:se/cret99@h/app             | has an @ that is not the end of user:password@ | %40",
    })
    void refusalsNameTheParameterAndNeverShowThePassword(String url, String what, String fix) {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> DatabaseUrl.parse(url, PARAMETER));
        assertTrue(e.getMessage().startsWith(PARAMETER + " " + what), e.getMessage());
        assertTrue(e.getMessage().contains(fix), "says how to fix it: " + e.getMessage());
        assertNoPasswordIn(e.getMessage(), "se/cret99");
        assertNoPasswordIn(e.getMessage(), "se/cret 99");
    }

    /** Neither the password nor any piece of it of 4 characters or more (such as "cret99" or "ret99@h"). */
    private static void assertNoPasswordIn(String text, String password) {
        for (int i = 0; i + 4 <= password.length(); i++) {
            String piece = password.substring(i, i + 4);
            assertFalse(text.contains(piece), "'" + piece + "' of the password shows in: " + text);
        }
    }

    /** java.net.URI read an authority it could not parse as "no host": that must be refused, not localhost. */
    @Test
    void unreadableHostIsRefusedNotReplacedByLocalhost() {
        ConfigurationException at = assertThrows(ConfigurationException.class,
                () -> DatabaseUrl.parse("postgresql://u:S3c@ret@db example.com:5432/app", PARAMETER));
        assertTrue(at.getMessage().startsWith(PARAMETER + " "), at.getMessage());
        assertFalse(at.getMessage().contains("S3c"), at.getMessage());
        assertFalse(at.getMessage().contains("ret@"), at.getMessage());

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
