package dev.fewshot.evaluator;

import dev.fewshot.contracts.RunEvent;
import dev.fewshot.contracts.RunRequest;
import dev.fewshot.contracts.Split;
import dev.fewshot.contracts.Topics;
import dev.fewshot.core.heads.HeadCodec;
import dev.fewshot.core.linalg.Gemms;
import dev.fewshot.core.sweep.ResultRow;
import dev.fewshot.core.sweep.Sweep;
import dev.fewshot.core.sweep.SweepConfig;
import dev.fewshot.core.sweep.Trainers;
import dev.fewshot.core.synth.SyntheticClipData;
import dev.fewshot.contracts.RunConfigs;
import dev.fewshot.vectors.VectorPublisher;
import dev.fewshot.service.testing.KafkaTestClient;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What the trainer would have done, done in-process: a generated dataset published on the vector
 * topic, runs and fitted heads written with JDBC, heads_trained events published. Also the
 * in-process reference results the service must reproduce bit for bit.
 */
final class TestRuns {
    static final String DATASET = "synth-a";
    static final String MODEL = "clip-test";
    /** 12 classes × 32 dims: a few seconds of fitting for the whole plan. */
    static final SyntheticClipData.Data DATA = SyntheticClipData.generate(
            SyntheticClipData.Params.defaults(12, 32).withSizes(16, 96, 36));

    private final String bootstrap;
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final Sweep sweep = new Sweep(Gemms.defaultGemm());

    TestRuns(String bootstrap, String jdbcUrl, String user, String password) {
        this.bootstrap = bootstrap;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    /** A run request as the trainer stores it. */
    static String request(String runId, String dataset, List<Integer> shots, List<String> heads) {
        return new RunRequest(1, runId, dataset, MODEL, shots, List.of(0L, 1L), heads,
                List.of("msp", "maxlogit", "energy", "maxcos", "mcm", "mahalanobis"),
                new RunRequest.Options(null, "auto", 50)).toJson();
    }

    static SweepConfig config(String requestJson) {
        return RunConfigs.toSweepConfig(RunRequest.parse(requestJson));
    }

    /** The trainer's work: every step of the plan fitted on the train pool with ids "0", "1", ... */
    List<Sweep.FittedHead> fit(SweepConfig cfg) {
        String[] ids = new String[DATA.trainY().length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = Integer.toString(i);
        }
        Sweep.TrainPool pool = new Sweep.TrainPool(DATA.trainX(), DATA.trainY(), ids, DATA.textX().rows());
        List<Sweep.FittedHead> out = new ArrayList<>();
        for (Sweep.Step step : Sweep.plan(true, cfg)) {
            out.add(sweep.fit(step, pool, DATA.textX(), cfg));
        }
        return out;
    }

    /** What the service must store for these heads. */
    List<ResultRow> expected(List<Sweep.FittedHead> heads, SweepConfig cfg) {
        List<ResultRow> rows = new ArrayList<>();
        dev.fewshot.core.heads.Head zeroShot = heads.stream()
                .filter(h -> h.step().head() == dev.fewshot.core.heads.HeadKind.ZERO_SHOT)
                .map(Sweep.FittedHead::head).findFirst().orElse(null);
        for (Sweep.FittedHead h : heads) {
            rows.addAll(sweep.evaluate(h, DATA.testX(), DATA.testY(), DATA.oodX(), cfg, zeroShot));
        }
        return rows;
    }

    void publishDataset() throws InterruptedException {
        try (VectorPublisher p = new VectorPublisher(bootstrap)) {
            p.publish(MODEL, DATASET, Split.TEST, DATA.testX(), DATA.testY(), 40);
            p.publish(MODEL, DATASET, Split.OOD, DATA.oodX(), null, 40);
        }
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, password);
    }

    void insertRun(String runId, String dataset, String requestJson, int totalSteps, List<Sweep.FittedHead> heads)
            throws SQLException {
        try (Connection c = connect()) {
            try (PreparedStatement ps = c.prepareStatement("insert into runs (run_id, dataset_id, request, status,"
                    + " total_steps) values (?, ?, ?::jsonb, 'training', ?)")) {
                ps.setString(1, runId);
                ps.setString(2, dataset);
                ps.setString(3, requestJson);
                ps.setInt(4, totalSteps);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("insert into heads (run_id, head, k, seed, format_version,"
                    + " params, dims, classes, hyper, support_size, short_classes, fit_ms)"
                    + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Sweep.FittedHead h : heads) {
                    ps.setString(1, runId);
                    ps.setString(2, h.step().head().id());
                    ps.setInt(3, h.step().k());
                    ps.setLong(4, h.step().seed());
                    ps.setInt(5, HeadCodec.VERSION);
                    ps.setBytes(6, HeadCodec.encode(h.head()));
                    ps.setInt(7, h.head().dim());
                    ps.setInt(8, h.head().numClasses());
                    double hyper = Trainers.hyper(h.head());
                    if (Double.isNaN(hyper)) {
                        ps.setNull(9, Types.DOUBLE);
                    } else {
                        ps.setDouble(9, hyper);
                    }
                    ps.setInt(10, h.supportSize());
                    ps.setInt(11, h.shortClasses());
                    ps.setLong(12, h.fitMs());
                    ps.executeUpdate();
                }
            }
        }
    }

    static String headsTrained(String runId, Sweep.Step step, int done, int total) {
        return new RunEvent(RunEvent.VERSION, runId, RunEvent.Type.heads_trained, step.k(), step.seed(),
                step.head().id(), null, done, total, Instant.now().toString()).toJson();
    }

    /** Publishes raw messages on the run-events topic and waits for the acks. */
    void publish(List<Map.Entry<String, byte[]>> keyed) throws Exception {
        KafkaTestClient.sendAll(bootstrap, Topics.RUN_EVENTS, keyed);
    }

    void publishHeadsTrained(String runId, List<Sweep.FittedHead> heads, int times) throws Exception {
        List<Map.Entry<String, byte[]>> msgs = new ArrayList<>();
        for (int t = 0; t < times; t++) {
            int done = 0;
            for (Sweep.FittedHead h : heads) {
                msgs.add(Map.entry(runId, utf8(headsTrained(runId, h.step(), ++done, heads.size()))));
            }
        }
        publish(msgs);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Polls the run's status until it is {@code expected}; fails with the last status and reason after the timeout. */
    void awaitStatus(String runId, String expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = null;
        while (System.nanoTime() < deadline) {
            try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                    "select status, reason from runs where run_id = ?")) {
                ps.setString(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    last = rs.getString(1) + " (" + rs.getString(2) + ")";
                    if (expected.equals(rs.getString(1))) {
                        return;
                    }
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("run " + runId + " is " + last + ", not " + expected + " after " + timeout);
    }

    /** Waits until the service's consumer group has committed every record of the run-events topic. */
    void awaitConsumed(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("fewshot-evaluator")
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
                for (TopicPartition tp : partitions(admin)) {
                    ask.put(tp, OffsetSpec.latest());
                }
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                        admin.listOffsets(ask).all().get(30, TimeUnit.SECONDS);
                boolean all = true;
                for (var e : ends.entrySet()) {
                    OffsetAndMetadata c = committed.get(e.getKey());
                    long at = c == null ? 0 : c.offset();
                    all &= at >= e.getValue().offset();
                }
                if (all) {
                    return;
                }
                Thread.sleep(250);
            }
        }
        throw new AssertionError("the evaluator did not consume " + Topics.RUN_EVENTS + " within " + timeout);
    }

    private static List<TopicPartition> partitions(Admin admin) throws Exception {
        List<TopicPartition> out = new ArrayList<>();
        var d = admin.describeTopics(List.of(Topics.RUN_EVENTS)).allTopicNames().get(30, TimeUnit.SECONDS);
        d.get(Topics.RUN_EVENTS).partitions().forEach(p -> out.add(new TopicPartition(Topics.RUN_EVENTS, p.partition())));
        return out;
    }

    /** Every record of a topic, from the beginning to its current end. */
    List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        return KafkaTestClient.readAll(bootstrap, topic);
    }

    /** The run events published for a run, of one type. */
    List<RunEvent> events(String runId, RunEvent.Type type) {
        List<RunEvent> out = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : readAll(Topics.RUN_EVENTS)) {
            if (!runId.equals(r.key())) {
                continue;
            }
            try {
                RunEvent e = RunEvent.parse(new String(r.value(), StandardCharsets.UTF_8));
                if (e.type() == type && runId.equals(e.runId())) {
                    out.add(e);
                }
            } catch (IllegalArgumentException ignored) {
                // the garbage the dead-letter test sends
            }
        }
        return out;
    }

    void update(String sql, Object... args) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }

    int count(String sql, Object... args) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
