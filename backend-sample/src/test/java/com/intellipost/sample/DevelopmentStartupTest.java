package com.intellipost.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.intellipost.migrator.Migrator;
import com.intellipost.migrator.testing.PostgresExtension;
import com.intellipost.migrator.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Acceptance 1: started in development on an empty database, the application migrates before it serves,
 * {@code /health} says ok at head, a post can be created and read back, and bad input gets a 400 that says what is
 * wrong, with nothing stored.
 */
@ExtendWith(PostgresExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DevelopmentStartupTest {

    static final List<String> REVISIONS = List.of("59abd1823b34", "aad1b8750ea8", "44a450e5a772", "b2bf749a609b",
            "7f8567124726", "e831448aae1e", "3c9d5e7f1a2b");
    static final String HEAD = "3c9d5e7f1a2b";

    private static BackendApplication app;
    private static Http http;

    @BeforeAll
    static void start(TestDatabase db) throws Exception {
        assertEquals(0L, db.count("SELECT 1 FROM pg_tables WHERE schemaname = 'public'"), "starts on an empty database");
        Map<String, String> variables = TestVariables.forDatabase(db, "development");
        app = BackendApplication.start(AppConfig.from(variables::get));
        http = new Http(app.port());
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    @Order(1)
    void migratesBeforeServing(TestDatabase db) throws Exception {
        assertEquals(REVISIONS.size(), db.count("SELECT 1 FROM intellipost_schema_history WHERE success"));
        assertEquals(1L, db.count("SELECT 1 FROM pg_indexes WHERE indexname = 'posts_created_at_id_idx'"),
                "the CREATE INDEX CONCURRENTLY revision ran");
        assertEquals(Boolean.TRUE, db.queryValue("SELECT indisvalid FROM pg_index"
                + " WHERE indexrelid = 'posts_created_at_id_idx'::regclass"));
    }

    @Test
    @Order(2)
    void healthSaysOkAtHead() {
        Http.Response health = http.get("/health");
        assertEquals(200, health.status(), health.body());
        assertEquals("ok", health.json().get("status").asText());
        assertEquals("reachable", health.json().get("database").asText());
        assertTrue(health.json().get("atHead").asBoolean());
        assertEquals(List.of(HEAD), strings(health.json().get("heads")));
        assertEquals(List.of(HEAD), strings(health.json().get("currentRevisions")));
        assertEquals(0, health.json().get("pendingRevisions").size());
        assertEquals("development", health.json().get("environment").asText());
    }

    @Test
    @Order(3)
    void postIsCreatedAndReadBack() {
        Http.Response created = http.postJson("/api/posts",
                "{\"title\": \"  First post \", \"content\": \"Hello, IntelliPost\", \"summary\": \"hi\","
                        + " \"tags\": [\"java\", \"postgres\", \"java\"]}");
        assertEquals(201, created.status(), created.body());
        long id = created.json().get("id").asLong();
        assertTrue(id > 0);
        assertEquals("/api/posts/" + id, created.raw().headers().firstValue("Location").orElseThrow());
        assertEquals("First post", created.json().get("title").asText(), "title is trimmed");
        assertEquals(List.of("java", "postgres"), strings(created.json().get("tags")));

        Http.Response read = http.get("/api/posts/" + id);
        assertEquals(200, read.status(), read.body());
        assertEquals(created.json(), read.json());
        assertEquals("Hello, IntelliPost", read.json().get("content").asText());
        assertEquals("hi", read.json().get("summary").asText());

        Http.Response list = http.get("/api/posts");
        assertEquals(200, list.status());
        assertEquals(id, list.json().get("posts").get(0).get("id").asLong());
    }

    @Test
    @Order(4)
    void unknownPostIs404() {
        Http.Response missing = http.get("/api/posts/987654");
        assertEquals(404, missing.status());
        assertEquals("No post with id 987654", missing.json().get("message").asText());
        assertEquals(400, http.get("/api/posts/abc").status());
        assertEquals(404, http.get("/api/nothing").status());
    }

    @Test
    @Order(5)
    void badInputIs400WithAHelpfulErrorAndNothingStored(TestDatabase db) throws Exception {
        long postsBefore = db.count("SELECT 1 FROM posts");
        long tagsBefore = db.count("SELECT 1 FROM tags");
        String longTitle = "x".repeat(201);
        record Case(String body, String expected) {
        }
        List<Case> cases = List.of(
                new Case("{\"title\": \"t\", \"content\": ", "Malformed JSON at line 1"),
                new Case("", "The request body is empty"),
                new Case("[]", "must be a JSON object"),
                new Case("{\"title\": \"t\", \"title\": \"u\", \"content\": \"c\"}", "Duplicate field 'title'"),
                new Case("{\"content\": \"c\"}", "title is required"),
                new Case("{\"title\": \"t\"}", "content is required"),
                new Case("{\"title\": \"   \", \"content\": \"c\"}", "title must not be blank"),
                new Case("{\"title\": \"t\", \"content\": \"\"}", "content must not be blank"),
                new Case("{\"title\": 42, \"content\": \"c\"}", "title must be a string, got a number"),
                new Case("{\"title\": \"t\", \"content\": [\"c\"]}", "content must be a string, got an array"),
                new Case("{\"title\": \"" + longTitle + "\", \"content\": \"c\"}",
                        "title is too long: 201 characters, at most 200 allowed"),
                new Case("{\"title\": \"t\", \"content\": \"c\", \"tags\": [\"ok\", 7]}",
                        "tags[1] must be a string, got a number"),
                new Case("{\"title\": \"t\", \"content\": \"c\", \"author\": \"me\"}", "author is not a known field"));
        List<String> failures = new ArrayList<>();
        for (Case c : cases) {
            Http.Response response = http.postJson("/api/posts", c.body());
            String message = response.json() == null ? null : response.json().path("message").asText();
            if (response.status() != 400 || message == null || !message.contains(c.expected())) {
                failures.add(c.body() + " -> " + response.status() + " " + response.body());
            }
        }
        assertTrue(failures.isEmpty(), "expected 400 with the right message:\n" + String.join("\n", failures));

        Http.Response several = http.postJson("/api/posts", "{\"title\": 1, \"content\": null}");
        JsonNode details = several.json().get("details");
        assertEquals(2, details.size(), several.body());
        assertEquals("title", details.get(0).get("field").asText());
        assertEquals("content", details.get(1).get("field").asText());
        assertEquals("is required", details.get(1).get("message").asText());

        assertEquals(postsBefore, db.count("SELECT 1 FROM posts"), "a rejected request stores no post");
        assertEquals(tagsBefore, db.count("SELECT 1 FROM tags"), "a rejected request stores no tag");
    }

    @Test
    @Order(6)
    void healthIs503WhileARevisionIsPending(TestDatabase db) {
        Migrator migrator = Migrator.configure().isolated().url(db.jdbcUrl()).user(db.user()).password(db.password())
                .locations("classpath:db/migrations").load();
        migrator.downgrade("-1");
        try {
            Http.Response health = http.get("/health");
            assertEquals(503, health.status(), health.body());
            assertEquals("unavailable", health.json().get("status").asText());
            assertFalse(health.json().get("atHead").asBoolean());
            assertEquals(List.of("e831448aae1e"), strings(health.json().get("currentRevisions")));
            assertEquals(HEAD, health.json().get("pendingRevisions").get(0).get("revision").asText());
        } finally {
            migrator.migrate();
        }
        assertEquals(200, http.get("/health").status());
    }

    static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(n -> values.add(n.asText()));
        return values;
    }
}
