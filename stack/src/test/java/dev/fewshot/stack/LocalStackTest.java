package dev.fewshot.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(90)
class LocalStackTest {
    private static LocalStack stack;

    @BeforeAll
    static void startStack() {
        long t0 = System.nanoTime();
        stack = LocalStack.start();
        System.out.printf("LocalStack started in %d ms (kafka ready %d ms, postgres ready %d ms, in parallel)%n",
            (System.nanoTime() - t0) / 1_000_000, stack.kafkaStartMillis(), stack.postgresStartMillis());
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close(); // idempotent; the last test already closed it
        }
    }

    @Test
    @Order(1)
    void addressesAreLoopbackOnly() {
        assertTrue(stack.bootstrapServers().startsWith("127.0.0.1:"), stack.bootstrapServers());
        assertTrue(stack.jdbcUrl().startsWith("jdbc:postgresql://127.0.0.1:"), stack.jdbcUrl());
        assertTrue(stack.jdbcUrl().endsWith("/postgres"), stack.jdbcUrl());
        Map<String, String> q = stack.quarkusConfig();
        assertEquals(stack.bootstrapServers(), q.get("kafka.bootstrap.servers"));
        assertEquals(stack.jdbcUrl(), q.get("quarkus.datasource.jdbc.url"));
        assertEquals("postgres", q.get("quarkus.datasource.username"));
        assertNotNull(q.get("quarkus.datasource.password"));
        assertEquals("false", q.get("quarkus.devservices.enabled"));
        assertTrue(stack.kafka().dataDir().toString().contains("fewshot-kafka-"));
    }

    @Test
    @Order(2)
    void produceAndConsume() throws Exception {
        String topic = "stack-test-" + UUID.randomUUID();
        stack.kafka().createTopics(2, topic);
        stack.kafka().createTopics(2, topic); // idempotent

        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        pp.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        pp.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        pp.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        pp.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "20000");
        pp.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(pp)) {
            RecordMetadata md = producer.send(new ProducerRecord<>(topic, "k1", "hello")).get();
            assertEquals(topic, md.topic());
        }

        Properties cp = new Properties();
        cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        cp.put(ConsumerConfig.GROUP_ID_CONFIG, "stack-test-group");
        cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        cp.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        cp.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        ConsumerRecord<String, String> got = null;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cp)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (got == null && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    got = r;
                    break;
                }
            }
        }
        assertNotNull(got, "no record within 30 s");
        assertEquals("k1", got.key());
        assertEquals("hello", got.value());
    }

    @Test
    @Order(3)
    void autoCreatedTopicUsesDefaultPartitions() throws Exception {
        String topic = "auto-" + UUID.randomUUID();
        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        pp.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        pp.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        pp.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(pp)) {
            producer.send(new ProducerRecord<>(topic, "v")).get();
            assertEquals(LocalKafka.DEFAULT_PARTITIONS, producer.partitionsFor(topic).size());
        }
    }

    @Test
    @Order(4)
    void jdbcWorks() throws Exception {
        try (Connection c = stack.postgres().connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select 1")) {
                assertTrue(rs.next());
                assertEquals(1, rs.getInt(1));
            }
            s.execute("create table if not exists stack_probe (id int primary key, name text not null)");
            s.executeUpdate("insert into stack_probe values (1, 'one'), (2, 'two')");
            try (ResultSet rs = s.executeQuery("select count(*), max(name) from stack_probe")) {
                assertTrue(rs.next());
                assertEquals(2, rs.getInt(1));
                assertEquals("two", rs.getString(2));
            }
            try (ResultSet rs = s.executeQuery("show listen_addresses")) {
                assertTrue(rs.next());
                assertEquals("127.0.0.1", rs.getString(1));
            }
        }
    }

    @Test
    @Order(5)
    void stateFileIsWrittenAtomically(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path f = dir.resolve(StackMain.STATE_FILE);
        StackMain.writeStateFile(f, stack, 4242L);
        assertFalse(Files.exists(dir.resolve(StackMain.STATE_FILE + ".tmp")));
        Properties p = StackMain.readState(dir).orElseThrow();
        assertEquals("4242", p.getProperty("pid"));
        assertEquals(stack.bootstrapServers(), p.getProperty("bootstrap.servers"));
        assertEquals(stack.jdbcUrl(), p.getProperty("jdbc.url"));
        assertEquals(stack.jdbcUrl(), p.getProperty("quarkus.datasource.jdbc.url"));
        assertEquals("postgres", p.getProperty("jdbc.user"));
    }

    @Test
    @Order(6)
    void usageErrors() {
        var sink = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
        assertEquals(2, StackMain.run(new String[0], sink, sink));
        assertEquals(2, StackMain.run(new String[] {"up"}, sink, sink));
        assertEquals(2, StackMain.run(new String[] {"up", "--bogus", "x"}, sink, sink));
    }

    @Test
    @Order(100)
    void closeFreesThePorts() {
        int kafkaPort = stack.kafka().port();
        int controllerPort = stack.kafka().controllerPort();
        int pgPort = stack.postgres().port();
        Path kafkaDir = stack.kafka().dataDir();
        long t0 = System.nanoTime();
        stack.close();
        System.out.printf("LocalStack closed in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        for (int port : new int[] {kafkaPort, controllerPort, pgPort}) {
            assertThrows(java.io.IOException.class, () -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                }
            }, "still accepting on " + port);
            assertTrue(Ports.isFree(port), "cannot bind " + port);
        }
        assertFalse(Files.exists(kafkaDir), "temp dir not deleted: " + kafkaDir);
        stack.close(); // idempotent
    }
}
