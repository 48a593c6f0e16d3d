package dev.fewshot.service.testing;

import dev.fewshot.contracts.EmbedEvent;
import dev.fewshot.contracts.RunEvent;
import dev.fewshot.contracts.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain kafka-clients access for the services' tests: send records, read a whole topic back. */
public final class KafkaTestClient {
    /** Generous: the services' tests run next to a busy broker on a small CI machine. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private KafkaTestClient() {
    }

    public static void send(String bootstrap, String topic, String key, byte[] value) throws Exception {
        sendAll(bootstrap, topic, List.of(Map.entry(key, value)));
    }

    public static void send(String bootstrap, String topic, String key, String value) throws Exception {
        send(bootstrap, topic, key, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends the (key, value) records in order with one producer, waiting for each ack. */
    public static void sendAll(String bootstrap, String topic, List<Map.Entry<String, byte[]>> keyed) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
            for (Map.Entry<String, byte[]> e : keyed) {
                producer.send(new ProducerRecord<>(topic, e.getKey(), e.getValue())).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        }
    }

    /** Every record in the topic up to its current end offsets. */
    public static List<ConsumerRecord<String, byte[]>> readAll(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = c.partitionsFor(topic, TIMEOUT).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts, TIMEOUT);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end within " + TIMEOUT.toSeconds() + " s");
                }
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    /** The run events of one run, in topic order; each must be keyed by its run id. */
    public static List<RunEvent> runEvents(String bootstrap, String topic, String runId) {
        List<RunEvent> out = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : readAll(bootstrap, topic)) {
            RunEvent e = RunEvent.parse(new String(r.value(), StandardCharsets.UTF_8));
            if (e.runId().equals(runId)) {
                if (!runId.equals(r.key())) {
                    throw new AssertionError("event of run " + runId + " has key " + r.key());
                }
                out.add(e);
            }
        }
        return out;
    }

    /** The embed events of one request, in topic order. */
    public static List<EmbedEvent> embedEvents(String bootstrap, String requestId) {
        List<EmbedEvent> out = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : readAll(bootstrap, Topics.EMBED_EVENTS)) {
            EmbedEvent e = EmbedEvent.parse(new String(r.value(), StandardCharsets.UTF_8));
            if (e.requestId().equals(requestId)) {
                out.add(e);
            }
        }
        return out;
    }
}
