package com.intellipost.migrator.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.intellipost.migrator.Migrator;
import com.intellipost.migrator.spring.example.ExampleApplication;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Over HTTP, with actuator: the health contributor {@code migrations} is DOWN (503) while revisions are pending
 * and UP once they are applied, with the current and pending revisions as details; the endpoint
 * {@code intellipost} lists every revision with its state. The application starts without migrating
 * ({@code intellipost.on-startup=none}) and the test migrates through the application's Migrator bean.
 */
@SpringBootTest(classes = ExampleApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"intellipost.on-startup=none", "example.greetings=false",
            "management.endpoints.web.exposure.include=health,intellipost",
            "management.endpoint.health.show-details=always"})
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ActuatorTest {

    @RegisterExtension
    static final StarterDatabase DB = new StarterDatabase(ActuatorTest.class);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        DB.register(registry);
    }


    @LocalServerPort
    int port;

    @Autowired
    Migrator migrator;

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(n -> values.add(n.asString()));
        return values;
    }

    @Test
    @Order(1)
    void pendingRevisionsMakeTheContributorDown() throws Exception {
        HttpResponse<String> response = get("/actuator/health/migrations");

        assertEquals(503, response.statusCode(), response::body);
        JsonNode health = JSON.readTree(response.body());
        assertEquals("DOWN", health.get("status").asString());
        assertEquals(List.of("1a2b3c4d5e6f", "4f1c2a9e7b3d"), texts(health.path("details").path("pending")));
        assertEquals(List.of(), texts(health.path("details").path("current")));
        assertEquals(List.of("4f1c2a9e7b3d"), texts(health.path("details").path("heads")));
        assertEquals(503, get("/actuator/health").statusCode(), "the application's health is DOWN with it");
    }

    @Test
    @Order(2)
    void theEndpointListsEveryRevisionWithItsState() throws Exception {
        HttpResponse<String> response = get("/actuator/intellipost");

        assertEquals(200, response.statusCode(), response::body);
        JsonNode info = JSON.readTree(response.body());
        assertEquals("development", info.get("environment").asString());
        assertEquals(List.of(), texts(info.get("currentRevisions")));
        JsonNode first = info.get("revisions").get(0);
        assertEquals("1a2b3c4d5e6f", first.get("revision").asString());
        assertEquals("Create greeting", first.get("message").asString());
        assertEquals("pending", first.get("state").asString());
        assertTrue(first.get("appliedAt").isNull(), response::body);
    }

    @Test
    @Order(3)
    void onceMigratedTheContributorIsUpAndTheEndpointSaysApplied() throws Exception {
        migrator.migrate();

        HttpResponse<String> health = get("/actuator/health/migrations");
        assertEquals(200, health.statusCode(), health::body);
        JsonNode details = JSON.readTree(health.body()).path("details");
        assertEquals(List.of("4f1c2a9e7b3d"), texts(details.path("current")));
        assertEquals(List.of(), texts(details.path("pending")));

        JsonNode info = JSON.readTree(get("/actuator/intellipost").body());
        assertEquals(List.of("4f1c2a9e7b3d"), texts(info.get("currentRevisions")));
        for (JsonNode revision : info.get("revisions")) {
            assertEquals("applied", revision.get("state").asString());
            assertFalse(revision.get("appliedAt").isNull(), revision::toString);
        }
    }
}
