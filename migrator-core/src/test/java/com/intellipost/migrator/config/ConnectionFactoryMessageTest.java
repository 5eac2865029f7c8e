package com.intellipost.migrator.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Without a server: a jdbc: URL that pgjdbc cannot read makes pgjdbc answer "Unable to parse URL
 * &lt;the URL&gt;", credentials and all; the message shown must carry the redacted URL instead.
 */
class ConnectionFactoryMessageTest {

    @Test
    void urlQuotedByTheDriverIsRedacted() {
        Configuration configuration = new Settings().isolated()
                .url("jdbc:postgresql://app:se?cret99@127.0.0.1:1/app").set("connectTimeout", "0").resolve();
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> new ConnectionFactory(configuration).open());
        assertTrue(e.getMessage().startsWith("Cannot connect to jdbc:postgresql://app:***@127.0.0.1:1/app"),
                e.getMessage());
        assertFalse(e.getMessage().contains("cret99"), e.getMessage());
    }
}
