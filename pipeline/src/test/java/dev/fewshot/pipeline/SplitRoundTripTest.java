package dev.fewshot.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fewshot.contracts.Split;
import dev.fewshot.contracts.VectorBatch;
import dev.fewshot.core.linalg.FloatMatrix;
import dev.fewshot.core.synth.SyntheticClipData;
import dev.fewshot.stack.LocalKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Vectors through a real broker: what goes in comes back, in canonical order, complete. */
class SplitRoundTripTest {
    static LocalKafka kafka;
    static SyntheticClipData.Data data;

    @BeforeAll
    static void start() {
        kafka = LocalKafka.start(null);
        kafka.createTopics(3, "vectors");
        data = SyntheticClipData.generate(SyntheticClipData.Params.defaults(10, 16).withSizes(7, 50, 20));
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    @Test
    void publishedSplitsReadBackBitExact() throws Exception {
        try (VectorPublisher p = new VectorPublisher(kafka.bootstrapServers(), "vectors")) {
            p.publish("m", "ds1", Split.TRAIN, data.trainX(), data.trainY(), 16);
            p.publish("m", "ds1", Split.OOD, data.oodX(), null, 16);
            p.publish("m", "ds1", Split.TEXT, data.textX(), null, 16);
        }
        Map<Split, SplitData> got = new SplitReader(kafka.bootstrapServers(), "vectors")
                .read("ds1", Set.of(Split.TRAIN, Split.OOD, Split.TEXT), Duration.ofSeconds(30));
        SplitData train = got.get(Split.TRAIN);
        assertArrayEquals(data.trainY(), train.labels());
        assertArrayEquals(data.trainX().data(), train.x().data());
        assertEquals("0", train.itemIds()[0]);
        assertEquals("69", train.itemIds()[69]);
        assertArrayEquals(data.oodX().data(), got.get(Split.OOD).x().data());
        assertArrayEquals(data.textX().data(), got.get(Split.TEXT).x().data());
        assertEquals(10, got.get(Split.TEXT).size());
    }

    @Test
    void arrivalOrderAndDuplicatesDoNotMatter() throws Exception {
        // Items in random batches, shuffled, one batch sent twice; then the end marker.
        FloatMatrix x = data.testX();
        List<VectorBatch.Item> items = new ArrayList<>();
        for (int i = 0; i < x.rows(); i++) {
            items.add(new VectorBatch.Item(Integer.toString(i), data.testY()[i], x.row(i)));
        }
        Collections.shuffle(items, new Random(4));
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            for (int start = 0; start < items.size(); start += 7) {
                byte[] rec = VectorBatch.of("m", "ds2", Split.TEST, x.cols(),
                        items.subList(start, Math.min(items.size(), start + 7))).encode();
                producer.send(new ProducerRecord<>("vectors", "ds2/test", rec));
                if (start == 14) {
                    producer.send(new ProducerRecord<>("vectors", "ds2/test", rec));
                }
            }
            producer.send(new ProducerRecord<>("vectors", "ds2/test", "garbage".getBytes()));
            producer.send(new ProducerRecord<>("vectors", "ds2/test",
                    VectorBatch.endOf("m", "ds2", Split.TEST, x.cols(), x.rows(), 2).encode())).get();
        }
        SplitData test = new SplitReader(kafka.bootstrapServers(), "vectors")
                .read("ds2", Set.of(Split.TEST), Duration.ofSeconds(30)).get(Split.TEST);
        assertArrayEquals(x.data(), test.x().data());
        assertArrayEquals(data.testY(), test.labels());
        assertEquals(2, test.failedCount());
    }

    @Test
    void incompleteSplitsAreReportedByName() throws Exception {
        try (VectorPublisher p = new VectorPublisher(kafka.bootstrapServers(), "vectors")) {
            p.publish("m", "ds3", Split.TRAIN, data.trainX(), data.trainY(), 16);
        }
        SplitNotReadyException e = assertThrows(SplitNotReadyException.class, () ->
                new SplitReader(kafka.bootstrapServers(), "vectors")
                        .read("ds3", Set.of(Split.TRAIN, Split.TEXT), Duration.ofSeconds(3)));
        assertTrue(e.getMessage().contains("dataset 'ds3'") && e.getMessage().contains("text (no records)"),
                e.getMessage());
    }
}
