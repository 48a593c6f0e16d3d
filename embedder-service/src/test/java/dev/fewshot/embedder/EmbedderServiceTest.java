package dev.fewshot.embedder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fewshot.contracts.EmbedEvent;
import dev.fewshot.contracts.Split;
import dev.fewshot.contracts.Topics;
import dev.fewshot.contracts.VectorBatch;
import dev.fewshot.core.sampling.KShotSampler;
import dev.fewshot.core.sampling.SupportSet;
import dev.fewshot.service.testing.KafkaTestClient;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/**
 * The embedder against real Kafka and PostgreSQL with the tiny CLIP model: embed requests in, vectors
 * and end markers out on fewshot.vectors, failures in failed_items and on fewshot.embed-events.
 */
@QuarkusTest
@WithTestResource(EmbedderTestResource.class)
class EmbedderServiceTest {
    static final Duration WAIT = Duration.ofSeconds(90);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @Inject
    AgroalDataSource ds;

    @Test
    void trainSplitEmbedsOnlyThePlannedSupportSets() throws Exception {
        String id = send("""
                {"version":1,"request_id":"train-1","dataset_id":"toy","split":"train","classes":"toy/classes.tsv",
                 "layout":{"type":"class-folders","params":{"root":"toy/train"}},"plan":{"shots":[1,2],"seeds":[0,5]}}""");
        EmbedEvent last = awaitEnd(id);
        assertEquals(EmbedEvent.Type.completed, last.type(), String.valueOf(last.reason()));

        Map<String, VectorBatch.Item> items = new TreeMap<>();
        VectorBatch.EndMarker end = readSplit("toy", Split.TRAIN, items);
        // The union over seeds 0 and 5 of the 2-shot sets drawn from all 24 images, and nothing else.
        List<String> all = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            for (int i = 0; i < 6; i++) {
                all.add(EmbedderTestResource.WNIDS.get(c) + "/" + String.format("img-%03d.%s", i, i % 3 == 2 ? "png" : "jpg"));
                labels.add(c);
            }
        }
        TreeSet<String> expected = new TreeSet<>();
        for (long seed : new long[]{0, 5}) {
            SupportSet s = KShotSampler.forIds(labels.stream().mapToInt(Integer::intValue).toArray(),
                    all.toArray(String[]::new), 4, seed).sample(2);
            for (int row : s.rows()) {
                expected.add(all.get(row));
            }
        }
        assertEquals(expected, items.keySet());
        assertEquals(expected.size(), end.itemCount());
        assertEquals(0, end.failedCount());
        for (VectorBatch.Item it : items.values()) {
            assertEquals(EmbedderTestResource.WNIDS.indexOf(it.itemId().substring(0, 9)), it.label());
            assertEquals(512, it.vector().length);
            assertEquals(1.0, norm(it.vector()), 1e-5, it.itemId());
        }
    }

    @Test
    void brokenImagesBecomeFailedItemsAndTheSplitGoesOn() throws Exception {
        String id = send("""
                {"version":1,"request_id":"test-1","dataset_id":"toy","split":"test","classes":"toy/classes.tsv",
                 "layout":{"type":"class-folders","params":{"root":"toy/test"}}}""");
        EmbedEvent last = awaitEnd(id);
        assertEquals(EmbedEvent.Type.completed, last.type(), String.valueOf(last.reason()));
        assertEquals(12, last.done());
        assertEquals(3, last.failed());

        Map<String, VectorBatch.Item> items = new TreeMap<>();
        VectorBatch.EndMarker end = readSplit("toy", Split.TEST, items);
        assertEquals(12, items.size());
        assertEquals(12, end.itemCount());
        assertEquals(3, end.failedCount());

        Map<String, String> failed = query("select item_id, reason from failed_items where dataset_id = 'toy' and split = 'test'");
        assertEquals(new TreeSet<>(List.of("n01440764/empty.jpg", "n01440764/notes.jpg", "n01440764/truncated.jpg")),
                new TreeSet<>(failed.keySet()));
        failed.forEach((item, reason) -> assertTrue(reason.contains(item.substring(10)), item + ": " + reason));
        long itemEvents = KafkaTestClient.embedEvents(bootstrap, id).stream()
                .filter(e -> e.type() == EmbedEvent.Type.item_failed).count();
        assertEquals(3, itemEvents);
        assertEquals(Map.of("test-1", "completed 12 3"),
                query("select request_id, status || ' ' || embedded || ' ' || failed from embed_requests where request_id = 'test-1'"));
    }

    @Test
    void textSplitIsOneNormalisedRowPerClass() throws Exception {
        String id = send("""
                {"version":1,"request_id":"text-1","dataset_id":"toy","split":"text","classes":"toy/classes.tsv",
                 "templates":"single"}""");
        assertEquals(EmbedEvent.Type.completed, awaitEnd(id).type());
        Map<String, VectorBatch.Item> items = new TreeMap<>();
        VectorBatch.EndMarker end = readSplit("toy", Split.TEXT, items);
        assertEquals(4, end.itemCount());
        for (int c = 0; c < 4; c++) {
            VectorBatch.Item it = items.get(Integer.toString(c));
            assertEquals(c, it.label());
            assertEquals(1.0, norm(it.vector()), 1e-5);
        }
    }

    @Test
    void negativesSplitIsOneNormalisedRowPerWordNetWord() throws Exception {
        String id = send("""
                {"version":1,"request_id":"neg-1","dataset_id":"toy-neg","split":"negatives"}""");
        assertEquals(EmbedEvent.Type.completed, awaitEnd(id).type());
        Map<String, VectorBatch.Item> items = new TreeMap<>();
        VectorBatch.EndMarker end = readSplit("toy-neg", Split.NEGATIVES, items);
        java.util.List<String> words = dev.fewshot.embedding.text.NegativeLabelVocabulary.words();
        assertEquals(words.size(), end.itemCount());
        for (int i : new int[] {0, 1234, words.size() - 1}) {
            VectorBatch.Item it = items.get(Integer.toString(i));
            assertEquals(i, it.label());
            assertEquals(1.0, norm(it.vector()), 1e-5);
        }
    }

    @Test
    void badRequestsFailWithAReasonAndTheServiceGoesOn() throws Exception {
        assertFails("""
                {"version":1,"request_id":"bad-layout","dataset_id":"toy","split":"test","layout":{"type":"zip","params":{}}}""",
                "unknown layout");
        assertFails("""
                {"version":1,"request_id":"bad-path","dataset_id":"toy","split":"test",
                 "layout":{"type":"class-folders","params":{"root":"toy/../../etc"}}}""", "..");
        assertFails("""
                {"version":1,"request_id":"bad-model","dataset_id":"toy","model_id":"clip-vit-large","split":"text"}""",
                "clip-vit-large");
        // Not JSON at all: dead-lettered with the reason, not retried.
        KafkaTestClient.send(bootstrap, Topics.EMBED_REQUESTS, "junk", "{{{");
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<ConsumerRecord<String, byte[]>> dead;
        do {
            Thread.sleep(200);
            dead = KafkaTestClient.readAll(bootstrap, Topics.DEAD_LETTERS).stream().filter(r -> "junk".equals(r.key())).toList();
        } while (dead.isEmpty() && System.nanoTime() < deadline);
        assertEquals(1, dead.size());
        assertTrue(new String(dead.get(0).headers().lastHeader(Topics.HEADER_ERROR).value(), StandardCharsets.UTF_8)
                .contains("not valid JSON"));
        // The service is still up and serving.
        String ok = send("""
                {"version":1,"request_id":"after-bad","dataset_id":"toy2","split":"text","classes":"toy/classes.tsv","templates":"single"}""");
        assertEquals(EmbedEvent.Type.completed, awaitEnd(ok).type());
        RestAssured.get("/q/health/ready").then().statusCode(200).body(Matchers.containsString("fewshot-clip-model"));
    }

    /**
     * 1,000 hostile embed requests (random bytes, mutations of a valid and of an invalid request, boundary values,
     * NUL, invalid UTF-8) among valid ones: liveness stays UP, the valid requests complete, and every hostile record
     * is dead-lettered with a reason or recorded under its key as completed or failed with a reason.
     */
    @Test
    void aThousandHostileRequestsAmongValidOnes() throws Exception {
        String text = "{\"version\":1,\"dataset_id\":\"fz-toy\",\"split\":\"text\",\"classes\":\"toy/classes.tsv\","
                + "\"templates\":\"single\"}";
        String badLayout = "{\"version\":1,\"dataset_id\":\"fz-toy\",\"split\":\"test\",\"layout\":{\"type\":\"zip\","
                + "\"params\":{}},\"plan\":{\"shots\":[1],\"seeds\":[0]}}";
        List<Map.Entry<String, byte[]>> hostile = dev.fewshot.service.testing.HostileRecords.generate("fz-", 1000, 5,
                List.of(text, badLayout));
        List<Map.Entry<String, byte[]>> records = new ArrayList<>();
        List<String> valid = new ArrayList<>();
        for (int i = 0; i < hostile.size(); i++) {
            if (i % 250 == 0) {
                String id = "fz-valid-" + i;
                valid.add(id);
                records.add(Map.entry(id, text.replace("{\"version\":1,", "{\"version\":1,\"request_id\":\"" + id + "\",")
                        .getBytes(StandardCharsets.UTF_8)));
            }
            records.add(hostile.get(i));
        }
        dev.fewshot.service.testing.LivenessWatcher live =
                dev.fewshot.service.testing.LivenessWatcher.start(() -> RestAssured.get("/q/health/live").statusCode());
        List<String> open = new ArrayList<>();
        java.util.Set<String> dead = new java.util.HashSet<>();
        Map<String, String> states = new HashMap<>();
        try {
            KafkaTestClient.sendAll(bootstrap, Topics.EMBED_REQUESTS, records);
            for (String id : valid) {
                assertEquals(EmbedEvent.Type.completed, awaitEnd(id).type(), id);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
            do {
                KafkaTestClient.readAll(bootstrap, Topics.DEAD_LETTERS).forEach(r -> {
                    if (r.key() != null && r.key().startsWith("fz-") && r.headers().lastHeader(Topics.HEADER_ERROR) != null) {
                        dead.add(r.key());
                    }
                });
                states.clear();
                try (Connection c = ds.getConnection(); Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("select request_id, status, reason from embed_requests"
                             + " where request_id like 'fz-%'")) {
                    while (rs.next()) {
                        boolean failedWithReason = "failed".equals(rs.getString(2)) && rs.getString(3) != null;
                        states.put(rs.getString(1), failedWithReason || "completed".equals(rs.getString(2))
                                ? "done" : rs.getString(2));
                    }
                }
                open.clear();
                for (Map.Entry<String, byte[]> h : hostile) {
                    if (!dead.contains(h.getKey()) && !"done".equals(states.get(h.getKey()))) {
                        open.add(h.getKey() + "=" + states.get(h.getKey()));
                    }
                }
                Thread.sleep(open.isEmpty() ? 0 : 500);
            } while (!open.isEmpty() && System.nanoTime() < deadline);
        } finally {
            live.close();
        }
        assertEquals(List.of(), open, "hostile records without an outcome");
        assertEquals(0, live.notLive(), "liveness went DOWN during the fuzz");
        long deadCount = hostile.stream().filter(h -> dead.contains(h.getKey())).count();
        System.out.printf("embed-requests fuzz: %d hostile records, %d dead-lettered, %d recorded as requests;"
                + " %d valid requests completed; liveness DOWN %d times%n", hostile.size(), deadCount,
                hostile.size() - deadCount, valid.size(), live.notLive());
    }

    private void assertFails(String json, String reasonPart) throws Exception {
        String id = send(json);
        EmbedEvent last = awaitEnd(id);
        assertEquals(EmbedEvent.Type.failed, last.type(), id);
        assertTrue(last.reason().contains(reasonPart), id + ": " + last.reason());
        assertEquals("failed", query("select request_id, status from embed_requests where request_id = '" + id + "'").get(id));
    }

    private String send(String json) throws Exception {
        String id = json.replaceAll("(?s).*\"request_id\":\"([^\"]+)\".*", "$1");
        KafkaTestClient.send(bootstrap, Topics.EMBED_REQUESTS, id, json.replace('\n', ' '));
        return id;
    }

    private EmbedEvent awaitEnd(String id) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (EmbedEvent e : KafkaTestClient.embedEvents(bootstrap, id)) {
                if (e.type() == EmbedEvent.Type.completed || e.type() == EmbedEvent.Type.failed) {
                    return e;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("embed request " + id + " did not finish within " + WAIT);
    }

    /** Reads a split's items (deduplicated by id) and returns its end marker. */
    private VectorBatch.EndMarker readSplit(String dataset, Split split, Map<String, VectorBatch.Item> into) {
        VectorBatch.EndMarker end = null;
        for (ConsumerRecord<String, byte[]> r : KafkaTestClient.readAll(bootstrap, Topics.VECTORS)) {
            if (!(dataset + "/" + split.id()).equals(r.key())) {
                continue;
            }
            VectorBatch b = VectorBatch.decode(r.value());
            if (b.isEnd()) {
                end = b.end();
            } else {
                b.items().forEach(it -> into.put(it.itemId(), it));
            }
        }
        if (end == null) {
            throw new AssertionError("no end marker for " + dataset + "/" + split.id());
        }
        return end;
    }

    private Map<String, String> query(String sql) throws Exception {
        Map<String, String> out = new HashMap<>();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}
