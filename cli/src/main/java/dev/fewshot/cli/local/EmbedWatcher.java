package dev.fewshot.cli.local;

import dev.fewshot.contracts.EmbedEvent;
import dev.fewshot.contracts.InvalidMessageException;
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

/** Follows one embed request's events and prints progress and failed items until it completes or fails. */
public final class EmbedWatcher {
    private final String bootstrapServers;

    public EmbedWatcher(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** @return the final event (completed or failed) */
    public EmbedEvent await(String requestId, Duration timeout, PrintStream out) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(Topics.EMBED_EVENTS, Duration.ofSeconds(30))) {
                parts.add(new TopicPartition(Topics.EMBED_EVENTS, info.partition()));
            }
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (!requestId.equals(r.key())) {
                        continue;
                    }
                    EmbedEvent e;
                    try {
                        e = EmbedEvent.parse(r.value());
                    } catch (InvalidMessageException bad) {
                        continue;
                    }
                    print(e, (System.nanoTime() - start) / 1e9, out);
                    if (e.type() == EmbedEvent.Type.completed || e.type() == EmbedEvent.Type.failed) {
                        return e;
                    }
                }
            }
        }
        throw new IllegalStateException("embed request " + requestId + " did not finish within " + timeout.toSeconds() + " s");
    }

    private static void print(EmbedEvent e, double secs, PrintStream out) {
        String counts = e.total() == null ? "" : String.format(" [%d/%d, %d failed]", e.done(), e.total(), e.failed());
        String item = e.itemId() == null ? "" : " " + e.itemId();
        String reason = e.reason() == null ? "" : ": " + e.reason();
        out.printf("[%6.1fs] %-11s %s/%s%s%s%s%n", secs, e.type(), e.datasetId(), e.split(), counts, item, reason);
    }
}
