package dev.fewshot.cli.local;

import dev.fewshot.contracts.Topics;
import dev.fewshot.stack.LocalStack;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The whole product on one machine: a real Kafka and PostgreSQL (LocalStack) plus the trainer
 * and evaluator services as child JVMs, all on 127.0.0.1. A supervisor restarts a service that dies, with a
 * back-off that doubles up to 30 s, as Kubernetes would, and records restarts in the state file
 * ({@code fewshot status} shows them). Closing stops everything.
 */
public final class LocalDeployment implements AutoCloseable {
    public static final int TRAINER_PORT = 8081;
    public static final int EVALUATOR_PORT = 8082;
    /** Partitions of the vector topic: room for several consumers, and a test of order independence. */
    static final int PARTITIONS = 3;

    private final LocalStack stack;
    private volatile ServiceProcess trainer;
    private volatile ServiceProcess evaluator;
    private volatile ServiceProcess embedder;
    private final Path stateDir;
    private final Path home;
    private final Map<String, Integer> restarts = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, String> lastExit = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean closing;
    private Thread supervisor;

    private LocalDeployment(LocalStack stack, ServiceProcess trainer, ServiceProcess evaluator, Path stateDir,
                            Path home) {
        this.stack = stack;
        this.trainer = trainer;
        this.evaluator = evaluator;
        this.stateDir = stateDir;
        this.home = home;
    }

    /**
     * @param home     the repository root (where the service jars are built)
     * @param stateDir data, logs and the state file
     */
    public static LocalDeployment start(Path home, Path stateDir, int trainerPort, int evaluatorPort)
            throws IOException, InterruptedException {
        Files.createDirectories(stateDir);
        LocalStack stack = LocalStack.start(stateDir.resolve("data"));
        ServiceProcess trainer = null;
        try {
            stack.kafka().createTopics(PARTITIONS, Topics.VECTORS, Topics.RUN_REQUESTS, Topics.RUN_EVENTS,
                    Topics.EMBED_REQUESTS, Topics.EMBED_EVENTS, Topics.DEAD_LETTERS);
            Map<String, String> cfg = new LinkedHashMap<>(stack.quarkusConfig());
            trainer = ServiceProcess.start("trainer-service", jar(home, "trainer-service"), trainerPort, cfg,
                    stateDir.resolve("logs/trainer-service.log"), Duration.ofSeconds(90));
            ServiceProcess evaluator = ServiceProcess.start("evaluator-service", jar(home, "evaluator-service"),
                    evaluatorPort, cfg, stateDir.resolve("logs/evaluator-service.log"), Duration.ofSeconds(90));
            LocalDeployment d = new LocalDeployment(stack, trainer, evaluator, stateDir, home);
            d.writeState();
            d.supervise();
            return d;
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (trainer != null) {
                trainer.close();
            }
            stack.close();
            throw e;
        }
    }

    static Path jar(Path home, String service) {
        return home.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
    }

    public String bootstrapServers() {
        return stack.bootstrapServers();
    }

    public LocalStack stack() {
        return stack;
    }

    public String evaluatorUrl() {
        return evaluator.baseUrl();
    }

    public String trainerUrl() {
        return trainer.baseUrl();
    }

    /**
     * Starts the embedder service with a CLIP model directory (Hugging Face ONNX layout) and the
     * folders its requests may read images from.
     */
    public synchronized void startEmbedder(int port, Path modelDir, java.util.List<Path> dataRoots)
            throws IOException, InterruptedException {
        Map<String, String> cfg = new LinkedHashMap<>(stack.quarkusConfig());
        cfg.put("fewshot.embedder.model-dir", modelDir.toAbsolutePath().toString());
        cfg.put("fewshot.embedder.data-roots", String.join(",",
                dataRoots.stream().map(p -> p.toAbsolutePath().toString()).toList()));
        embedder = ServiceProcess.start("embedder-service", jar(home, "embedder-service"), port, cfg,
                stateDir.resolve("logs/embedder-service.log"), Duration.ofSeconds(90));
        writeState();
    }

    public String embedderUrl() {
        return embedder == null ? null : embedder.baseUrl();
    }

    /** Stops the trainer (SIGTERM, as Kubernetes would) and starts a new one on the same port. */
    public synchronized void restartTrainer() throws IOException, InterruptedException {
        trainer = trainer.restart();
    }

    /** Stops the evaluator and starts a new one on the same port. */
    public synchronized void restartEvaluator() throws IOException, InterruptedException {
        evaluator = evaluator.restart();
    }

    /** The process id of a service ("trainer-service", "evaluator-service", "embedder-service"), or -1. */
    public long pid(String service) {
        for (ServiceProcess sp : new ServiceProcess[] {trainer, evaluator, embedder}) {
            if (sp != null && sp.name().equals(service)) {
                return sp.pid();
            }
        }
        return -1;
    }

    /** How many times the supervisor restarted each service that died. */
    public Map<String, Integer> restarts() {
        return Map.copyOf(restarts);
    }

    private void supervise() {
        supervisor = new Thread(() -> {
            Map<String, Long> notBefore = new java.util.HashMap<>();
            while (!closing) {
                try {
                    Thread.sleep(500);
                    checkServices(notBefore);
                } catch (InterruptedException e) {
                    return;
                } catch (IOException | RuntimeException e) {
                    System.err.println("supervisor: " + e.getMessage()); // tried again after the back-off
                }
            }
        }, "fewshot-supervisor");
        supervisor.setDaemon(true);
        supervisor.start();
    }

    /** Restarts every service that is not running, once its back-off has passed. */
    private synchronized void checkServices(Map<String, Long> notBefore) throws IOException, InterruptedException {
        for (ServiceProcess sp : new ServiceProcess[] {trainer, evaluator, embedder}) {
            if (closing || sp == null || sp.isAlive()) {
                continue;
            }
            String name = sp.name();
            long now = System.nanoTime();
            if (now < notBefore.getOrDefault(name, 0L)) {
                continue;
            }
            int n = restarts.merge(name, 1, Integer::sum);
            lastExit.put(name, String.valueOf(sp.exitCode()));
            long backoffMs = Math.min(30_000, 1000L << Math.min(n - 1, 5));
            notBefore.put(name, now + backoffMs * 1_000_000);
            System.err.printf("supervisor: %s exited (%s); restart %d%n", name, sp.exitCode(), n);
            ServiceProcess fresh = sp.restart();
            if (sp == trainer) {
                trainer = fresh;
            } else if (sp == evaluator) {
                evaluator = fresh;
            } else {
                embedder = fresh;
            }
            writeState();
        }
    }

    /** The state file that `fewshot run`, `fewshot down` and users read. */
    public static Path stateFile(Path stateDir) {
        return stateDir.resolve("deployment.properties");
    }

    private synchronized void writeState() throws IOException {
        Properties p = new Properties();
        p.setProperty("pid", Long.toString(ProcessHandle.current().pid()));
        p.setProperty("bootstrap.servers", stack.bootstrapServers());
        p.setProperty("jdbc.url", stack.jdbcUrl());
        p.setProperty("jdbc.user", stack.postgres().user());
        p.setProperty("jdbc.password", stack.postgres().password());
        p.setProperty("trainer.url", trainer.baseUrl());
        p.setProperty("evaluator.url", evaluator.baseUrl());
        if (embedder != null) {
            p.setProperty("embedder.url", embedder.baseUrl());
        }
        for (ServiceProcess sp : new ServiceProcess[] {trainer, evaluator, embedder}) {
            if (sp != null) {
                p.setProperty(sp.name() + ".pid", Long.toString(sp.pid()));
                p.setProperty(sp.name() + ".restarts", Integer.toString(restarts.getOrDefault(sp.name(), 0)));
                if (lastExit.containsKey(sp.name())) {
                    p.setProperty(sp.name() + ".last-exit", lastExit.get(sp.name()));
                }
            }
        }
        Path tmp = stateDir.resolve("deployment.properties.tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            p.store(out, "fewshot local deployment");
        }
        Files.move(tmp, stateFile(stateDir), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void close() {
        closing = true;
        if (supervisor != null) {
            supervisor.interrupt();
        }
        try {
            Files.deleteIfExists(stateFile(stateDir));
        } catch (IOException ignored) {
            // best effort: the processes below matter more
        }
        synchronized (this) { // after a restart the supervisor may be finishing
            if (embedder != null) {
                embedder.close();
            }
            evaluator.close();
            trainer.close();
        }
        stack.close();
    }
}
