package dev.fewshot.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fewshot.cli.Main;
import dev.fewshot.cli.local.Home;
import dev.fewshot.cli.local.LocalDeployment;
import dev.fewshot.cli.local.EvaluatorApi;
import dev.fewshot.contracts.RunRequest;
import dev.fewshot.contracts.Split;
import dev.fewshot.core.linalg.FloatMatrix;
import dev.fewshot.core.linalg.Gemms;
import dev.fewshot.core.sweep.Sweep;
import dev.fewshot.core.sweep.SweepConfig;
import dev.fewshot.contracts.RunConfigs;
import dev.fewshot.core.sweep.ResultRow;
import dev.fewshot.embedding.Fixtures;
import dev.fewshot.embedding.image.ClipPreprocessor;
import dev.fewshot.embedding.image.ImageDecoder;
import dev.fewshot.embedding.image.ImageLimits;
import dev.fewshot.embedding.model.ClipModel;
import dev.fewshot.embedding.model.ClipVisionEncoder;
import dev.fewshot.embedding.model.ExecutionSettings;
import dev.fewshot.embedding.model.ModelDirectory;
import dev.fewshot.embedding.testing.TestImages;
import dev.fewshot.vectors.SplitData;
import dev.fewshot.vectors.SplitReader;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * From image folders to results rows: `fewshot embed` asks the packaged embedder service (tiny CLIP
 * model, real ONNX Runtime) to embed the train subset, test, OOD and class-text splits of a generated
 * image dataset; `fewshot run` trains and evaluates every head on them through the trainer and
 * evaluator; the metrics land in PostgreSQL.
 */
class ImageEndToEndTest {
    static final List<String> WNIDS = List.of("n01440764", "n01443537", "n01484850", "n01491361", "n01494475");
    /** The run's OOD scores: the default study's plus NegLabel, which needs the negatives split. */
    static final List<String> SCORES = List.of("msp", "maxlogit", "energy", "maxcos", "mcm", "mahalanobis", "neglabel");
    @TempDir
    static Path dir;
    static LocalDeployment deployment;

    @BeforeAll
    static void start() throws Exception {
        Path data = dir.resolve("data");
        TestImages.classFolders(data.resolve("toy/train"), WNIDS, 12, 11);
        TestImages.classFolders(data.resolve("toy/val"), WNIDS, 6, 12);
        TestImages.brokenFiles(data.resolve("toy/val").resolve(WNIDS.get(1)));
        // OOD: classes the model was not trained on (folder names are not in the class list).
        TestImages.classFolders(data.resolve("toy/ood"), List.of("n09999991", "n09999992"), 6, 13);
        StringBuilder classes = new StringBuilder("wnid\tclip_name\n");
        String[] names = {"tench", "goldfish", "great white shark", "tiger shark", "hammerhead"};
        for (int c = 0; c < WNIDS.size(); c++) {
            classes.append(WNIDS.get(c)).append('\t').append(names[c]).append('\n');
        }
        Files.writeString(data.resolve("toy/classes.tsv"), classes);
        deployment = LocalDeployment.start(Home.root(), dir.resolve("state"), EndToEndTest.freePort(), EndToEndTest.freePort());
        deployment.startEmbedder(EndToEndTest.freePort(), Fixtures.tinyClip(), List.of(data));
    }

    @AfterAll
    static void stop() {
        if (deployment != null) {
            deployment.close();
        }
    }

    @Test
    void imageFoldersToResultsRows() throws Exception {
        String bs = deployment.bootstrapServers();
        String[] common = {"--dataset", "toy-img", "--classes", "toy/classes.tsv", "--bootstrap-servers", bs, "--wait",
                "--timeout", "300"};
        assertEquals(0, embed(common, "--split", "train", "--root", "toy/train", "--shots", "1,2,4", "--seeds", "0,1"));
        assertEquals(0, embed(common, "--split", "test", "--root", "toy/val"));
        assertEquals(0, embed(common, "--split", "ood", "--root", "toy/ood"));
        assertEquals(0, embed(common, "--split", "text", "--templates", "single"));
        assertEquals(0, embed(common, "--split", "negatives")); // NegLabel's WordNet words through the text tower

        Map<Split, SplitData> splits = new SplitReader(bs, "fewshot.vectors")
                .read("toy-img", EnumSet.allOf(Split.class), Duration.ofSeconds(30));
        // Train: only the union of the 4-shot sets of seeds 0 and 1 (at most 8 of 12 per class).
        int train = splits.get(Split.TRAIN).size();
        assertTrue(train >= 4 * WNIDS.size() && train <= 8 * WNIDS.size(), "train subset size " + train);
        assertEquals(30, splits.get(Split.TEST).size());
        assertEquals(3, splits.get(Split.TEST).failedCount());
        assertEquals(12, splits.get(Split.OOD).size());
        assertEquals(WNIDS.size(), splits.get(Split.TEXT).size());
        assertEquals(dev.fewshot.embedding.text.NegativeLabelVocabulary.words().size(),
                splits.get(Split.NEGATIVES).size());
        assertVectorsMatchInProcessEmbedding(splits.get(Split.TEST), dir.resolve("data/toy/val"));
        assertEmbedLocalMatchesTheService(splits.get(Split.TEST), dir.resolve("data/toy/val"));

        assertEquals(0, Main.run("run", "--dataset", "toy-img", "--run-id", "img-run", "--shots", "0,1,2,4", "--seeds",
                "0,1", "--linear-c", "1", "--ood-scores", String.join(",", SCORES), "--bootstrap-servers", bs, "--wait",
                "--timeout", "300"));
        // read as a user of the deployment reads them: through the evaluator's REST API
        List<ResultRow> rows = EvaluatorApi.at(deployment.evaluatorUrl()).results("img-run");
        Set<String> heads = new HashSet<>();
        rows.forEach(r -> heads.add(r.head()));
        assertEquals(Set.of("zero-shot", "linear", "linear-zs", "prototype", "gaussian"), heads);
        assertTrue(rows.stream().anyMatch(r -> r.head().equals("zero-shot") && r.oodScore().equals("neglabel")),
                "the zero-shot head mined its NegLabel bank from the negatives split");
        // The services' metrics equal the core sweep run in this process on the vectors the embedder published.
        assertEquals(inProcess(splits), keyed(rows));
        // Every head and evaluated step recorded what produced it; the run's provenance names both stages and every
        // split publication they read (GET /runs/{id}, the report's settings block).
        com.fasterxml.jackson.databind.JsonNode provenance = EvaluatorApi.at(deployment.evaluatorUrl()).run("img-run")
                .orElseThrow().get("provenance");
        for (String key : List.of("fewshot (trainer)", "ONNX Runtime (trainer)", "fewshot (evaluator)", "model",
                "train split", "text split", "negatives split", "test split", "ood split", "head format")) {
            assertTrue(provenance.has(key), key + " in " + provenance);
        }
        assertEquals(3, count("select count(*) from failed_items where dataset_id = 'toy-img' and split = 'test'"));
        // ... and listed for the run on the evaluator's REST API.
        java.net.http.HttpResponse<String> failed = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(deployment.evaluatorUrl() + "/runs/img-run/failed-items"))
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, failed.statusCode());
        for (String name : List.of("empty.jpg", "notes.jpg", "truncated.jpg")) {
            assertTrue(failed.body().contains("\"item_id\":\"n01443537/" + name + "\""), failed.body());
        }
        assertClassifyAnswersLikeTheRun(splits.get(Split.TEST));
    }

    /**
     * SIGKILL of the embedder mid-split: the supervisor restarts it, the request (never committed) is read again,
     * and the split completes with every image once, each vector equal to the in-process embedding.
     */
    @Test
    void anEmbedderKilledMidSplitIsRestartedAndTheSplitCompletes() throws Exception {
        Path big = dir.resolve("data/big/test");
        TestImages.classFolders(big, WNIDS, 60, 21);
        String bs = deployment.bootstrapServers();
        String id = "embed-sigkill";
        assertEquals(0, embed(new String[] {"--dataset", "big-img", "--classes", "toy/classes.tsv",
                "--bootstrap-servers", bs}, "--split", "test", "--root", "big/test", "--request-id", id));
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (KafkaEvents.embedEvents(bs, id).isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "no event for " + id);
            Thread.sleep(20);
        }
        long pid = deployment.pid("embedder-service");
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
        while (KafkaEvents.embedEvents(bs, id).stream().noneMatch(e -> e.type() == dev.fewshot.contracts.EmbedEvent.Type.completed)) {
            assertTrue(System.nanoTime() < deadline, "embed request " + id + " did not complete after the kill: "
                    + KafkaEvents.embedEvents(bs, id));
            Thread.sleep(200);
        }
        assertTrue(deployment.restarts().getOrDefault("embedder-service", 0) >= 1, deployment.restarts().toString());
        assertTrue(deployment.pid("embedder-service") != pid);
        SplitData split = new SplitReader(bs, "fewshot.vectors").read("big-img", EnumSet.of(Split.TEST),
                Duration.ofSeconds(60)).get(Split.TEST);
        assertEquals(60 * WNIDS.size(), split.size());
        assertEquals(id, split.publication());
        assertVectorsMatchInProcessEmbedding(split, big);
    }

    private static Map<String, String> inProcess(Map<Split, SplitData> splits) {
        RunRequest request = new RunRequest(RunRequest.VERSION, "img-run", "toy-img", null, List.of(0, 1, 2, 4),
                List.of(0L, 1L), null, SCORES, new RunRequest.Options(1.0, null, null)).withDefaults();
        SweepConfig cfg = RunConfigs.toSweepConfig(request);
        SplitData train = splits.get(Split.TRAIN), test = splits.get(Split.TEST), ood = splits.get(Split.OOD);
        FloatMatrix text = splits.get(Split.TEXT).x();
        Sweep sweep = new Sweep(Gemms.defaultGemm());
        Sweep.TrainPool pool = new Sweep.TrainPool(train.x(), train.labels(), train.itemIds(), text.rows());
        List<ResultRow> rows = new ArrayList<>();
        dev.fewshot.core.heads.Head zeroShot = null;
        for (Sweep.Step step : Sweep.plan(true, cfg)) {
            Sweep.FittedHead fitted = sweep.fit(step, pool, text, splits.get(Split.NEGATIVES).x(), cfg);
            zeroShot = step.head() == dev.fewshot.core.heads.HeadKind.ZERO_SHOT ? fitted.head() : zeroShot;
            rows.addAll(sweep.evaluate(fitted, test.x(), test.labels(), ood.x(), cfg, zeroShot));
        }
        assertTrue(rows.size() > 50, rows.size() + " rows");
        return keyed(rows);
    }

    private static Map<String, String> keyed(List<ResultRow> rows) {
        Map<String, String> out = new TreeMap<>();
        for (ResultRow r : rows) {
            StringBuilder v = new StringBuilder();
            for (double x : new double[]{r.accuracy(), r.auroc(), r.fpr95(), r.auprIn(), r.auprOut(), r.ece(), r.confId(),
                    r.confOod()}) {
                v.append(Long.toHexString(Double.doubleToRawLongBits(x))).append(' ');
            }
            out.put(r.head() + "/" + r.k() + "/" + r.seed() + "/" + r.oodScore(), v.toString());
        }
        return out;
    }

    /** POST /classify on the embedder: the run's head scores a file as the run scored its vector. */
    private static void assertClassifyAnswersLikeTheRun(SplitData test) throws Exception {
        String id = test.itemIds()[0];
        Path file = dir.resolve("data/toy/val").resolve(id);
        byte[] image = Files.readAllBytes(file);
        // The run's prototype head at K=4, seed 1, scoring the vector the embedder published for this file.
        dev.fewshot.core.heads.Head head;
        try (Connection c = DriverManager.getConnection(deployment.stack().jdbcUrl(), deployment.stack().postgres().user(),
                deployment.stack().postgres().password()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select params from heads where run_id = 'img-run' and head = 'prototype'"
                     + " and k = 4 and seed = 1")) {
            assertTrue(rs.next());
            head = dev.fewshot.core.heads.HeadCodec.decode(rs.getBytes(1));
        }
        dev.fewshot.core.serving.OpenSetClassifier.Result expected = new dev.fewshot.core.serving.OpenSetClassifier(
                Gemms.defaultGemm()).classify(head, test.x().row(0), dev.fewshot.core.ood.OodScore.MSP, 0.5, 5);

        com.fasterxml.jackson.databind.JsonNode r = classify(image, "run=img-run&head=prototype&k=4&seed=1&threshold=0.5", 200);
        assertEquals(expected.score(), r.get("score").asDouble(), 1e-4, r.toString());
        assertEquals(expected.known() ? "known" : "unknown", r.get("decision").asText());
        assertEquals(expected.top().get(0).classIndex(), r.get("top").get(0).get("class_index").asInt());
        assertEquals(WNIDS.get(r.get("top").get(0).get("class_index").asInt()), r.get("top").get(0).get("label").asText());
        assertEquals(5, r.get("top").size());
        assertEquals("score >= threshold (request)", r.get("decision_rule").asText());
        // Without a threshold the conformal p-value decides: the same p-value and prediction set as the run's stored
        // calibration gives the run's vector (docs/conformal.md).
        double[] cal = array("select scores from conformal_scores where run_id = 'img-run' and head = 'prototype'"
                + " and k = 4 and seed = 1 and name = 'msp'");
        double[] aps = array("select scores from conformal_scores where run_id = 'img-run' and head = 'prototype'"
                + " and k = 4 and seed = 1 and name = 'set:aps'");
        dev.fewshot.core.serving.OpenSetClassifier.ConformalAnswer cp = new dev.fewshot.core.serving.OpenSetClassifier(
                Gemms.defaultGemm()).conformal(head, test.x().row(0), dev.fewshot.core.ood.OodScore.MSP,
                dev.fewshot.core.conformal.PValues.ofSorted(cal), dev.fewshot.core.conformal.SetScores.Method.APS, aps,
                0.2);
        com.fasterxml.jackson.databind.JsonNode c = classify(image, "run=img-run&head=prototype&k=4&seed=1&alpha=0.2&set=aps",
                200);
        com.fasterxml.jackson.databind.JsonNode conformal = c.get("conformal");
        assertEquals("conformal p_value > alpha (docs/conformal.md)", c.get("decision_rule").asText(), c.toString());
        assertEquals(cp.pValue(), conformal.get("p_value").asDouble(), 1.0 / (cal.length + 1), c.toString());
        assertEquals(cp.known() ? "known" : "unknown", c.get("decision").asText(), c.toString());
        assertEquals(cal.length, conformal.get("calibration_rows").asInt());
        List<Integer> set = new java.util.ArrayList<>();
        conformal.get("prediction_set").forEach(x -> set.add(x.get("class_index").asInt()));
        assertEquals(cp.set().stream().map(dev.fewshot.core.serving.OpenSetClassifier.Ranked::classIndex).toList(), set,
                c.toString());
        classify(image, "run=img-run&alpha=1.5", 400);
        classify(image, "run=img-run&set=raps", 400);
        // "best": the head x K x seed with the highest MSP AUROC of the run, with its measured threshold.
        com.fasterxml.jackson.databind.JsonNode best = classify(image, "run=img-run", 200);
        assertEquals("best AUROC of the run", best.get("chosen").asText());
        assertEquals(best.get("head").asText() + "/" + best.get("k").asInt() + "/" + best.get("seed").asLong(),
                top1("select head || '/' || k || '/' || seed from metrics where run_id = 'img-run' and ood_score = 'msp'"
                        + " order by auroc desc, head, k, seed limit 1"));
        // A multipart upload (form field "image") gives the same answer as raw bytes.
        java.net.http.HttpResponse<String> multipart = postImages("/classify?run=img-run&head=prototype&k=4&seed=1"
                + "&threshold=0.5", List.of(file.getFileName().toString()), List.of(image));
        assertEquals(200, multipart.statusCode(), multipart.body());
        assertEquals(r.get("score").asDouble(), new com.fasterxml.jackson.databind.ObjectMapper().readTree(multipart.body())
                .get("score").asDouble(), 0.0, "multipart and raw bytes score the same image identically");
        // A batch: each image answered with the same head, BH on their p-values; an unreadable one gets its own error.
        java.net.http.HttpResponse<String> batch = postImages("/classify/batch?run=img-run&head=prototype&k=4&seed=1"
                + "&alpha=0.2&set=aps", List.of("img0", "img1", "img2"), List.of(image, "not an image".getBytes(),
                Files.readAllBytes(dir.resolve("data/toy/val").resolve(test.itemIds()[1]))));
        assertEquals(200, batch.statusCode(), batch.body());
        com.fasterxml.jackson.databind.JsonNode bj = new com.fasterxml.jackson.databind.ObjectMapper().readTree(batch.body());
        assertEquals(3, bj.get("images").asInt());
        assertEquals(2, bj.get("answered").asInt(), batch.body());
        assertEquals(cp.pValue(), bj.get("answers").get(0).get("conformal").get("p_value").asDouble(),
                1.0 / (cal.length + 1), "the first image as alone");
        assertEquals(422, bj.get("answers").get(1).get("status").asInt(), batch.body());
        double[] ps = {bj.get("answers").get(0).get("conformal").get("p_value").asDouble(),
                bj.get("answers").get(2).get("conformal").get("p_value").asDouble()};
        boolean[] bh = dev.fewshot.core.conformal.BenjaminiHochberg.flag(ps, 0.2);
        assertEquals(bh[0], bj.get("answers").get(0).get("bh_ood").asBoolean(), batch.body());
        assertEquals(bh[1], bj.get("answers").get(2).get("bh_ood").asBoolean(), batch.body());
        // The CLI does the same.
        assertEquals(0, Main.run("classify", file.toString(), "--run", "img-run", "--head", "prototype", "--k", "4",
                "--seed", "1", "--threshold", "0.5", "--url", deployment.embedderUrl()));
        // Bad input: a clear 4xx with a reason, never a 500.
        assertTrue(classify("not an image".getBytes(), "run=img-run&threshold=0.5", 422).get("error").asText()
                .contains("request body"));
        assertTrue(classify(image, "run=nope", 404).get("error").asText().contains("nope"));
        assertTrue(classify(image, "run=img-run&head=prototype&k=3&seed=0&threshold=0.5", 404).get("error").asText()
                .contains("K=3"));
        assertTrue(classify(image, "run=img-run&k=four", 400).get("error").asText().contains("four"));
        assertTrue(classify(image, "run=img-run&score=nonsense", 400).get("error").asText().contains("nonsense"));
        assertTrue(classify(image, "run=img%00run", 400).get("error").asText().contains("control character (U+0000)"));
        assertTrue(classify(image, "run=img-run&head=no-such-head", 400).get("error").asText()
                .contains("unknown head 'no-such-head'"));
        java.net.http.HttpResponse<String> badBatch = postImages("/classify/batch?run=img%00run", List.of("a.png"),
                List.of(image));
        assertEquals(400, badBatch.statusCode(), badBatch.body());
        assertTrue(classify(dev.fewshot.embedding.testing.TestImages.pngBomb(50_000, 50_000), "run=img-run&threshold=0.5",
                413).get("error").asText().contains("50000x50000"));
        assertEquals(400, classify(image, "threshold=0.5", 400).get("error").asText().contains("run") ? 400 : -1);
        assertTrue(classify(image, "run=img-run&threshold=NaN", 400).get("error").asText().contains("finite"));
        assertTrue(classify(image, "run=img-run&k=-1", 400).get("error").asText().contains("-1"));
        assertTrue(classify(image, "run=img-run&k=1.5", 400).get("error").asText().contains("integer"));
        // Issue 12: a 2 x 2,000,000 PNG (15 KB) exhausted a 4 GB heap; the embedder runs with -Xmx1g here.
        byte[] thin = dev.fewshot.embedding.testing.TestImages.stripesPng(2, 2_000_000);
        assertEquals(5, classify(thin, "run=img-run&threshold=0.5", 200).get("top").size());
    }

    private static com.fasterxml.jackson.databind.JsonNode classify(byte[] body, String query, int status) throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(deployment.embedderUrl() + "/classify?" + query))
                        .header("Content-Type", "application/octet-stream")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(status, r.statusCode(), query + ": " + r.body());
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
    }

    /** POSTs images to the embedder as a multipart form, one "image" field each. */
    private static java.net.http.HttpResponse<String> postImages(String pathAndQuery, List<String> names,
                                                                 List<byte[]> images) throws Exception {
        String boundary = "fewshot-" + System.nanoTime();
        java.io.ByteArrayOutputStream form = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < images.size(); i++) {
            form.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\""
                    + names.get(i) + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes());
            form.writeBytes(images.get(i));
            form.writeBytes("\r\n".getBytes());
        }
        form.writeBytes(("--" + boundary + "--\r\n").getBytes());
        return java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(deployment.embedderUrl() + pathAndQuery))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(form.toByteArray())).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    private static double[] array(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(deployment.stack().jdbcUrl(), deployment.stack().postgres().user(),
                deployment.stack().postgres().password()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            assertTrue(rs.next(), "no row for " + sql);
            Double[] boxed = (Double[]) rs.getArray(1).getArray();
            return java.util.Arrays.stream(boxed).mapToDouble(Double::doubleValue).toArray();
        }
    }

    private static String top1(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(deployment.stack().jdbcUrl(), deployment.stack().postgres().user(),
                deployment.stack().postgres().password()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getString(1);
        }
    }

    /** The embed events of one request, read with a plain consumer. */
    static final class KafkaEvents {
        static List<dev.fewshot.contracts.EmbedEvent> embedEvents(String bs, String requestId) {
            Properties p = new Properties();
            p.put("bootstrap.servers", bs);
            p.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
            p.put("value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
            List<dev.fewshot.contracts.EmbedEvent> out = new ArrayList<>();
            try (org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]> c =
                         new org.apache.kafka.clients.consumer.KafkaConsumer<>(p)) {
                List<org.apache.kafka.common.TopicPartition> parts = c.partitionsFor("fewshot.embed-events").stream()
                        .map(i -> new org.apache.kafka.common.TopicPartition(i.topic(), i.partition())).toList();
                c.assign(parts);
                c.seekToBeginning(parts);
                Map<org.apache.kafka.common.TopicPartition, Long> end = c.endOffsets(parts);
                while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                    for (var r : c.poll(Duration.ofMillis(200))) {
                        if (requestId.equals(r.key())) {
                            out.add(dev.fewshot.contracts.EmbedEvent.parse(r.value()));
                        }
                    }
                }
            }
            return out;
        }
    }

    private static int embed(String[] common, String... args) {
        String[] all = new String[args.length + common.length + 1];
        all[0] = "embed";
        System.arraycopy(args, 0, all, 1, args.length);
        System.arraycopy(common, 0, all, 1 + args.length, common.length);
        return Main.run(all);
    }

    /** fewshot embed-local on the same files gives the vectors the service published (one code path, no Kafka). */
    private static void assertEmbedLocalMatchesTheService(SplitData test, Path root) throws Exception {
        StringBuilder list = new StringBuilder();
        for (String id : test.itemIds()) {
            list.append(root.resolve(id)).append('\n');
        }
        Path listFile = java.nio.file.Files.writeString(dir.resolve("embed-local.txt"), list);
        Path out = dir.resolve("embed-local.npy");
        assertEquals(0, Main.run("embed-local", "--model-dir", Fixtures.tinyClip().toString(), "--list",
                listFile.toString(), "--out", out.toString(), "--batch", "3"));
        float[] local = dev.fewshot.core.io.Npy.read(out).toFloatArray();
        java.util.List<String> rows = java.nio.file.Files.readAllLines(dir.resolve("embed-local.npy.items.tsv"));
        assertEquals(test.size(), rows.size(), "every image embeds locally too");
        int d = test.x().cols();
        for (int i = 0; i < test.size(); i++) {
            assertEquals(root.resolve(test.itemIds()[i]).toString(), rows.get(i));
            float[] service = test.x().row(i);
            for (int j = 0; j < d; j++) {
                assertEquals(service[j], local[i * d + j], 1e-5, test.itemIds()[i] + "[" + j + "]");
            }
        }
    }

    /** The service's vectors equal decoding and embedding the same file in this process. */
    private static void assertVectorsMatchInProcessEmbedding(SplitData test, Path root) throws Exception {
        try (ClipModel model = ClipModel.open(ModelDirectory.open(Fixtures.tinyClip(), "clip-vit-base-patch32"),
                ExecutionSettings.cpu(1))) {
            ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULTS);
            for (int i = 0; i < test.size(); i += 7) {
                String id = test.itemIds()[i];
                FloatBuffer px = ClipVisionEncoder.allocatePixels(1);
                new ClipPreprocessor().preprocess(decoder.decode(root.resolve(id)), px, 0);
                float[] v = model.vision().embed(px, 1);
                float[] got = test.x().row(i);
                for (int j = 0; j < v.length; j++) {
                    assertEquals(v[j], got[j], 1e-5, id + "[" + j + "]");
                }
            }
        }
    }

    private static int count(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(deployment.stack().jdbcUrl(), deployment.stack().postgres().user(),
                deployment.stack().postgres().password()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
