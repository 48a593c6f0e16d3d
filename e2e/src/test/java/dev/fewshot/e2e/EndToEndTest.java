package dev.fewshot.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fewshot.cli.Main;
import dev.fewshot.cli.commands.GenerateCommand;
import dev.fewshot.cli.local.Home;
import dev.fewshot.cli.local.LocalDeployment;
import dev.fewshot.cli.local.RunWatcher;
import dev.fewshot.contracts.RunEvent;
import dev.fewshot.core.sweep.ResultRow;
import dev.fewshot.core.synth.SyntheticClipData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product end to end: the CLI publishes .npy features to a real Kafka, a run request goes
 * through Kafka, the packaged trainer and evaluator services do the work, and the metrics they
 * write to a real PostgreSQL equal, value for value, what `fewshot sweep` computes in-process on
 * the same files.
 */
class EndToEndTest {
    @TempDir
    static Path dir;
    static LocalDeployment deployment;

    @BeforeAll
    static void start() throws Exception {
        deployment = LocalDeployment.start(Home.root(), dir.resolve("state"), freePort(), freePort());
        GenerateCommand.write(dir.resolve("data"), SyntheticClipData.generate(
                SyntheticClipData.Params.defaults(24, 64).withSizes(12, 480, 160)));
    }

    @AfterAll
    static void stop() {
        if (deployment != null) {
            deployment.close();
        }
    }

    static int freePort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    private static String f(String name) {
        return dir.resolve("data").resolve(name + ".npy").toString();
    }

    static boolean published;

    /** Publishes the .npy files through the CLI, once for all tests. */
    static synchronized void publish(String bs) {
        if (published) {
            return;
        }
        publishTo(bs);
        published = true;
    }

    /** Publishes the .npy files through the CLI to the broker at {@code bs}. */
    static void publishTo(String bs) {
        for (String[] split : new String[][]{{"train", "train_x", "train_y"}, {"test", "test_x", "test_y"},
                {"ood", "ood_x", null}, {"text", "text_x", null}}) {
            String[] args = split[2] == null
                    ? new String[]{"publish-features", "--dataset", "e2e", "--split", split[0], "--x", f(split[1]),
                    "--bootstrap-servers", bs}
                    : new String[]{"publish-features", "--dataset", "e2e", "--split", split[0], "--x", f(split[1]),
                    "--y", f(split[2]), "--bootstrap-servers", bs};
            assertEquals(0, Main.run(args), "publish " + split[0]);
        }
    }

    @Test
    void distributedRunEqualsTheInProcessSweep() throws Exception {
        String runId = requestRun("e2e-run-1");
        assertCompletesLikeTheSweep(runId);
    }

    @Test
    void servicesStoppedMidRunFinishItWithTheSameMetrics() throws Exception {
        String runId = requestRun("e2e-restart");
        awaitFirst(runId, RunEvent.Type.heads_trained);
        deployment.restartTrainer();
        deployment.restartEvaluator();
        assertCompletesLikeTheSweep(runId);
    }

    /**
     * SIGKILL (no shutdown hook, no commit) of the trainer mid-fit and of the evaluator mid-scoring: the supervisor
     * restarts each, as Kubernetes would, the run completes with the in-process sweep's metrics, and
     * {@code fewshot status} shows the restarts with every service UP.
     */
    @Test
    void aServiceKilledMidRunIsRestartedAndTheRunCompletes() throws Exception {
        String runId = requestRun("e2e-sigkill");
        awaitFirst(runId, RunEvent.Type.heads_trained);
        long trainerPid = deployment.pid("trainer-service");
        ProcessHandle.of(trainerPid).orElseThrow().destroyForcibly();
        awaitFirst(runId, RunEvent.Type.evaluated);
        ProcessHandle.of(deployment.pid("evaluator-service")).orElseThrow().destroyForcibly();
        assertCompletesLikeTheSweep(runId);
        assertTrue(deployment.restarts().getOrDefault("trainer-service", 0) >= 1, deployment.restarts().toString());
        assertTrue(deployment.restarts().getOrDefault("evaluator-service", 0) >= 1, deployment.restarts().toString());
        assertTrue(deployment.pid("trainer-service") != trainerPid);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream old = System.out;
        int code;
        System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            code = Main.run("status", "--state-dir", dir.resolve("state").toString());
        } finally {
            System.setOut(old);
        }
        String status = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, code, status);
        assertTrue(status.matches("(?s).*trainer .* UP +UP +[1-9].*"), status);
        assertTrue(status.matches("(?s).*evaluator .* UP +UP +[1-9].*"), status);
    }

    @Test
    void aPostgresOutageMidRunLosesNothing() throws Exception {
        String runId = requestRun("e2e-pg-outage");
        awaitFirst(runId, RunEvent.Type.heads_trained);
        assertTrue(countEvents(runId, RunEvent.Type.completed) == 0, "the outage must hit a run in progress");
        deployment.stack().restartPostgres(Duration.ofSeconds(8));
        assertCompletesLikeTheSweep(runId);
    }

    /** SIGKILL of every PostgreSQL process mid-run (crash recovery on restart): nothing lost, nothing twice. */
    @Test
    void aPostgresKilledMidRunLosesNothing() throws Exception {
        String runId = requestRun("e2e-pg-kill");
        awaitFirst(runId, RunEvent.Type.evaluated);
        assertTrue(countEvents(runId, RunEvent.Type.completed) == 0, "the kill must hit a run in progress");
        deployment.stack().killPostgres(Duration.ofSeconds(5));
        assertCompletesLikeTheSweep(runId);
        assertEquals(1, countEvents(runId, RunEvent.Type.completed));
    }

    /**
     * SIGKILL of Kafka (with PostgreSQL: the stack in its own JVM, as `fewshot-stack up` runs it, and every
     * postmaster process) in the middle of a run, with the trainer and evaluator left running; the stack comes
     * back on the same ports and data, the services reconnect by themselves, and the run completes with the
     * sweep's metrics.
     */
    @Test
    void kafkaKilledMidRunLosesNothing() throws Exception {
        Path stackDir = dir.resolve("kstack");
        int kafkaPort = freePort();
        int pgPort = freePort();
        Process stack = startStack(stackDir, kafkaPort, pgPort);
        java.util.Properties props = awaitStackFile(stackDir, stack);
        Map<String, String> cfg = new java.util.LinkedHashMap<>();
        for (String k : props.stringPropertyNames()) {
            if (k.contains(".") && !k.startsWith("jdbc.") && !k.equals("bootstrap.servers")) {
                cfg.put(k, props.getProperty(k));
            }
        }
        String bs = props.getProperty("bootstrap.servers");
        String jdbc = props.getProperty("jdbc.url");
        String user = props.getProperty("jdbc.user");
        String password = props.getProperty("jdbc.password");
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                Map.of("bootstrap.servers", bs))) {
            admin.createTopics(java.util.stream.Stream.of(dev.fewshot.contracts.Topics.VECTORS,
                    dev.fewshot.contracts.Topics.RUN_REQUESTS, dev.fewshot.contracts.Topics.RUN_EVENTS,
                    dev.fewshot.contracts.Topics.DEAD_LETTERS)
                    .map(t -> new org.apache.kafka.clients.admin.NewTopic(t, 3, (short) 1)).toList()).all().get();
        }
        java.util.List<dev.fewshot.cli.local.ServiceProcess> services = new java.util.ArrayList<>();
        try {
            for (String name : List.of("trainer-service", "evaluator-service")) {
                services.add(dev.fewshot.cli.local.ServiceProcess.start(name,
                        Home.root().resolve(name).resolve("target/quarkus-app/quarkus-run.jar"), freePort(), cfg,
                        stackDir.resolve("logs/" + name + ".log"), Duration.ofSeconds(120)));
            }
            publishTo(bs);
            String runId = "e2e-kafka-kill";
            assertEquals(0, Main.run("run", "--dataset", "e2e", "--run-id", runId, "--shots", "0,1,2,4", "--seeds",
                    "0,1", "--linear-c", "1", "--bootstrap-servers", bs));
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (count(jdbc, user, password, runId, "heads_trained") == 0) {
                assertTrue(System.nanoTime() < deadline, "no heads_trained event");
                Thread.sleep(50);
            }
            assertEquals(0, count(jdbc, user, password, runId, "completed"), "the kill must hit a run in progress");
            killStack(stack, stackDir);
            Thread.sleep(3000);
            stack = startStack(stackDir, kafkaPort, pgPort);
            awaitStackFile(stackDir, stack);
            RunEvent last = new RunWatcher(bs).await(runId, Duration.ofMinutes(5), System.err);
            assertEquals(RunEvent.Type.completed, last.type(), String.valueOf(last.reason()));
            assertEquals(expected(), stored(jdbc, user, password, runId));
            assertEquals(1, count(jdbc, user, password, runId, "completed"));
        } finally {
            services.forEach(dev.fewshot.cli.local.ServiceProcess::close);
            stack.destroy();
            stack.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    private static Process startStack(Path stateDir, int kafkaPort, int pgPort) throws java.io.IOException {
        Files.createDirectories(stateDir.resolve("logs"));
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-cp", System.getProperty("java.class.path"), "dev.fewshot.stack.StackMain", "up",
                "--state-dir", stateDir.toString(), "--kafka-port", Integer.toString(kafkaPort),
                "--pg-port", Integer.toString(pgPort), "--partitions", "3")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(stateDir.resolve("logs/stack.log").toFile())).start();
    }

    private static java.util.Properties awaitStackFile(Path stateDir, Process stack) throws Exception {
        Path file = stateDir.resolve(dev.fewshot.stack.StackMain.STATE_FILE);
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!Files.isRegularFile(file)) {
            assertTrue(stack.isAlive(), "the stack exited: " + Files.readString(stateDir.resolve("logs/stack.log")));
            assertTrue(System.nanoTime() < deadline, "the stack did not come up");
            Thread.sleep(200);
        }
        java.util.Properties p = new java.util.Properties();
        try (var in = Files.newInputStream(file)) {
            p.load(in);
        }
        return p;
    }

    /** SIGKILL of the stack's JVM (Kafka dies with it) and of every PostgreSQL process. */
    private static void killStack(Process stack, Path stateDir) throws Exception {
        stack.destroyForcibly();
        dev.fewshot.stack.LocalPostgres.killAll(stateDir.resolve("pg"));
        stack.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        Files.deleteIfExists(stateDir.resolve(dev.fewshot.stack.StackMain.STATE_FILE));
    }

    private static int count(String jdbc, String user, String password, String runId, String type) throws Exception {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(jdbc, user, password);
             java.sql.PreparedStatement ps = c.prepareStatement(
                     "select count(*) from run_events where run_id = ? and type = ?")) {
            ps.setString(1, runId);
            ps.setString(2, type);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (java.sql.SQLException e) {
            return 0; // the database is coming back
        }
    }

    /** Publishes the dataset (once) and requests a run through the CLI, with the sweep's settings. */
    private static String requestRun(String runId) {
        String bs = deployment.bootstrapServers();
        publish(bs);
        assertEquals(0, Main.run("run", "--dataset", "e2e", "--run-id", runId, "--shots", "0,1,2,4", "--seeds", "0,1",
                "--linear-c", "1", "--bootstrap-servers", bs));
        return runId;
    }

    private static void assertCompletesLikeTheSweep(String runId) throws Exception {
        RunEvent last;
        try {
            last = new RunWatcher(deployment.bootstrapServers()).await(runId, Duration.ofMinutes(5), System.err);
        } catch (RuntimeException e) {
            dumpServiceLogs();
            throw e;
        }
        assertEquals(RunEvent.Type.completed, last.type(), String.valueOf(last.reason()));
        assertEquals(expected(), stored(runId));
    }

    /** The last lines of each service's log, so that a run that did not finish says why. */
    static void dumpServiceLogs() {
        try (var logs = Files.list(dir.resolve("state/logs"))) {
            for (Path log : logs.toList()) {
                List<String> lines = Files.readAllLines(log);
                System.err.println("===== " + log.getFileName() + " (last 80 lines) =====");
                lines.subList(Math.max(0, lines.size() - 80), lines.size()).forEach(System.err::println);
            }
        } catch (java.io.IOException e) {
            System.err.println("could not read the service logs: " + e);
        }
    }

    private static int countEvents(String runId, RunEvent.Type type) throws Exception {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(deployment.stack().jdbcUrl(),
                deployment.stack().postgres().user(), deployment.stack().postgres().password());
             java.sql.PreparedStatement ps = c.prepareStatement(
                     "select count(*) from run_events where run_id = ? and type = ?")) {
            ps.setString(1, runId);
            ps.setString(2, type.name());
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Waits (bounded) until the run has published an event of this type. */
    private static void awaitFirst(String runId, RunEvent.Type type) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            if (countEvents(runId, type) > 0) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + type + " event for " + runId);
    }

    private static Map<String, String> stored(String runId) throws Exception {
        return stored(deployment.stack().jdbcUrl(), deployment.stack().postgres().user(),
                deployment.stack().postgres().password(), runId);
    }

    private static Map<String, String> stored(String jdbcUrl, String user, String password, String runId)
            throws Exception {
        List<ResultRow> stored;
        try (dev.fewshot.store.StandaloneStore store = dev.fewshot.store.StandaloneStore.on(jdbcUrl, user, password)) {
            stored = store.inTransaction(s -> new dev.fewshot.store.repositories.MetricRepository(s)
                    .read(runId, dev.fewshot.store.repositories.ResultOrder.AS_SWEEP));
        }
        Map<String, String> actual = new TreeMap<>();
        for (ResultRow r : stored) {
            actual.put(key(r.head(), r.k(), r.seed(), r.oodScore()), values(r.accuracy(), r.auroc(), r.fpr95(), r.auprIn(),
                    r.auprOut(), r.ece(), r.confId(), r.confOod()));
        }
        return actual;
    }

    /** What `fewshot sweep` computes in-process on the same files, keyed like {@link #stored}. */
    private static Map<String, String> expected() throws Exception {
        Path out = dir.resolve("sweep.jsonl");
        assertEquals(0, Main.run("sweep", "--train-x", f("train_x"), "--train-y", f("train_y"), "--test-x", f("test_x"),
                "--test-y", f("test_y"), "--ood-x", f("ood_x"), "--text-x", f("text_x"), "--shots", "0,1,2,4",
                "--seeds", "0,1", "--linear-c", "1", "--out", out.toString()));
        Map<String, String> expected = new TreeMap<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(out)) {
            JsonNode n = json.readTree(line);
            expected.put(key(n.get("head").asText(), n.get("k").asInt(), n.get("seed").asLong(), n.get("ood_score").asText()),
                    values(n.get("accuracy").asDouble(), n.get("auroc").asDouble(), n.get("fpr95").asDouble(),
                            n.get("aupr_in").asDouble(), n.get("aupr_out").asDouble(), n.get("ece").asDouble(),
                            n.get("conf_id").asDouble(), n.get("conf_ood").asDouble()));
        }
        assertTrue(expected.size() > 50, "the sweep produced " + expected.size() + " rows");
        return expected;
    }

    private static String key(String head, int k, long seed, String score) {
        return head + "/" + k + "/" + seed + "/" + score;
    }

    private static String values(double... v) {
        StringBuilder sb = new StringBuilder();
        for (double x : v) {
            sb.append(Long.toHexString(Double.doubleToRawLongBits(x))).append(' ');
        }
        return sb.toString();
    }
}
