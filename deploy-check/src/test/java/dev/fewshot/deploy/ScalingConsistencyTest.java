package dev.fewshot.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Consistency check 4: each KEDA ScaledObject scales a service on the topic that service consumes, with that
 * service's consumer group, to at most as many replicas as the topic has partitions.
 */
class ScalingConsistencyTest {
    static final List<String> OVERLAYS = Repo.OVERLAYS;

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void scaledObjectsMatchTopicsAndGroups(String overlay) {
        List<ObjectNode> docs = Repo.render(overlay);
        Set<String> scaled = new TreeSet<>();
        for (ObjectNode so : Repo.ofKind(docs, "ScaledObject")) {
            String target = so.path("spec").path("scaleTargetRef").path("name").asText();
            Repo.named(docs, "Deployment", target);
            String module = Repo.SERVICES.get(target);
            assertTrue(module != null, Repo.id(so) + " scales " + target + ", not a service");
            scaled.add(target);
            int max = so.path("spec").path("maxReplicaCount").asInt(100); // KEDA's default is 100
            int min = so.path("spec").path("minReplicaCount").asInt(0);
            assertTrue(min <= max, Repo.id(so) + ": minReplicaCount > maxReplicaCount");
            assertTrue(so.path("spec").path("triggers").size() > 0, Repo.id(so) + " has no trigger");
            for (JsonNode trigger : so.path("spec").path("triggers")) {
                assertEquals("kafka", trigger.path("type").asText(), Repo.id(so) + " trigger type");
                JsonNode meta = trigger.path("metadata");
                String topic = meta.path("topic").asText();
                ObjectNode kt = Repo.ofKind(docs, "KafkaTopic").stream()
                        .filter(t -> topic.equals(TopicConsistencyTest.topicName(t))).findFirst()
                        .orElseThrow(() -> new AssertionError(Repo.id(so) + " scales on " + topic
                                + ", which has no KafkaTopic"));
                int partitions = kt.path("spec").path("partitions").asInt();
                assertTrue(max <= partitions, Repo.id(so) + " in " + overlay + ": maxReplicaCount " + max
                        + " > " + partitions + " partitions of " + topic + " (extra replicas would sit idle)");

                // The group the service consumes that topic with.
                Map<String, String> raw = Repo.rawProperties(module);
                String group = null;
                for (String key : raw.keySet()) {
                    if (key.startsWith("mp.messaging.incoming.") && key.endsWith(".topic")
                            && topic.equals(Repo.prodValue(module, key))) {
                        String channel = key.substring(0, key.length() - ".topic".length());
                        group = Repo.prodValue(module, channel + ".group.id");
                    }
                }
                assertTrue(group != null, module + " has no incoming channel on " + topic + " with a group.id");
                assertEquals(group, meta.path("consumerGroup").asText(),
                        Repo.id(so) + " consumerGroup vs " + module + "'s group.id");
                String bootstrap = null;
                for (ObjectNode cm : Repo.ofKind(docs, "ConfigMap")) {
                    if (Repo.name(cm).startsWith("fewshot-common")) {
                        bootstrap = cm.path("data").path("KAFKA_BOOTSTRAP_SERVERS").asText();
                    }
                }
                assertEquals(bootstrap, meta.path("bootstrapServers").asText(),
                        Repo.id(so) + " bootstrapServers vs the services' KAFKA_BOOTSTRAP_SERVERS");
            }
        }
        // The embedder and evaluator are autoscaled; the trainer keeps fixed replicas.
        assertEquals(Set.of("fewshot-embedder", "fewshot-evaluator"), scaled);
    }
}
