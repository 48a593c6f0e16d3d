package dev.fewshot.embedder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fewshot.contracts.EmbedEvent;
import dev.fewshot.contracts.Topics;
import dev.fewshot.service.testing.KafkaTestClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/** A model directory without the model: the service starts, is not ready, and fails requests with the reason. */
@QuarkusTest
@TestProfile(MissingModelTest.NoModel.class)
@WithTestResource(EmbedderTestResource.class)
class MissingModelTest {
    public static class NoModel implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("fewshot.embedder.model-dir", "/nonexistent/clip-model");
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void requestsFailWithTheMissingFileNamedAndTheServiceStaysUp() throws Exception {
        RestAssured.get("/q/health/ready").then().statusCode(503)
                .body(Matchers.containsString("/nonexistent/clip-model"));
        RestAssured.get("/q/health/live").then().statusCode(200);

        KafkaTestClient.send(bootstrap, Topics.EMBED_REQUESTS, "no-model",
                "{\"version\":1,\"request_id\":\"no-model\",\"dataset_id\":\"toy\",\"split\":\"text\"}");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        EmbedEvent end = null;
        while (end == null && System.nanoTime() < deadline) {
            end = KafkaTestClient.embedEvents(bootstrap, "no-model").stream()
                    .filter(e -> e.type() == EmbedEvent.Type.failed || e.type() == EmbedEvent.Type.completed)
                    .findFirst().orElse(null);
            Thread.sleep(200);
        }
        assertTrue(end != null, "no final event");
        assertEquals(EmbedEvent.Type.failed, end.type());
        assertTrue(end.reason().contains("/nonexistent/clip-model"), end.reason());
        RestAssured.get("/q/health/live").then().statusCode(200);
    }
}
