package dev.fewshot.stack;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Kafka and PostgreSQL together, both on 127.0.0.1, started in parallel. */
public final class LocalStack implements AutoCloseable {
    private final LocalKafka kafka;
    private volatile LocalPostgres postgres;
    private final long kafkaStartMillis;
    private final long postgresStartMillis;

    private LocalStack(LocalKafka kafka, LocalPostgres postgres, long kafkaStartMillis, long postgresStartMillis) {
        this.kafka = kafka;
        this.postgres = postgres;
        this.kafkaStartMillis = kafkaStartMillis;
        this.postgresStartMillis = postgresStartMillis;
    }

    /** Both in temp directories (deleted on close), random ports. */
    public static LocalStack start() {
        return start(null, 0, 0, LocalKafka.DEFAULT_PARTITIONS);
    }

    /** Data in {@code stateDir/kafka} and {@code stateDir/pg} (kept across restarts), random ports. */
    public static LocalStack start(Path stateDirOrNull) {
        return start(stateDirOrNull, 0, 0, LocalKafka.DEFAULT_PARTITIONS);
    }

    /**
     * @param stateDirOrNull {@code null}: temp directories; otherwise {@code stateDir/kafka} and {@code stateDir/pg}
     * @param kafkaPort      0 for a random free port
     * @param postgresPort   0 for a random free port
     * @param partitions     {@code num.partitions} for auto-created topics
     */
    public static LocalStack start(Path stateDirOrNull, int kafkaPort, int postgresPort, int partitions) {
        Path kafkaDir = stateDirOrNull == null ? null : stateDirOrNull.resolve("kafka");
        Path pgDir = stateDirOrNull == null ? null : stateDirOrNull.resolve("pg");
        long t0 = System.nanoTime();
        AtomicLong pgMillis = new AtomicLong();
        CompletableFuture<LocalPostgres> pgFuture = CompletableFuture.supplyAsync(() -> {
            LocalPostgres started = LocalPostgres.start(pgDir, postgresPort);
            pgMillis.set((System.nanoTime() - t0) / 1_000_000);
            return started;
        });
        LocalKafka kafka = null;
        try {
            kafka = LocalKafka.start(kafkaDir, kafkaPort, partitions);
        } catch (RuntimeException e) {
            closeWhenStarted(pgFuture);
            throw e;
        }
        long kafkaMillis = (System.nanoTime() - t0) / 1_000_000;
        LocalPostgres pg;
        try {
            pg = pgFuture.get(LocalPostgres.START_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS);
        } catch (Exception e) {
            kafka.close();
            closeWhenStarted(pgFuture);
            Throwable cause = e instanceof java.util.concurrent.ExecutionException || e instanceof CompletionException
                ? e.getCause() : e;
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("could not start local PostgreSQL", cause);
        }
        return new LocalStack(kafka, pg, kafkaMillis, pgMillis.get());
    }

    private static void closeWhenStarted(CompletableFuture<LocalPostgres> pgFuture) {
        pgFuture.thenAccept(LocalPostgres::close);
        try {
            pgFuture.get(LocalPostgres.START_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // it failed too, or never finished: nothing more to close
        }
    }

    public LocalKafka kafka() {
        return kafka;
    }

    public LocalPostgres postgres() {
        return postgres;
    }

    /**
     * Stops PostgreSQL, keeps it down for {@code downtime}, and starts it again on the same port
     * with the same data: an outage, for tests of the services' retries. Needs a state directory.
     */
    public void restartPostgres(java.time.Duration downtime) throws InterruptedException {
        LocalPostgres old = postgres;
        if (old.dataDir() == null) {
            throw new IllegalStateException("restartPostgres needs a stack started with a state directory");
        }
        old.close();
        Thread.sleep(downtime.toMillis());
        postgres = LocalPostgres.start(old.dataDir(), old.port());
    }

    /**
     * SIGKILL of the postmaster and every backend (no shutdown, no checkpoint), {@code downtime} without a
     * database, then a start on the same data: PostgreSQL replays its WAL, as after a power cut.
     */
    public void killPostgres(java.time.Duration downtime) throws InterruptedException {
        LocalPostgres old = postgres;
        if (old.dataDir() == null) {
            throw new IllegalStateException("killPostgres needs a stack started with a state directory");
        }
        LocalPostgres.killAll(old.dataDir());
        old.close(); // finds no server to stop, and releases the data directory's lock for the restart
        Thread.sleep(downtime.toMillis());
        postgres = LocalPostgres.start(old.dataDir(), old.port());
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String jdbcUrl() {
        return postgres.jdbcUrl();
    }

    /** Milliseconds from start() until Kafka answered describeCluster. */
    public long kafkaStartMillis() {
        return kafkaStartMillis;
    }

    /** Milliseconds from start() until PostgreSQL answered select 1 (it starts in parallel with Kafka). */
    public long postgresStartMillis() {
        return postgresStartMillis;
    }

    /**
     * What a Quarkus service needs to use this stack: {@code kafka.bootstrap.servers},
     * {@code quarkus.datasource.jdbc.url}, {@code quarkus.datasource.username}, {@code quarkus.datasource.password}
     * and {@code quarkus.devservices.enabled=false}.
     */
    public Map<String, String> quarkusConfig() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        m.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl());
        m.put("quarkus.datasource.username", postgres.user());
        m.put("quarkus.datasource.password", postgres.password());
        m.put("quarkus.devservices.enabled", "false");
        return m;
    }

    /** Stops Kafka first (it may still be talking to clients), then PostgreSQL. */
    @Override
    public void close() {
        try {
            kafka.close();
        } finally {
            postgres.close();
        }
    }

    @Override
    public String toString() {
        return "LocalStack[" + kafka + ", " + postgres + "]";
    }
}
