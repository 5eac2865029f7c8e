package com.intellipost.migrator.spring.example;

import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads the {@code greeting} table, which a revision creates, in its constructor: it exists only if the
 * migrations ran before Spring Boot handed this bean its JdbcTemplate. {@code example.greetings=false} leaves it
 * out (for an application started without migrating).
 */
@Component
@ConditionalOnBooleanProperty(name = "example.greetings", matchIfMissing = true)
public class GreetingCatalog {

    private final List<String> greetings;

    public GreetingCatalog(JdbcTemplate jdbc) {
        this.greetings = jdbc.queryForList("SELECT text FROM greeting ORDER BY id", String.class);
    }

    public List<String> greetings() {
        return greetings;
    }
}
