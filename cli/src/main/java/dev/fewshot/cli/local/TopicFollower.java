package dev.fewshot.cli.local;

import dev.fewshot.contracts.InvalidMessageException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows the JSON events of one key (a run or an embed request) on an event topic, from the start, until
 * a final one arrives. No consumer group: watching never moves anyone's offsets.
 */
final class TopicFollower {
    private TopicFollower() {
    }

    /**
     * @param parse   JSON → event; unreadable events are skipped
     * @param print   called with each event and the seconds since the start
     * @return the final event
     */
    static <E> E follow(String bootstrapServers, String topic, String key, Duration timeout, Function<String, E> parse,
                        Predicate<E> isFinal, BiConsumer<E, Double> print, String what) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                parts.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (!key.equals(r.key())) {
                        continue;
                    }
                    E e;
                    try {
                        e = parse.apply(r.value());
                    } catch (InvalidMessageException bad) {
                        continue;
                    }
                    print.accept(e, (System.nanoTime() - start) / 1e9);
                    if (isFinal.test(e)) {
                        return e;
                    }
                }
            }
        }
        throw new IllegalStateException(what + " " + key + " did not finish within " + timeout.toSeconds() + " s");
    }
}
