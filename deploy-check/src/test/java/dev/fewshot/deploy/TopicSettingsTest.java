package dev.fewshot.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The topic settings the readers depend on, and replication that the brokers can satisfy. */
class TopicSettingsTest {
    static final List<String> OVERLAYS = Repo.OVERLAYS;

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void vectorsAreNeverCompactedAndKeptLong(String overlay) {
        JsonNode config = Repo.named(Repo.render(overlay), "KafkaTopic", "fewshot.vectors").path("spec").path("config");
        // Readers replay whole splits (many records per key) from the start: compaction would drop all but the last.
        assertEquals("delete", config.path("cleanup.policy").asText(), "fewshot.vectors cleanup.policy");
        long retentionMs = config.path("retention.ms").asLong(0);
        assertTrue(retentionMs == -1 || retentionMs >= 30L * 24 * 3600 * 1000,
                "fewshot.vectors retention.ms " + retentionMs + ": -1 or at least 30 days");
        assertTrue(config.path("max.message.bytes").asLong(0) > (1 << 20),
                "fewshot.vectors max.message.bytes must exceed the producer's 1 MiB records");
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void replicationFitsTheBrokers(String overlay) {
        List<ObjectNode> docs = Repo.render(overlay);
        int brokers = 0;
        for (ObjectNode pool : Repo.ofKind(docs, "KafkaNodePool")) {
            for (JsonNode r : pool.path("spec").path("roles")) {
                if (r.asText().equals("broker")) {
                    brokers += pool.path("spec").path("replicas").asInt();
                }
            }
        }
        JsonNode kafkaConfig = Repo.named(docs, "Kafka", "fewshot").path("spec").path("kafka").path("config");
        for (ObjectNode t : Repo.ofKind(docs, "KafkaTopic")) {
            int rf = t.path("spec").path("replicas").asInt(kafkaConfig.path("default.replication.factor").asInt());
            int minIsr = t.path("spec").path("config").path("min.insync.replicas")
                    .asInt(kafkaConfig.path("min.insync.replicas").asInt(1));
            assertTrue(rf <= brokers, Repo.id(t) + ": RF " + rf + " > " + brokers + " brokers");
            assertTrue(minIsr <= rf, Repo.id(t) + ": min.insync.replicas " + minIsr + " > RF " + rf);
            assertTrue(rf == 1 || minIsr < rf, Repo.id(t) + ": min ISR = RF stops producers when one broker is down");
        }
        assertTrue(kafkaConfig.path("offsets.topic.replication.factor").asInt() <= brokers);
    }
}
