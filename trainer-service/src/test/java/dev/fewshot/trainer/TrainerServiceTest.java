package dev.fewshot.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fewshot.contracts.RunEvent;
import dev.fewshot.contracts.RunRequest;
import dev.fewshot.contracts.Split;
import dev.fewshot.contracts.Topics;
import dev.fewshot.core.heads.HeadCodec;
import dev.fewshot.core.heads.HeadKind;
import dev.fewshot.core.linalg.Gemms;
import dev.fewshot.core.sweep.Sweep;
import dev.fewshot.core.sweep.SweepConfig;
import dev.fewshot.core.sweep.Trainers;
import dev.fewshot.core.synth.SyntheticClipData;
import dev.fewshot.contracts.Provenance;
import dev.fewshot.contracts.RunConfigs;
import dev.fewshot.vectors.VectorPublisher;
import dev.fewshot.service.testing.KafkaTestClient;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The trainer against real Kafka and PostgreSQL: requests in on fewshot.run-requests, heads out in
 * the heads table and heads_trained events on fewshot.run-events.
 */
@QuarkusTest
@WithTestResource(TrainerStackResource.class)
class TrainerServiceTest {
    static final String DATASET = "synthetic-12x32";
    static final String MODEL = "synthetic-clip";
    static final int CLASSES = 12;
    static final Duration WAIT = Duration.ofSeconds(60);
    /** 12 classes × 32 dims, 8 train rows per class. */
    static final SyntheticClipData.Data DATA = SyntheticClipData.generate(
            SyntheticClipData.Params.defaults(CLASSES, 32).withSizes(8, 48, 24));
    private static boolean published;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @Inject
    AgroalDataSource ds;

    @BeforeEach
    void publishDatasetOnce() throws Exception {
        synchronized (TrainerServiceTest.class) {
            if (published) {
                return;
            }
            try (VectorPublisher pub = new VectorPublisher(bootstrap, Topics.VECTORS)) {
                pub.publish(MODEL, DATASET, Split.TRAIN, DATA.trainX(), DATA.trainY(), 40);
                pub.publish(MODEL, DATASET, Split.TEST, DATA.testX(), DATA.testY(), 40);
                pub.publish(MODEL, DATASET, Split.OOD, DATA.oodX(), null, 40);
                pub.publish(MODEL, DATASET, Split.TEXT, DATA.textX(), null, 40);
            }
            published = true;
        }
    }

    @Test
    void fitsEveryStepBitIdenticalToTheInProcessSweep() throws Exception {
        RunRequest req = request("r-full", DATASET, List.of(0, 1, 2), List.of(0L, 1L),
                List.of("zero-shot", "linear", "linear-zs", "prototype", "gaussian"));
        SweepConfig cfg = RunConfigs.toSweepConfig(req);
        List<Sweep.Step> plan = Sweep.plan(true, cfg);
        assertEquals(17, plan.size(), "1 zero-shot + 2 seeds × 2 K × 4 heads");
        send(req);

        awaitStatus("r-full", "evaluating");
        assertEquals(plan.size(), count("select count(*) from heads where run_id = ?", "r-full"));
        assertEquals(plan.size(), count("select total_steps from runs where run_id = ?", "r-full"));
        assertExpectedHeads("r-full", cfg, plan);

        List<RunEvent> events = KafkaTestClient.runEvents(bootstrap, Topics.RUN_EVENTS, "r-full");
        assertEquals(RunEvent.Type.accepted, events.get(0).type());
        Set<Sweep.Step> announced = new HashSet<>();
        for (RunEvent e : events) {
            if (e.type() == RunEvent.Type.heads_trained) {
                assertTrue(announced.add(new Sweep.Step(HeadKind.fromId(e.head()), e.k(), e.seed())), "twice: " + e);
                assertEquals(plan.size(), e.total());
                assertEquals(announced.size(), e.done());
            }
        }
        assertEquals(new HashSet<>(plan), announced);
        assertEquals(plan.size() + 1, count("select count(*) from run_events where run_id = ?", "r-full"));
        assertEquals(1, count("select count(*) from datasets where dataset_id = ? and dim = 32 and num_classes = ? "
                + "and model_id = ?", DATASET, CLASSES, MODEL));
        assertEquals(2, count("select count(*) from dataset_splits where dataset_id = ? and completed_at is not null",
                DATASET));

        RestAssured.get("/q/health/live").then().statusCode(200);
        RestAssured.get("/q/metrics").then().statusCode(200)
                .body(Matchers.containsString("fewshot_trainer_requests_total"));
    }

    @Test
    void aNegLabelRunMinesTheZeroShotBankFromTheNegativesSplit() throws Exception {
        java.util.Random r = new java.util.Random(17);
        float[] v = new float[60 * 32];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        dev.fewshot.core.linalg.FloatMatrix candidates = new dev.fewshot.core.linalg.FloatMatrix(60, 32, v);
        try (VectorPublisher pub = new VectorPublisher(bootstrap, Topics.VECTORS)) {
            pub.publish(MODEL, DATASET, Split.NEGATIVES, candidates, null, 40);
        }
        RunRequest req = new RunRequest(1, "r-neglabel", DATASET, MODEL, List.of(0), List.of(0L), List.of("zero-shot"),
                List.of("msp", "neglabel"), new RunRequest.Options(1.0, "auto", 100)).withDefaults();
        send(req);
        awaitStatus("r-neglabel", "evaluating");
        SweepConfig cfg = RunConfigs.toSweepConfig(req);
        Sweep.Step step = Sweep.plan(true, cfg).get(0);
        Sweep.FittedHead expected = new Sweep(Gemms.defaultGemm()).fit(step,
                new Sweep.TrainPool(DATA.trainX(), DATA.trainY(), null, CLASSES), DATA.textX(), candidates, cfg);
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select params from heads where run_id = ? and head = 'zero-shot'")) {
            ps.setString(1, "r-neglabel");
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "no zero-shot head");
                byte[] params = rs.getBytes(1);
                assertEquals(9, ((dev.fewshot.core.heads.NegativeLabels) HeadCodec.decode(params)).negativeLabels()
                        .rows(), "15% of 60 candidates");
                assertArrayEquals(HeadCodec.encode(expected.head()), params, "the in-process sweep's head");
            }
        }
    }

    @Test
    void deadLettersBadMessagesAndKeepsConsuming() throws Exception {
        KafkaTestClient.send(bootstrap, Topics.RUN_REQUESTS, "dlq-bad-json", "{not json");
        KafkaTestClient.send(bootstrap, Topics.RUN_REQUESTS, "dlq-v9", "{\"version\": 9, \"dataset_id\": \"" + DATASET + "\"}");
        send(request("r-after-dlq", DATASET, List.of(1), List.of(0L), List.of("prototype")));

        awaitStatus("r-after-dlq", "evaluating");
        assertEquals(1, count("select count(*) from heads where run_id = ?", "r-after-dlq"));

        Map<String, ConsumerRecord<String, byte[]>> dead = new java.util.HashMap<>();
        await("both dead letters", () -> {
            for (ConsumerRecord<String, byte[]> r : KafkaTestClient.readAll(bootstrap, Topics.DEAD_LETTERS)) {
                dead.put(r.key(), r);
            }
            return dead.containsKey("dlq-bad-json") && dead.containsKey("dlq-v9");
        });
        assertDeadLetter(dead.get("dlq-bad-json"), "{not json", "not valid JSON");
        assertDeadLetter(dead.get("dlq-v9"), "{\"version\": 9, \"dataset_id\": \"" + DATASET + "\"}", "version 9");
        assertEquals(0, count("select count(*) from runs where run_id in ('dlq-bad-json', 'dlq-v9')"));
    }

    /**
     * Issue 12's table, trainer side: a JSON null and a NUL in an id are dead-lettered at once (they used to stop
     * the channel, and to block the queue for five minutes), and the request behind them is served.
     */
    @Test
    void nullValueAndNulIdsAreDeadLetteredAndTheQueueGoesOn() throws Exception {
        KafkaTestClient.send(bootstrap, Topics.RUN_REQUESTS, "reg-null", "null");
        KafkaTestClient.send(bootstrap, Topics.RUN_REQUESTS, "reg-nul",
                "{\"version\":1,\"dataset_id\":\"a\\u0000b\"}");
        KafkaTestClient.send(bootstrap, Topics.RUN_REQUESTS, "reg-nul-head",
                "{\"version\":1,\"dataset_id\":\"" + DATASET + "\",\"heads\":[\"proto\\u0000type\"]}");
        KafkaTestClient.send(bootstrap, Topics.RUN_REQUESTS, "reg-utf8",
                new byte[] {'{', '"', 'v', (byte) 0xFF, '"', ':', '1', '}'});
        KafkaTestClient.send(bootstrap, Topics.RUN_REQUESTS, "reg-key\u0000", "{\"version\":1,\"dataset_id\":\"d\"}");
        send(request("reg-after", DATASET, List.of(1), List.of(0L), List.of("prototype")));
        awaitStatus("reg-after", "evaluating");
        Map<String, ConsumerRecord<String, byte[]>> dead = new java.util.HashMap<>();
        await("the dead letters", () -> {
            KafkaTestClient.readAll(bootstrap, Topics.DEAD_LETTERS).forEach(r -> dead.put(r.key(), r));
            return dead.keySet().containsAll(List.of("reg-null", "reg-nul", "reg-nul-head", "reg-utf8", "reg-key\u0000"));
        });
        assertDeadLetter(dead.get("reg-null"), "null", "JSON object");
        assertDeadLetter(dead.get("reg-nul"), "{\"version\":1,\"dataset_id\":\"a\\u0000b\"}", "NUL");
        assertTrue(reason(dead.get("reg-nul-head")).contains("heads[0]"), reason(dead.get("reg-nul-head")));
        assertTrue(reason(dead.get("reg-utf8")).contains("UTF-8"), reason(dead.get("reg-utf8")));
        assertTrue(reason(dead.get("reg-key\u0000")).contains("record key"), reason(dead.get("reg-key\u0000")));
        RestAssured.get("/q/health/live").then().statusCode(200);
    }

    /** Issue 12's table: repeated shots plan one step (the run used to wait forever); a head no score applies to fails. */
    @Test
    void repeatedShotsPlanOnceAndHeadsWithoutAScoreFail() throws Exception {
        send(request("reg-dup", DATASET, List.of(1, 1), List.of(0L, 0L), List.of("prototype", "prototype")));
        awaitStatus("reg-dup", "evaluating");
        assertEquals(1, count("select total_steps from runs where run_id = ?", "reg-dup"));
        assertEquals(1, count("select count(*) from heads where run_id = ?", "reg-dup"));
        assertTrue(string("select request::text from runs where run_id = ?", "reg-dup").contains("[1]"),
                "stored normalised");
        KafkaTestClient.send(bootstrap, Topics.RUN_REQUESTS, "reg-maha", "{\"version\":1,\"dataset_id\":\"" + DATASET
                + "\",\"heads\":[\"prototype\"],\"ood_scores\":[\"mahalanobis\"]}");
        RunEvent failed = awaitFailed("reg-maha");
        assertTrue(failed.reason().contains("prototype") && failed.reason().contains("mahalanobis"), failed.reason());
    }

    /**
     * 1,000 hostile records (random bytes, mutations of valid and invalid requests, boundary values, NUL, invalid
     * UTF-8) interleaved with five valid requests. The valid runs fit the same heads as the in-process sweep,
     * liveness stays UP throughout, and every hostile record is accounted for: dead-lettered with a reason, or a
     * run recorded under its key that ends failed with a reason or trained.
     */
    @Test
    void aThousandHostileRecordsAmongValidRequests() throws Exception {
        String valid = "{\"version\":1,\"dataset_id\":\"" + DATASET + "\",\"model_id\":\"" + MODEL
                + "\",\"shots\":[1],\"seeds\":[0],\"heads\":[\"prototype\"],\"ood_scores\":[\"msp\"]}";
        String refused = "{\"version\":1,\"dataset_id\":\"fz-none\",\"shots\":[1],\"seeds\":[0],"
                + "\"heads\":[\"prototype\"],\"ood_scores\":[\"mahalanobis\"]}";
        List<Map.Entry<String, byte[]>> hostile = dev.fewshot.service.testing.HostileRecords.generate("fz-", 1000, 7,
                List.of(valid, refused, refused));
        List<Map.Entry<String, byte[]>> records = new ArrayList<>();
        List<RunRequest> good = new ArrayList<>();
        for (int i = 0; i < hostile.size(); i++) {
            if (i % 200 == 100) {
                RunRequest r = request("fz-valid-" + i, DATASET, List.of(1, 2), List.of(0L), List.of("prototype", "linear"));
                good.add(r);
                records.add(Map.entry(r.runId(), r.toJson().getBytes(StandardCharsets.UTF_8)));
            }
            records.add(hostile.get(i));
        }
        dev.fewshot.service.testing.LivenessWatcher live =
                dev.fewshot.service.testing.LivenessWatcher.start(() -> RestAssured.get("/q/health/live").statusCode());
        try {
            KafkaTestClient.sendAll(bootstrap, Topics.RUN_REQUESTS, records);
            for (RunRequest r : good) {
                awaitStatus(r.runId(), "evaluating");
                SweepConfig cfg = RunConfigs.toSweepConfig(r);
                assertExpectedHeads(r.runId(), cfg, Sweep.plan(true, cfg));
            }
            Set<String> dead = new HashSet<>();
            Map<String, String> states = new java.util.HashMap<>();
            java.time.Duration longer = Duration.ofSeconds(240);
            long deadline = System.nanoTime() + longer.toNanos();
            List<String> open = new ArrayList<>();
            do {
                KafkaTestClient.readAll(bootstrap, Topics.DEAD_LETTERS).forEach(r -> {
                    if (r.key() != null && r.key().startsWith("fz-")) {
                        assertTrue(r.headers().lastHeader(Topics.HEADER_ERROR) != null, "no reason on " + r.key());
                        dead.add(r.key());
                    }
                });
                states.clear();
                try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                        "select run_id, status, reason from runs where run_id like 'fz-%'")) {
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            boolean failedWithReason = "failed".equals(rs.getString(2)) && rs.getString(3) != null;
                            states.put(rs.getString(1), failedWithReason ? "failed" : rs.getString(2));
                        }
                    }
                }
                open.clear();
                for (Map.Entry<String, byte[]> h : hostile) {
                    String st = states.get(h.getKey());
                    if (!dead.contains(h.getKey()) && !"failed".equals(st) && !"evaluating".equals(st)) {
                        open.add(h.getKey() + "=" + st);
                    }
                }
                if (open.isEmpty()) {
                    break;
                }
                Thread.sleep(500);
            } while (System.nanoTime() < deadline);
            assertEquals(List.of(), open, "hostile records without an outcome");
            long deadCount = hostile.stream().filter(h -> dead.contains(h.getKey())).count();
            System.out.printf("run-requests fuzz: %d hostile records, %d dead-lettered, %d recorded as runs"
                    + " (%d failed), %d valid requests trained, liveness DOWN %d times%n", hostile.size(), deadCount,
                    hostile.size() - deadCount, states.values().stream().filter("failed"::equals).count(), good.size(),
                    live.notLive());
        } finally {
            live.close();
        }
        assertEquals(0, live.notLive(), "liveness went DOWN during the fuzz");
    }

    static String reason(ConsumerRecord<String, byte[]> r) {
        return new String(r.headers().lastHeader(Topics.HEADER_ERROR).value(), StandardCharsets.UTF_8);
    }

    @Test
    void unknownDatasetFailsTheRunNamingTheDataset() throws Exception {
        send(request("r-no-dataset", "no-such-dataset-42", List.of(1), List.of(0L), List.of("prototype")));
        RunEvent failed = awaitFailed("r-no-dataset");
        assertTrue(failed.reason().contains("no-such-dataset-42"), failed.reason());
        assertEquals(failed.reason(), string("select reason from runs where run_id = ?", "r-no-dataset"));
        assertEquals(0, count("select count(*) from heads where run_id = ?", "r-no-dataset"));
    }

    @Test
    void invalidShotsAndUnknownHeadFailNamingTheField() throws Exception {
        send(request("r-bad-shots", DATASET, List.of(1, -1), List.of(0L), List.of("prototype")));
        send(request("r-bad-head", DATASET, List.of(1), List.of(0L), List.of("prototype", "bogus-head")));
        RunEvent shots = awaitFailed("r-bad-shots");
        assertTrue(shots.reason().contains("shots") && shots.reason().contains("-1"), shots.reason());
        RunEvent head = awaitFailed("r-bad-head");
        assertTrue(head.reason().contains("bogus-head"), head.reason());
        for (String run : List.of("r-bad-shots", "r-bad-head")) {
            assertEquals("failed", string("select status from runs where run_id = ?", run));
            assertEquals(0, count("select count(*) from heads where run_id = ?", run));
            assertFalse(KafkaTestClient.runEvents(bootstrap, Topics.RUN_EVENTS, run).stream()
                    .anyMatch(e -> e.type() == RunEvent.Type.accepted), run + " was accepted");
        }
    }

    @Test
    void aRedeliveredRequestAddsNothing() throws Exception {
        RunRequest req = request("r-dup", DATASET, List.of(1, 2), List.of(0L), List.of("prototype", "linear"));
        send(req);
        send(req);
        awaitStatus("r-dup", "evaluating");
        send(req); // and once more after the run has finished
        send(request("r-dup-marker", DATASET, List.of(1), List.of(0L), List.of("prototype")));
        awaitStatus("r-dup-marker", "evaluating"); // requests are consumed in order: the redeliveries are handled

        assertEquals(1, count("select count(*) from runs where run_id = ?", "r-dup"));
        assertEquals(4, count("select count(*) from heads where run_id = ?", "r-dup"));
        assertEquals(5, count("select count(*) from run_events where run_id = ?", "r-dup"));
        List<RunEvent> events = KafkaTestClient.runEvents(bootstrap, Topics.RUN_EVENTS, "r-dup");
        assertEquals(1, events.stream().filter(e -> e.type() == RunEvent.Type.accepted).count(), events.toString());
        assertEquals(4, events.stream().filter(e -> e.type() == RunEvent.Type.heads_trained).count(), events.toString());
    }

    /**
     * A trainer stopped mid-run leaves the run in 'training' with some heads stored. The worker
     * picks it up, keeps the stored head, fits the rest identically and publishes the events not
     * yet recorded.
     */
    @Test
    void resumesAnInterruptedRunWithoutRefitting() throws Exception {
        RunRequest req = request("r-resume", DATASET, List.of(1, 2), List.of(3L), List.of("prototype", "gaussian"));
        SweepConfig cfg = RunConfigs.toSweepConfig(req);
        List<Sweep.Step> plan = Sweep.plan(false, cfg);
        Sweep.Step first = plan.get(0);
        Sweep.FittedHead done = fitInProcess(first, cfg);
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            exec(c, "insert into runs (run_id, dataset_id, request, status) values (?, ?, ?::jsonb, 'training')",
                    "r-resume", DATASET, req.toJson());
            exec(c, "insert into run_events (run_id, event_key, type, at) values (?, 'accepted', 'accepted', now())",
                    "r-resume");
            exec(c, "insert into heads (run_id, head, k, seed, format_version, params, dims, classes, hyper, support_size, "
                            + "short_classes, fit_ms) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, " + STORED_BEFORE_PROVENANCE + ")",
                    "r-resume", first.head().id(), first.k(), first.seed(), HeadCodec.VERSION,
                    HeadCodec.encode(done.head()), 32, CLASSES, Trainers.hyper(done.head()), done.supportSize(),
                    done.shortClasses());
            c.commit();
        }
        awaitStatus("r-resume", "evaluating");
        assertEquals(plan.size(), count("select count(*) from heads where run_id = ?", "r-resume"));
        assertEquals(1, count("select count(*) from heads where run_id = ? and fit_ms = " + STORED_BEFORE_PROVENANCE,
                "r-resume"));
        assertExpectedHeads("r-resume", cfg, plan);
        List<RunEvent> events = KafkaTestClient.runEvents(bootstrap, Topics.RUN_EVENTS, "r-resume");
        assertEquals(plan.size(), events.stream().filter(e -> e.type() == RunEvent.Type.heads_trained).count());
        assertEquals(0, events.stream().filter(e -> e.type() == RunEvent.Type.accepted).count());
    }

    // ---- helpers

    static RunRequest request(String runId, String dataset, List<Integer> shots, List<Long> seeds, List<String> heads) {
        return new RunRequest(1, runId, dataset, MODEL, shots, seeds, heads, null,
                new RunRequest.Options(1.0, "auto", 100)).withDefaults();
    }

    void send(RunRequest r) throws Exception {
        KafkaTestClient.send(bootstrap, Topics.RUN_REQUESTS, r.runId(), r.toJson());
    }

    /** fit_ms of the head the resume test stores by hand, as a trainer before V10 did: without provenance. */
    static final long STORED_BEFORE_PROVENANCE = 987654;

    /** The head a one-process sweep fits: the generator's matrices, pool rows with ids "0", "1", ... */
    static Sweep.FittedHead fitInProcess(Sweep.Step step, SweepConfig cfg) {
        Sweep.TrainPool pool = new Sweep.TrainPool(DATA.trainX(), DATA.trainY(), null, CLASSES);
        return new Sweep(Gemms.defaultGemm()).fit(step, pool, DATA.textX(), cfg);
    }

    void assertExpectedHeads(String runId, SweepConfig cfg, List<Sweep.Step> plan)
            throws SQLException {
        for (Sweep.Step step : plan) {
            Sweep.FittedHead expected = fitInProcess(step, cfg);
            try (Connection c = ds.getConnection();
                 PreparedStatement ps = c.prepareStatement("select params, format_version, dims, classes, hyper, "
                         + "support_size, short_classes, provenance::text, fit_ms from heads where run_id = ? and head = ?"
                         + " and k = ? and seed = ?")) {
                ps.setString(1, runId);
                ps.setString(2, step.head().id());
                ps.setInt(3, step.k());
                ps.setLong(4, step.seed());
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next(), "no head stored for " + step);
                    byte[] params = rs.getBytes(1);
                    assertArrayEquals(params, HeadCodec.encode(HeadCodec.decode(params)), "decode/encode " + step);
                    assertArrayEquals(HeadCodec.encode(expected.head()), params, "head differs from in-process fit: " + step);
                    assertEquals(HeadCodec.VERSION, rs.getInt(2));
                    assertEquals(32, rs.getInt(3));
                    assertEquals(CLASSES, rs.getInt(4));
                    double hyper = Trainers.hyper(expected.head());
                    Object stored = rs.getObject(5);
                    if (Double.isNaN(hyper)) {
                        assertEquals(null, stored, "hyper of " + step);
                    } else {
                        assertEquals(hyper, ((Number) stored).doubleValue(), 0.0, "hyper of " + step);
                    }
                    assertEquals(expected.supportSize(), rs.getInt(6));
                    assertEquals(expected.shortClasses(), rs.getInt(7));
                    if (rs.getLong(9) == STORED_BEFORE_PROVENANCE) {
                        assertEquals(null, rs.getString(8), "a head stored without provenance is kept as it was");
                    } else {
                        assertProvenance(Provenance.parse(rs.getString(8)), step, expected, hyper);
                    }
                }
            }
        }
    }

    /** The head's provenance names what produced it: the step, its fit, the data publication and the software. */
    private static void assertProvenance(Provenance p, Sweep.Step step, Sweep.FittedHead expected, double hyper) {
        assertEquals(Provenance.FIT, p.stage());
        assertEquals(List.of(step.head().id(), step.k(), step.seed()), List.of(p.head(), p.k(), p.seed()));
        assertEquals(DATASET, p.datasetId());
        assertEquals("synthetic-clip", p.modelId());
        assertEquals(expected.supportSize(), p.supportSize());
        assertEquals(HeadCodec.VERSION, p.headFormat());
        assertTrue(p.software().containsKey("fewshot") && p.software().containsKey("ONNX Runtime"), p.software().toString());
        assertEquals(step.head().usesShots(), p.publications().containsKey("train"), step + " " + p.publications());
        assertEquals(step.head().needsText(), p.publications().containsKey("text"), step + " " + p.publications());
        p.publications().values().forEach(pub -> assertFalse(pub.isEmpty(), step + " " + p.publications()));
        if (!Double.isNaN(hyper)) {
            assertTrue(p.hyperparameters().containsValue(hyper), step + " " + p.hyperparameters());
        }
        assertEquals(expected.head().solver().map(o -> o.stop().label()).orElse(null),
                p.solverStop(), "solver of " + step);
    }

    static void assertDeadLetter(ConsumerRecord<String, byte[]> r, String value, String reasonPart) {
        assertNotNull(r);
        assertEquals(value, new String(r.value(), StandardCharsets.UTF_8));
        Header error = r.headers().lastHeader(Topics.HEADER_ERROR);
        assertNotNull(error, "no " + Topics.HEADER_ERROR + " header");
        String reason = new String(error.value(), StandardCharsets.UTF_8);
        assertTrue(reason.contains(reasonPart), reason);
        Header source = r.headers().lastHeader(Topics.HEADER_SOURCE_TOPIC);
        assertNotNull(source);
        assertEquals(Topics.RUN_REQUESTS, new String(source.value(), StandardCharsets.UTF_8));
    }

    void awaitStatus(String runId, String status) throws Exception {
        await("run " + runId + " in status " + status, () -> {
            String s = string("select status from runs where run_id = ?", runId);
            if ("failed".equals(s) && !"failed".equals(status)) {
                throw new AssertionError("run " + runId + " failed: "
                        + string("select reason from runs where run_id = ?", runId));
            }
            return status.equals(s);
        });
    }

    RunEvent awaitFailed(String runId) throws Exception {
        List<RunEvent> found = new ArrayList<>();
        await("failed event of " + runId, () -> {
            found.clear();
            KafkaTestClient.runEvents(bootstrap, Topics.RUN_EVENTS, runId).stream()
                    .filter(e -> e.type() == RunEvent.Type.failed).forEach(found::add);
            return !found.isEmpty();
        });
        assertEquals(1, found.size(), found.toString());
        awaitStatus(runId, "failed");
        return found.get(0);
    }

    static void await(String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + WAIT.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    long count(String sql, Object... args) throws SQLException {
        String s = string(sql, args);
        return s == null ? -1 : Long.parseLong(s);
    }

    String string(String sql, Object... args) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    static void exec(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            ps.executeUpdate();
        }
    }

    static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof Double d && d.isNaN()) {
                ps.setNull(i + 1, java.sql.Types.DOUBLE);
            } else {
                ps.setObject(i + 1, a);
            }
        }
    }
}
