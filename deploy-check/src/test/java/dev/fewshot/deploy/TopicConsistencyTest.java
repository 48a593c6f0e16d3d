package dev.fewshot.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Consistency check 1: KafkaTopics == the services' topics == the topic table of docs/messages.md. */
class TopicConsistencyTest {
    static final List<String> OVERLAYS = Repo.OVERLAYS;

    static String topicName(JsonNode kafkaTopic) {
        String t = kafkaTopic.path("spec").path("topicName").asText("");
        return t.isEmpty() ? Repo.name(kafkaTopic) : t;
    }

    static Set<String> kafkaTopics(String overlay) {
        Set<String> s = new TreeSet<>();
        for (ObjectNode t : Repo.ofKind(Repo.render(overlay), "KafkaTopic")) {
            s.add(topicName(t));
        }
        return s;
    }

    /**
     * module -> topics it uses: its channels' *.topic= values in application.properties (any profile), plus the vector
     * topic when its code reads or writes vectors through its config ({@code topics().vectors()}).
     */
    static Map<String, Set<String>> serviceTopics() {
        Map<String, Set<String>> m = new TreeMap<>();
        for (String module : Repo.SERVICES.values()) {
            Map<String, String> raw = Repo.rawProperties(module);
            Set<String> topics = new TreeSet<>();
            raw.forEach((k, v) -> {
                String key = k.startsWith("%") ? k.substring(k.indexOf('.') + 1) : k;
                if (key.endsWith(".topic") || key.startsWith("fewshot.topics.")) {
                    topics.add(Repo.resolve(raw, v, 0));
                }
            });
            if (usesVectorTopic(module)) {
                topics.add(Repo.resolve(raw, "${fewshot.topics.vectors}", 0));
            }
            m.put(module, topics);
        }
        return m;
    }

    static boolean usesVectorTopic(String module) {
        try (var files = java.nio.file.Files.walk(Repo.root().resolve(module + "/src/main/java"))) {
            return files.filter(f -> f.toString().endsWith(".java")).anyMatch(f -> {
                try {
                    return java.nio.file.Files.readString(f).contains("topics().vectors()");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The first column of the table in docs/messages.md whose header starts with "| topic". */
    static Set<String> documentedTopics(String markdown) {
        Set<String> s = new TreeSet<>();
        boolean inTable = false;
        for (String line : markdown.split("\n")) {
            String l = line.trim();
            if (!inTable) {
                inTable = l.matches("\\|\\s*topic\\s*\\|.*");
                continue;
            }
            if (!l.startsWith("|")) {
                break;
            }
            String first = l.substring(1).split("\\|")[0].trim();
            if (first.matches("-+")) {
                continue; // the separator row
            }
            Matcher m = Pattern.compile("`([^`]+)`").matcher(first);
            s.add(m.find() ? m.group(1) : first);
        }
        return s;
    }

    @Test
    void docsTableParses() {
        Set<String> docs = documentedTopics(Repo.read("docs/messages.md"));
        assertFalse(docs.isEmpty(), "no topic table in docs/messages.md");
        assertTrue(docs.contains("fewshot.vectors"), docs.toString());
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void kafkaTopicsEqualDocumentedTopics(String overlay) {
        assertEquals(documentedTopics(Repo.read("docs/messages.md")), kafkaTopics(overlay),
                "KafkaTopics in " + overlay + " vs the table in docs/messages.md");
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyTopicAServiceUsesHasAKafkaTopic(String overlay) {
        Set<String> declared = kafkaTopics(overlay);
        serviceTopics().forEach((module, topics) -> {
            Set<String> missing = new TreeSet<>(topics);
            missing.removeAll(declared);
            assertEquals(Set.of(), missing, module + " uses topics with no KafkaTopic in " + overlay);
        });
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyKafkaTopicIsUsedByAService(String overlay) {
        Set<String> used = new TreeSet<>();
        serviceTopics().values().forEach(used::addAll);
        assertEquals(kafkaTopics(overlay), used, "KafkaTopics in " + overlay + " vs the services' topics");
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void kafkaTopicsBelongToTheClusterAndAreUnique(String overlay) {
        List<ObjectNode> topics = Repo.ofKind(Repo.render(overlay), "KafkaTopic");
        assertEquals(topics.size(), kafkaTopics(overlay).size(), "duplicate topic names");
        for (ObjectNode t : topics) {
            assertEquals("fewshot", t.path("metadata").path("labels").path("strimzi.io/cluster").asText(),
                    Repo.id(t) + " needs label strimzi.io/cluster: fewshot");
        }
    }

    /** The request Jobs publish to topics that exist. */
    @Test
    void requestJobsUseDeclaredTopics() {
        Set<String> declared = kafkaTopics("dev");
        for (String f : List.of("k8s/jobs/run-request-job.yaml", "k8s/jobs/embed-request-job.yaml")) {
            ObjectNode job = Repo.parseDocuments(Repo.read(f)).get(0);
            String topic = null;
            for (JsonNode e : job.path("spec").path("template").path("spec").path("containers").get(0).path("env")) {
                if (e.path("name").asText().equals("TOPIC")) {
                    topic = e.path("value").asText();
                }
            }
            assertTrue(declared.contains(topic), f + " publishes to " + topic + ", not a KafkaTopic");
        }
    }
}
