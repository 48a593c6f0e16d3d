package dev.fewshot.cli.commands;

import dev.fewshot.cli.local.Home;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Option;

/** The broker a request goes to: --bootstrap-servers, else the local deployment's, else KAFKA_BOOTSTRAP_SERVERS. */
public final class KafkaTarget {
    @Option(names = "--state-dir", description = "local deployment state (default: .fewshot/local)")
    Path stateDir;
    @Option(names = "--bootstrap-servers", description = "Kafka (default: the local deployment's)")
    String bootstrap;

    /** The local deployment's state file (empty when none is up). */
    Properties state() {
        return Home.state(stateDir == null ? Home.defaultStateDir() : stateDir).orElse(new Properties());
    }

    String servers() {
        String servers = bootstrap != null ? bootstrap
                : state().getProperty("bootstrap.servers", System.getenv("KAFKA_BOOTSTRAP_SERVERS"));
        if (servers == null) {
            throw new IllegalArgumentException("no Kafka: start the local deployment with `./fewshot up` or pass --bootstrap-servers");
        }
        return servers;
    }

    /** Publishes one JSON message and waits for the broker's ack. */
    static void send(String servers, String topic, String key, String json) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>(topic, key, json)).get();
        }
    }
}
