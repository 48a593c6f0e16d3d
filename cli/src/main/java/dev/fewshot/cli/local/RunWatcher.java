package dev.fewshot.cli.local;

import dev.fewshot.contracts.InvalidMessageException;
import dev.fewshot.contracts.RunEvent;
import dev.fewshot.contracts.Topics;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Follows one run's events on the event topic and prints its progress until it completes or fails. */
public final class RunWatcher {
    private final String bootstrapServers;

    public RunWatcher(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** @return the final event (completed or failed) */
    public RunEvent await(String runId, Duration timeout, PrintStream out) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(Topics.RUN_EVENTS, Duration.ofSeconds(30))) {
                parts.add(new TopicPartition(Topics.RUN_EVENTS, info.partition()));
            }
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (!runId.equals(r.key())) {
                        continue;
                    }
                    RunEvent e;
                    try {
                        e = RunEvent.parse(r.value());
                    } catch (InvalidMessageException bad) {
                        continue;
                    }
                    print(e, (System.nanoTime() - start) / 1e9, out);
                    if (e.type() == RunEvent.Type.completed || e.type() == RunEvent.Type.failed) {
                        return e;
                    }
                }
            }
        }
        throw new IllegalStateException("run " + runId + " did not finish within " + timeout.toSeconds() + " s");
    }

    private static void print(RunEvent e, double secs, PrintStream out) {
        String where = e.head() == null ? "" : String.format(" %-10s K=%-2d seed=%d", e.head(), e.k(), e.seed());
        String progress = e.total() == null ? "" : String.format(" [%d/%d]", e.done(), e.total());
        String reason = e.reason() == null ? "" : ": " + e.reason();
        out.printf("[%6.1fs] %-13s%s%s%s%n", secs, e.type(), where, progress, reason);
    }
}
