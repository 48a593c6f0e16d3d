package dev.fewshot.vectors;

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

    /**
     * Issue 12: a split published again yields its latest complete publication, whatever came after it unfinished,
     * and a publication that mixes dimensions is a clear error, not an ArrayIndexOutOfBoundsException.
     */
    @Test
    void theLatestCompletePublicationWins() throws Exception {
        FloatMatrix first = data.testX();
        float[] changed = first.data().clone();
        for (int i = 0; i < changed.length; i++) {
            changed[i] = -changed[i];
        }
        FloatMatrix second = new FloatMatrix(first.rows(), first.cols(), changed);
        try (VectorPublisher p = new VectorPublisher(kafka.bootstrapServers(), "vectors")) {
            p.publish("m", "ds4", "pub-a", Split.TEST, first, data.testY(), 16);
            p.publish("m", "ds4", "pub-b", Split.TEST, second, data.testY(), 16);
            // a third publication that never finishes (the embedder crashed mid-split): it must not win
            try (VectorPublisher q = new VectorPublisher(kafka.bootstrapServers(), "vectors")) {
                VectorStream unfinished = q.stream("m", "ds4", "pub-c", Split.TEST, first.cols(), null);
                unfinished.send(List.of(new VectorBatch.Item("0", data.testY()[0], first.row(0))));
            }
        }
        for (int reader = 0; reader < 3; reader++) { // every replica, every time
            SplitData got = new SplitReader(kafka.bootstrapServers(), "vectors")
                    .read("ds4", Set.of(Split.TEST), Duration.ofSeconds(30)).get(Split.TEST);
            assertEquals("pub-b", got.publication());
            assertArrayEquals(changed, got.x().data());
        }
        // a new dimension in a new publication is fine; mixed within one publication is an error naming both
        try (VectorPublisher p = new VectorPublisher(kafka.bootstrapServers(), "vectors")) {
            VectorStream mixed = p.stream("m", "ds5", "pub-x", Split.TEST, 16, null);
            mixed.send(List.of(new VectorBatch.Item("0", 1, new float[16])));
            VectorStream wider = p.stream("m", "ds5", "pub-x", Split.TEST, 32, null);
            wider.send(List.of(new VectorBatch.Item("1", 1, new float[32])));
            wider.finish(0);
        }
        SplitNotReadyException e = assertThrows(SplitNotReadyException.class, () ->
                new SplitReader(kafka.bootstrapServers(), "vectors").read("ds5", Set.of(Split.TEST), Duration.ofSeconds(3)));
        assertTrue(e.getMessage().contains("mixes dimensions 16 and 32"), e.getMessage());
        // a damaged record under a split's key: the split stays incomplete and the reason says why
        byte[] nan = VectorBatch.of("m", "ds7", "p", Split.TEST, 2, List.of(new VectorBatch.Item("0", 1, new float[2])))
                .encode();
        nan[nan.length - 1] = (byte) 0x7F;
        nan[nan.length - 2] = (byte) 0xC0;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            producer.send(new ProducerRecord<>("vectors", "ds7/test", nan));
            producer.send(new ProducerRecord<>("vectors", "ds7/test", VectorBatch.endOf("m", "ds7", "p", Split.TEST, 2,
                    new VectorBatch.EndMarker(1, 0)).encode())).get();
        }
        SplitNotReadyException d = assertThrows(SplitNotReadyException.class, () ->
                new SplitReader(kafka.bootstrapServers(), "vectors").read("ds7", Set.of(Split.TEST), Duration.ofSeconds(3)));
        assertTrue(d.getMessage().contains("damaged record") && d.getMessage().contains("NaN"), d.getMessage());
    }

    /** The end marker of a subset train split carries its plan, for the trainer to check runs against. */
    @Test
    void aSubsetSplitCarriesItsPlan() throws Exception {
        VectorBatch.EmbedPlan plan = new VectorBatch.EmbedPlan(List.of(1, 4), List.of(0L, 2L));
        try (VectorPublisher p = new VectorPublisher(kafka.bootstrapServers(), "vectors")) {
            VectorStream st = p.stream("m", "ds6", "req-1", Split.TRAIN, 16, plan);
            st.send(List.of(new VectorBatch.Item("a", 0, new float[16])));
            st.finish(0);
        }
        SplitData got = new SplitReader(kafka.bootstrapServers(), "vectors")
                .read("ds6", Set.of(Split.TRAIN), Duration.ofSeconds(30)).get(Split.TRAIN);
        assertEquals(plan, got.plan());
        assertEquals("req-1", got.publication());
    }
}
