package com.intellipost.migrator.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.testing.PostgresExtension;
import com.intellipost.migrator.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(PostgresExtension.class)
class DurationsTest {

    @Test
    void unitsAndTheLargestValue() {
        assertEquals(Duration.ofMillis(500), Durations.parse("500", "x"));
        assertEquals(Duration.ofSeconds(5), Durations.parse(" 5 s ", "x"));
        assertEquals(Duration.ofMinutes(10), Durations.parse("10min", "x"));
        assertEquals(Duration.ofHours(1), Durations.parse("1H", "x"));
        assertEquals(Duration.ofMillis(Integer.MAX_VALUE), Durations.parse("2147483647ms", "x"));
        assertEquals(Duration.ofSeconds(2147483), Durations.parse("000000000000000000002147483s", "x"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2147483648", "2147484s", "35792min", "597h", "99999999999999999999s",
        "9999999999999999h", "9223372036854775807ms", "9223372036854775808"})
    void tooLongIsAConfigurationErrorThatSaysTheMaximum(String value) {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> Durations.parse(value, "lockTimeout"));
        assertTrue(e.getMessage().startsWith("lockTimeout=" + value + " is too long")
                && e.getMessage().contains("2147483647ms"), e.getMessage());
    }

    @Test
    void everyDurationSettingIsChecked() {
        for (String key : new String[] {"lockTimeout", "statementTimeout", "lockWaitTimeout", "connectTimeout"}) {
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> new Settings().isolated().set(key, "9999999999999999h").resolve());
            assertTrue(e.getMessage().contains(key) && e.getMessage().contains("too long"), e.getMessage());
        }
    }

    /** The maximum is PostgreSQL's: the largest value is accepted by SET, one more is refused. */
    @Test
    void theMaximumIsWhatPostgresAccepts(TestDatabase db) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            for (String parameter : new String[] {"lock_timeout", "statement_timeout"}) {
                s.execute("SET " + parameter + " = '" + Durations.toPostgres(Duration.ofMillis(Durations.MAX_MILLIS)) + "'");
                SQLException e = assertThrows(SQLException.class, () -> s.execute("SET " + parameter + " = '"
                        + Durations.toPostgres(Duration.ofMillis(Durations.MAX_MILLIS + 1)) + "'"));
                assertEquals("22023", e.getSQLState(), e.getMessage()); // invalid_parameter_value
            }
        }
    }
}
