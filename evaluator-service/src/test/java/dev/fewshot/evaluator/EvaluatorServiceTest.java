package dev.fewshot.evaluator;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fewshot.contracts.RunEvent;
import dev.fewshot.contracts.Topics;
import dev.fewshot.core.sweep.ResultColumn;
import dev.fewshot.core.sweep.ResultRow;
import dev.fewshot.core.sweep.Sweep;
import dev.fewshot.core.sweep.SweepConfig;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import io.quarkus.test.common.http.TestHTTPResource;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The evaluator against a real Kafka and PostgreSQL, fed the way the trainer feeds it. */
@QuarkusTest
@WithTestResource(EvaluatorStackResource.class)
class EvaluatorServiceTest {
    static final List<String> ALL_HEADS = List.of("zero-shot", "linear", "linear-zs", "prototype", "gaussian");
    /** The result schema's fields (core ResultColumn): REST and CSV must give exactly these, in this order. */
    static final List<String> RESULT_FIELDS = ResultRow.COLUMNS;
    static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

    /** The full plan (17 steps), fitted once for the whole class. */
    private static SweepConfig cfg;
    private static List<Sweep.FittedHead> heads;
    private static List<ResultRow> expected;
    private static boolean mainRunDone;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    String user;
    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    @TestHTTPResource("/")
    URL base;

    TestRuns runs;

    @BeforeEach
    void setUp() throws Exception {
        runs = new TestRuns(bootstrap, jdbcUrl, user, password);
        synchronized (EvaluatorServiceTest.class) {
            if (heads == null) {
                cfg = TestRuns.config(TestRuns.request("x", TestRuns.DATASET, List.of(0, 1, 2), ALL_HEADS));
                heads = runs.fit(cfg);
                expected = runs.expected(heads, cfg);
                runs.publishDataset();
            }
        }
    }

    /** One complete run, shared by the pipeline and REST tests. */
    private String mainRun() throws Exception {
        String runId = "run-main";
        synchronized (EvaluatorServiceTest.class) {
            if (!mainRunDone) {
                runs.insertRun(runId, TestRuns.DATASET, TestRuns.request(runId, TestRuns.DATASET, List.of(0, 1, 2),
                        ALL_HEADS), heads.size(), heads);
                runs.publishHeadsTrained(runId, heads, 1);
                runs.awaitStatus(runId, "completed", RUN_TIMEOUT);
                mainRunDone = true;
            }
        }
        return runId;
    }

    @Test
    void storesTheSameMetricsAsTheInProcessSweep() throws Exception {
        String runId = mainRun();
        assertEquals(17, heads.size(), "plan: zero-shot + 2 seeds × 2 K × 4 heads");
        assertMetricsEqualExpected(runId);
        assertEquals(1, runs.count("select count(*) from run_events where run_id = ? and type = 'completed'", runId));
        assertEquals(heads.size(), runs.count(
                "select count(*) from run_events where run_id = ? and type = 'evaluated'", runId));
        List<RunEvent> completed = runs.events(runId, RunEvent.Type.completed);
        assertEquals(1, completed.size(), "completed events on " + Topics.RUN_EVENTS);
        assertEquals(heads.size(), completed.get(0).total());
        assertEquals(heads.size(), completed.get(0).done());
        assertEquals(heads.size(), runs.events(runId, RunEvent.Type.evaluated).size());
    }

    /** A field's value for bitwise comparison: doubles by their bits, integers as longs. */
    private static String canonical(Object v) {
        if (v instanceof Double d) {
            return "double:" + Double.doubleToRawLongBits(d);
        }
        if (v instanceof Integer || v instanceof Long) {
            return "integer:" + ((Number) v).longValue();
        }
        return String.valueOf(v);
    }

    private void assertMetricsEqualExpected(String runId) throws Exception {
        Map<String, ResultRow> want = new HashMap<>();
        for (ResultRow r : expected) {
            want.put(key(r.head(), r.k(), r.seed(), r.oodScore()), r);
        }
        assertEquals(expected.size(), want.size(), "expected rows have distinct keys");
        int n = 0;
        try (Connection c = runs.connect(); PreparedStatement ps = c.prepareStatement(
                "select * from metrics where run_id = ?")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    n++;
                    String key = key(rs.getString("head"), rs.getInt("k"), rs.getLong("seed"), rs.getString("ood_score"));
                    ResultRow r = want.get(key);
                    assertNotNull(r, "unexpected metrics row " + key);
                    assertBits(r.accuracy(), rs.getDouble("accuracy"), key + " accuracy");
                    assertBits(r.auroc(), rs.getDouble("auroc"), key + " auroc");
                    assertBits(r.fpr95(), rs.getDouble("fpr95"), key + " fpr95");
                    assertBits(r.auprIn(), rs.getDouble("aupr_in"), key + " aupr_in");
                    assertBits(r.auprOut(), rs.getDouble("aupr_out"), key + " aupr_out");
                    assertBits(r.ece(), rs.getDouble("ece"), key + " ece");
                    assertBits(r.confId(), rs.getDouble("conf_id"), key + " conf_id");
                    assertBits(r.confOod(), rs.getDouble("conf_ood"), key + " conf_ood");
                    double hyper = rs.getDouble("hyper");
                    if (rs.wasNull()) {
                        assertTrue(Double.isNaN(r.hyper()), key + " hyper is null but expected " + r.hyper());
                    } else {
                        assertBits(r.hyper(), hyper, key + " hyper");
                    }
                    assertEquals(r.supportSize(), rs.getInt("support_size"), key + " support_size");
                    assertEquals(r.shortClasses(), rs.getInt("short_classes"), key + " short_classes");
                    assertEquals(r.fitMs(), rs.getLong("fit_ms"), key + " fit_ms");
                    assertEquals(r.solver(), ResultRow.solverOf(rs.getString("solver_stop"),
                            rs.getObject("solver_iterations", Integer.class)), key + " solver outcome");
                    if (r.head().startsWith("linear")) {
                        assertNotNull(r.solver(), key + " a linear head reports its solver");
                    }
                    // every field of the result schema, bit for bit (score_ms is measured by each evaluation)
                    for (ResultColumn col : ResultColumn.ALL) {
                        if (col != ResultColumn.SCORE_MS) {
                            assertEquals(canonical(r.get(col)), canonical(rs.getObject(col.id())), key + " " + col.id());
                        }
                    }
                }
            }
        }
        assertEquals(expected.size(), n, "metrics rows of " + runId);
    }

    private static void assertBits(double want, double got, String what) {
        assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(got), what + ": " + want + " vs " + got);
    }

    private static String key(String head, int k, long seed, String score) {
        return head + "/" + k + "/" + seed + "/" + score;
    }

    @Test
    void servesRunsAndResults() throws Exception {
        String runId = mainRun();

        List<Map<String, Object>> list = given().when().get("/runs").then().statusCode(200)
                .extract().jsonPath().getList("$");
        Map<String, Object> listed = list.stream().filter(r -> runId.equals(r.get("run_id"))).findFirst().orElseThrow();
        assertEquals("completed", listed.get("status"));
        assertEquals(TestRuns.DATASET, listed.get("dataset_id"));
        assertEquals(heads.size(), listed.get("total_steps"));
        assertEquals(heads.size(), listed.get("done"));
        assertNotNull(listed.get("created_at"));

        Response one = given().when().get("/runs/" + runId).then().statusCode(200).extract().response();
        assertEquals(TestRuns.DATASET, one.jsonPath().getString("request.dataset_id"));
        assertEquals(List.of(0, 1, 2), one.jsonPath().getList("request.shots"));
        List<Map<String, Object>> events = one.jsonPath().getList("events");
        assertEquals(heads.size() + 1, events.size(), "evaluated events + completed");

        Response json = given().when().get("/runs/" + runId + "/results").then().statusCode(200)
                .contentType("application/json").extract().response();
        List<Map<String, Object>> rows = json.jsonPath().getList("$");
        assertEquals(expected.size(), rows.size());
        for (Map<String, Object> row : rows) {
            assertEquals(ResultRow.JSON_FIELDS, new ArrayList<>(row.keySet()));
        }
        assertEquals(rows.size(), given().queryParam("format", "json").when().get("/runs/" + runId + "/results")
                .then().statusCode(200).extract().jsonPath().getList("$").size());

        for (Response csv : List.of(
                given().queryParam("format", "csv").when().get("/runs/" + runId + "/results"),
                given().header("Accept", "text/csv").when().get("/runs/" + runId + "/results"))) {
            csv.then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("text/csv"));
            String[] lines = csv.asString().split("\n");
            assertEquals(String.join(",", RESULT_FIELDS), lines[0]);
            assertEquals(expected.size() + 1, lines.length);
            assertEquals(RESULT_FIELDS.size(), lines[1].split(",", -1).length);
        }

        List<Map<String, Object>> summary = given().when().get("/runs/" + runId + "/summary").then().statusCode(200)
                .extract().jsonPath().getList("$");
        Set<String> groups = new HashSet<>();
        for (ResultRow r : expected) {
            groups.add(r.head() + "/" + r.k() + "/" + r.oodScore());
        }
        assertEquals(groups.size(), summary.size());
        assertEquals(2, summary.get(0).get("seeds"));

        given().when().get("/q/health/ready").then().statusCode(200);
        given().when().get("/q/health/live").then().statusCode(200);
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("fewshot_evaluator_heads_evaluated_total"), "evaluator metrics are exported");

        given().when().get("/runs/no-such-run").then().statusCode(404).contentType("application/json")
                .body("error", org.hamcrest.Matchers.containsString("no-such-run"));
        given().when().get("/runs/no-such-run/results").then().statusCode(404)
                .body("error", org.hamcrest.Matchers.containsString("no-such-run"));
        given().queryParam("format", "xml").when().get("/runs/" + runId + "/results").then().statusCode(400)
                .contentType("application/json").body("error", org.hamcrest.Matchers.containsString("xml"));
    }

    @Test
    void duplicateEventsAddNothing() throws Exception {
        String runId = "run-dup";
        runs.insertRun(runId, TestRuns.DATASET, TestRuns.request(runId, TestRuns.DATASET, List.of(0, 1, 2), ALL_HEADS),
                heads.size(), heads);
        runs.publishHeadsTrained(runId, heads, 2);
        runs.awaitStatus(runId, "completed", RUN_TIMEOUT);
        runs.awaitConsumed(RUN_TIMEOUT);
        assertMetricsEqualExpected(runId);
        assertEquals(1, runs.count("select count(*) from run_events where run_id = ? and type = 'completed'", runId));
        assertEquals(1, runs.events(runId, RunEvent.Type.completed).size());
        assertEquals(heads.size(), runs.events(runId, RunEvent.Type.evaluated).size());
    }

    @Test
    void deadLettersBadMessagesAndKeepsConsuming() throws Exception {
        String runId = "run-dlq";
        String request = TestRuns.request(runId, TestRuns.DATASET, List.of(1), List.of("prototype"));
        List<Sweep.FittedHead> one = heads.stream()
                .filter(h -> h.step().head().id().equals("prototype") && h.step().k() == 1 && h.step().seed() == 0)
                .toList();
        assertEquals(1, one.size());
        runs.insertRun(runId, TestRuns.DATASET, request, 1, one);

        byte[] garbage = "not json {".getBytes(StandardCharsets.UTF_8);
        byte[] v9 = ("{\"version\": 9, \"run_id\": \"" + runId + "\", \"type\": \"heads_trained\", \"k\": 1,"
                + " \"seed\": 0, \"head\": \"prototype\"}").getBytes(StandardCharsets.UTF_8);
        byte[] ghost = TestRuns.utf8(TestRuns.headsTrained("run-ghost", one.get(0).step(), 1, 1));
        byte[] valid = TestRuns.utf8(TestRuns.headsTrained(runId, one.get(0).step(), 1, 1));
        // One key: one partition, so the valid event is consumed after the bad ones.
        runs.publish(List.of(Map.entry(runId, garbage), Map.entry(runId, v9), Map.entry(runId, ghost),
                Map.entry(runId, valid)));
        runs.awaitStatus(runId, "completed", RUN_TIMEOUT);

        List<ConsumerRecord<String, byte[]>> dead = runs.readAll(Topics.DEAD_LETTERS).stream()
                .filter(r -> runId.equals(r.key())).toList();
        assertEquals(3, dead.size(), "dead letters of " + runId);
        assertEquals(new String(garbage, StandardCharsets.UTF_8), new String(dead.get(0).value(), StandardCharsets.UTF_8));
        assertEquals(new String(v9, StandardCharsets.UTF_8), new String(dead.get(1).value(), StandardCharsets.UTF_8));
        assertEquals(new String(ghost, StandardCharsets.UTF_8), new String(dead.get(2).value(), StandardCharsets.UTF_8));
        assertTrue(header(dead.get(0), Topics.HEADER_ERROR).contains("not valid JSON"), header(dead.get(0), Topics.HEADER_ERROR));
        assertTrue(header(dead.get(1), Topics.HEADER_ERROR).contains("version 9"), header(dead.get(1), Topics.HEADER_ERROR));
        assertTrue(header(dead.get(2), Topics.HEADER_ERROR).contains("run-ghost"), header(dead.get(2), Topics.HEADER_ERROR));
        for (ConsumerRecord<String, byte[]> r : dead) {
            assertEquals(Topics.RUN_EVENTS, header(r, Topics.HEADER_SOURCE_TOPIC));
        }
        assertEquals(1, runs.count("select count(*) from run_events where run_id = ? and type = 'completed'", runId));
    }

    /**
     * 1,000 hostile run events (random bytes, mutations of real events, boundary values, NUL, invalid UTF-8)
     * interleaved with the 17 events of a valid run. The valid run completes with metrics bit-identical to the
     * in-process sweep; liveness stays UP; every hostile record is dead-lettered with a reason, or is a readable event
     * that was processed (ignored types, or the victim run it names ended completed or failed with a reason).
     */
    @Test
    void aThousandHostileEventsAmongAValidRun() throws Exception {
        String runId = "fz-main";
        runs.insertRun(runId, TestRuns.DATASET, TestRuns.request(runId, TestRuns.DATASET, List.of(0, 1, 2), ALL_HEADS),
                heads.size(), heads);
        String victim = "fz-victim";
        List<Sweep.FittedHead> one = heads.stream()
                .filter(h -> h.step().head().id().equals("prototype") && h.step().k() == 1 && h.step().seed() == 0)
                .toList();
        runs.insertRun(victim, TestRuns.DATASET, TestRuns.request(victim, TestRuns.DATASET, List.of(1),
                List.of("prototype")), 1, one);
        List<String> seeds = List.of(TestRuns.headsTrained(victim, one.get(0).step(), 1, 1),
                TestRuns.headsTrained("fz-ghost", one.get(0).step(), 1, 1),
                RunEvent.of(victim, RunEvent.Type.completed, "2026-01-01T00:00:00Z").toJson());
        List<Map.Entry<String, byte[]>> hostile = dev.fewshot.service.testing.HostileRecords.generate("fz-", 1000, 11,
                seeds);
        List<Map.Entry<String, byte[]>> records = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < hostile.size(); i++) {
            if (i % 58 == 0 && next < heads.size()) {
                Sweep.FittedHead h = heads.get(next++);
                records.add(Map.entry(runId, TestRuns.utf8(TestRuns.headsTrained(runId, h.step(), next, heads.size()))));
            }
            records.add(hostile.get(i));
        }
        while (next < heads.size()) {
            Sweep.FittedHead h = heads.get(next++);
            records.add(Map.entry(runId, TestRuns.utf8(TestRuns.headsTrained(runId, h.step(), next, heads.size()))));
        }
        dev.fewshot.service.testing.LivenessWatcher live =
                dev.fewshot.service.testing.LivenessWatcher.start(() -> given().get("/q/health/live").statusCode());
        try {
            runs.publish(records);
            runs.awaitStatus(runId, "completed", Duration.ofSeconds(180));
            runs.awaitConsumed(Duration.ofSeconds(180));
        } finally {
            live.close();
        }
        assertMetricsEqualExpected(runId);
        assertEquals(0, live.notLive(), "liveness went DOWN during the fuzz");
        Set<String> dead = new HashSet<>();
        for (ConsumerRecord<String, byte[]> r : runs.readAll(Topics.DEAD_LETTERS)) {
            if (r.key() != null && r.key().startsWith("fz-")) {
                assertFalse(header(r, Topics.HEADER_ERROR).isBlank(), "no reason on " + r.key());
                dead.add(r.key());
            }
        }
        String victimState;
        try (Connection c = runs.connect(); PreparedStatement ps = c.prepareStatement(
                "select status, reason from runs where run_id = ?")) {
            ps.setString(1, victim);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                victimState = rs.getString(1) + (rs.getString(2) == null ? "" : " (" + rs.getString(2) + ")");
            }
        }
        List<String> unaccounted = new ArrayList<>();
        int processed = 0;
        for (Map.Entry<String, byte[]> h : hostile) {
            if (dead.contains(h.getKey())) {
                continue;
            }
            RunEvent e;
            try {
                e = RunEvent.parse(h.getValue());
            } catch (IllegalArgumentException ex) {
                unaccounted.add(h.getKey() + " (unreadable, not dead-lettered)");
                continue;
            }
            boolean ignoredType = e.type() != RunEvent.Type.heads_trained;
            boolean victimSettled = victim.equals(e.runId())
                    && (victimState.startsWith("completed") || victimState.startsWith("failed ("));
            if (ignoredType || victimSettled) {
                processed++;
            } else {
                unaccounted.add(h.getKey() + " " + e);
            }
        }
        assertEquals(List.of(), unaccounted, "hostile events without an outcome (victim run: " + victimState + ")");
        System.out.printf("run-events fuzz: %d hostile records, %d dead-lettered, %d processed; victim run %s;"
                + " valid run completed bit-identical; liveness DOWN %d times%n", hostile.size(),
                hostile.size() - processed, processed, victimState, live.notLive());
    }

    @Test
    void missingTestSplitFailsTheRun() throws Exception {
        String runId = "run-nosplit";
        String dataset = "no-such-dataset";
        List<Sweep.FittedHead> one = heads.stream()
                .filter(h -> h.step().head().id().equals("prototype") && h.step().k() == 1 && h.step().seed() == 0)
                .toList();
        runs.insertRun(runId, dataset, TestRuns.request(runId, dataset, List.of(1), List.of("prototype")), 1, one);
        runs.publishHeadsTrained(runId, one, 1);
        runs.awaitStatus(runId, "failed", RUN_TIMEOUT);

        try (Connection c = runs.connect(); PreparedStatement ps = c.prepareStatement(
                "select r.reason, e.reason from runs r join run_events e on e.run_id = r.run_id and e.type = 'failed'"
                        + " where r.run_id = ?")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "a failed event is recorded");
                assertTrue(rs.getString(1).contains(dataset), rs.getString(1));
                assertEquals(rs.getString(1), rs.getString(2));
                assertFalse(rs.next());
            }
        }
        List<RunEvent> failed = runs.events(runId, RunEvent.Type.failed);
        assertEquals(1, failed.size());
        assertTrue(failed.get(0).reason().contains(dataset), failed.get(0).reason());
        assertTrue(failed.get(0).reason().contains("test"), failed.get(0).reason());
        assertEquals(0, runs.count("select count(*) from metrics where run_id = ?", runId));
        assertEquals(0, runs.count("select count(*) from run_events where run_id = ? and type = 'completed'", runId));
        given().when().get("/runs/" + runId).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("failed"))
                .body("reason", org.hamcrest.Matchers.containsString(dataset));
    }

    /** Vectors of two embedding models never meet in one score: OOD against test, test against the head's fit. */
    @Test
    void splitsOfAnotherModelFailTheRun() throws Exception {
        List<Sweep.FittedHead> one = heads.stream()
                .filter(h -> h.step().head().id().equals("prototype") && h.step().k() == 1 && h.step().seed() == 0)
                .toList();
        String mixed = "mixed-models";
        try (dev.fewshot.vectors.VectorPublisher p = new dev.fewshot.vectors.VectorPublisher(bootstrap)) {
            p.publish(TestRuns.MODEL, mixed, dev.fewshot.contracts.Split.TEST, TestRuns.DATA.testX(),
                    TestRuns.DATA.testY(), 40);
            p.publish("other-model", mixed, dev.fewshot.contracts.Split.OOD, TestRuns.DATA.oodX(), null, 40);
        }
        String oodRun = "run-ood-model";
        runs.insertRun(oodRun, mixed, TestRuns.request(oodRun, mixed, List.of(1), List.of("prototype")), 1, one);
        runs.publishHeadsTrained(oodRun, one, 1);
        runs.awaitStatus(oodRun, "failed", RUN_TIMEOUT);
        String reason = runs.events(oodRun, RunEvent.Type.failed).get(0).reason();
        assertTrue(reason.contains("split ood") && reason.contains("other-model") && reason.contains(TestRuns.MODEL),
                reason);

        String fitRun = "run-fit-model";
        runs.insertRun(fitRun, TestRuns.DATASET, TestRuns.request(fitRun, TestRuns.DATASET, List.of(1),
                List.of("prototype")), 1, one);
        runs.update("update heads set provenance = jsonb_build_object('model_id', 'other-model') where run_id = ?",
                fitRun);
        runs.publishHeadsTrained(fitRun, one, 1);
        runs.awaitStatus(fitRun, "failed", RUN_TIMEOUT);
        reason = runs.events(fitRun, RunEvent.Type.failed).get(0).reason();
        assertTrue(reason.contains("the head's train split") && reason.contains("other-model"), reason);

        String askRun = "run-asks-model";
        runs.insertRun(askRun, TestRuns.DATASET, TestRuns.request(askRun, TestRuns.DATASET, List.of(1),
                List.of("prototype")), 1, one);
        runs.update("update runs set request = jsonb_set(request, '{model_id}', '\"asked-model\"') where run_id = ?",
                askRun);
        runs.publishHeadsTrained(askRun, one, 1);
        runs.awaitStatus(askRun, "failed", RUN_TIMEOUT);
        reason = runs.events(askRun, RunEvent.Type.failed).get(0).reason();
        assertTrue(reason.contains("the run asks for model 'asked-model'") && reason.contains(TestRuns.MODEL), reason);
        assertEquals(0, runs.count("select count(*) from metrics where run_id in (?, ?, ?)", oodRun, fitRun, askRun));
    }

    @Test
    void aRunIdNoRunCouldHaveIsABadRequestNamingIt() {
        for (String path : List.of("", "/results", "/plots", "/summary", "/failed-items", "/report")) {
            String nul = given().urlEncodingEnabled(false).when().get("/runs/a%00b" + path).then().statusCode(400)
                    .extract().path("error");
            assertTrue(nul.contains("run id has a control character (U+0000)"), path + ": " + nul);
            String longId = given().when().get("/runs/" + "x".repeat(201) + path).then().statusCode(400)
                    .extract().path("error");
            assertTrue(longId.contains("201 characters long"), path + ": " + longId);
            given().when().get("/runs/no-such-run" + path).then().statusCode(404);
        }
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void storesHistogramsAndReliabilityForEveryRow() throws Exception {
        String runId = mainRun();
        // histograms and reliability count the evaluation rows: the conformal calibration rows are held out
        Object held = expected.get(0).get(ResultColumn.CP_CALIBRATION);
        assertNotNull(held, "the test split holds out calibration rows");
        int n = TestRuns.DATA.testY().length - (Integer) held;
        int m = TestRuns.DATA.oodX().rows();
        Set<String> steps = new HashSet<>();
        for (ResultRow r : expected) {
            String key = key(r.head(), r.k(), r.seed(), r.oodScore());
            assertEquals(1, runs.count("select count(*) from score_histograms where run_id = ? and head = ? and k = ?"
                    + " and seed = ? and ood_score = ? and cardinality(id_counts) = 40 and cardinality(ood_counts) = 40"
                    + " and (select sum(x) from unnest(id_counts) x) = ? and (select sum(x) from unnest(ood_counts) x) = ?"
                    + " and lo <= threshold95 and threshold95 <= hi", runId, r.head(), r.k(), r.seed(), r.oodScore(), n, m),
                    "histogram " + key);
            steps.add(r.head() + "/" + r.k() + "/" + r.seed());
        }
        assertEquals(expected.size(), runs.count("select count(*) from score_histograms where run_id = ?", runId));
        assertEquals(steps.size(), runs.count("select count(*) from reliability where run_id = ?"
                + " and cardinality(counts) = 15 and (select sum(x) from unnest(counts) x) = ?", runId, n));
    }

    @Test
    void servesTheReportAndTheRunList() throws Exception {
        String runId = mainRun();
        String html = given().when().get("/runs/" + runId + "/report").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/html")).extract().asString();
        assertReport(html);
        // Another measured OOD score: its own main table and charts; an unmeasured one is a 400 with the reason.
        String energy = given().queryParam("score", "energy").when().get("/runs/" + runId + "/report").then()
                .statusCode(200).extract().asString();
        assertTrue(energy.contains("data-score=\"energy\""), "main table for energy");
        assertTrue(energy.contains("data-chart=\"auroc-vs-k-energy\""), "AUROC curve for energy");
        assertTrue(html.contains("href=\"?score=energy\""), "the default page links the other scores");
        given().queryParam("score", "nonsense").when().get("/runs/" + runId + "/report").then().statusCode(400)
                .contentType("application/json").body("error", org.hamcrest.Matchers.containsString("nonsense"));
        given().when().get("/runs/no-such-run/report").then().statusCode(404).contentType("application/json")
                .body("error", org.hamcrest.Matchers.containsString("no-such-run"));
        String home = given().when().get("/").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/html")).extract().asString();
        assertTrue(home.contains("href=\"runs/" + runId + "/report\""), "the run list links the report");
        assertTrue(home.contains("setInterval(poll, 2000)"), "progress is polled");
        assertFalse(home.contains("<script src"), "no external script");
    }

    /** What the report of the main run must hold: every table row, and charts with data for every head. */
    private static void assertReport(String html) {
        assertEquals(List.of("zero-shot/0", "linear/1", "linear/2", "linear-zs/1", "linear-zs/2", "prototype/1",
                "prototype/2", "gaussian/1", "gaussian/2"), ReportChecks.tableRows(html, "msp"));
        Map<String, String> charts = ReportChecks.charts(html);
        // 2 curves + the accuracy/AUROC trade-off + 4 conformal charts + 9 histograms (one per head × K, msp) + 5
        // reliability diagrams
        assertEquals(21, charts.size(), charts.keySet().toString());
        // the evaluator compared every head with the run's zero-shot head: the shots-to-beat table has a row per
        // head × score of the four shot heads
        java.util.regex.Matcher beats = java.util.regex.Pattern.compile("<table class=\"beats\">(.*?)</table>",
                java.util.regex.Pattern.DOTALL).matcher(html);
        assertTrue(beats.find(), "shots-to-beat-zero-shot table");
        assertEquals(3 + 3 + 4 + 4, beats.group(1).split("<tr><td>").length - 1, beats.group(1));
        // acceptance against the promise: a line through the four α of the grid for the heads at their largest K
        String accepted = charts.get("id-accepted-vs-alpha");
        assertNotNull(accepted, "ID acceptance against 1 − alpha");
        int longestAcceptance = 0;
        for (String rgb : List.of("31,119,180", "255,127,14", "44,160,44", "214,39,40")) {
            longestAcceptance = Math.max(longestAcceptance, ReportChecks.strokedPathSegments(accepted, rgb).stream()
                    .mapToInt(Integer::intValue).max().orElse(0));
        }
        assertTrue(longestAcceptance >= 3, "a head's line through the 4 levels: " + longestAcceptance);
        for (String curve : List.of("accuracy-vs-k", "auroc-vs-k")) {
            String svg = charts.get(curve);
            assertNotNull(svg, curve);
            for (String rgb : List.of("31,119,180", "255,127,14", "44,160,44", "214,39,40")) {
                int longest = ReportChecks.strokedPathSegments(svg, rgb).stream().mapToInt(Integer::intValue).max()
                        .orElse(0);
                assertTrue(longest >= 1, curve + ": a line through K = 1, 2 in rgb(" + rgb + ")");
            }
            assertTrue(svg.contains("zero-shot"), curve + ": the zero-shot level");
        }
        for (Map.Entry<String, String> c : charts.entrySet()) {
            if (c.getKey().startsWith("hist-")) {
                assertTrue(ReportChecks.bars(c.getValue(), "31,119,180") >= 3, c.getKey() + ": ID bars");
                assertTrue(ReportChecks.bars(c.getValue(), "255,127,14") >= 3, c.getKey() + ": OOD bars");
                assertTrue(c.getValue().contains("t95"), c.getKey() + ": threshold marked");
            } else if (c.getKey().startsWith("rel-")) {
                assertTrue(ReportChecks.bars(c.getValue(), "31,119,180") >= 1, c.getKey() + ": accuracy bars");
            }
        }
        for (String head : List.of("zero-shot", "linear", "linear-zs", "prototype", "gaussian")) {
            assertTrue(charts.containsKey("rel-" + head + "-k" + (head.equals("zero-shot") ? 0 : 2)), "reliability " + head);
        }
    }

    /** The report and the run list in a real browser: rendered charts in the DOM, live polling, a screenshot. */
    @Test
    void rendersInHeadlessChromium() throws Exception {
        HeadlessChromium.require();
        String runId = mainRun();
        String url = base.toString() + "runs/" + runId + "/report";
        String dom = HeadlessChromium.dumpDom(url, 0);
        assertTrue(dom.contains("<svg"), "the browser parsed inline SVG");
        assertReport(dom);

        Path png = Path.of("target/report-screenshot.png");
        Files.createDirectories(png.getParent());
        HeadlessChromium.screenshot(url, png, 1400, 3000);
        assertTrue(Files.size(png) > 50_000, "screenshot is " + Files.size(png) + " bytes");
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(1400, img.getWidth());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                colours.add(img.getRGB(x, y));
            }
        }
        assertTrue(colours.size() > 100, "screenshot has " + colours.size() + " colours");

        String home = HeadlessChromium.dumpDom(base.toString(), 5000);
        assertTrue(home.contains("data-run=\"" + runId + "\""), "the run list shows " + runId);
        assertTrue(home.matches("(?s).*<body[^>]*data-polls=\"[1-9].*"), "the page polled GET /runs");
        HeadlessChromium.screenshot(base.toString(), Path.of("target/runs-screenshot.png"), 1400, 900);
    }
}
