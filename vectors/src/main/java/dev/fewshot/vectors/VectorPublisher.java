package dev.fewshot.vectors;

import dev.fewshot.contracts.Split;
import dev.fewshot.contracts.Topics;
import dev.fewshot.contracts.VectorBatch;
import dev.fewshot.core.linalg.FloatMatrix;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes a split's vectors in batches, then its end marker, on the vector topic. The key is
 * "dataset/split", so a split stays in order on one partition and the end marker comes last.
 */
public final class VectorPublisher implements AutoCloseable {
    /** 256 × 512-d vectors ≈ 0.5 MB per record: large enough for throughput, under Kafka's 1 MB default. */
    public static final int DEFAULT_BATCH = 256;

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;

    public VectorPublisher(String bootstrapServers, String topic) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(1 << 20));
        this.producer = new KafkaProducer<>(p);
        this.topic = topic;
    }

    public VectorPublisher(String bootstrapServers) {
        this(bootstrapServers, Topics.VECTORS);
    }

    /**
     * Publishes rows with ids "0", "1", ... (the .npy convention) and waits for every ack.
     *
     * @param labels per-row labels, or null (OOD); text rows use the class index
     * @return the number of vectors published
     */
    public long publish(String modelId, String datasetId, Split split, FloatMatrix x, int[] labels, int batchSize)
            throws InterruptedException {
        return publish(modelId, datasetId, java.util.UUID.randomUUID().toString(), split, x, labels, batchSize);
    }

    /** As above, as publication {@code publication}: readers take the latest complete publication of a split. */
    public long publish(String modelId, String datasetId, String publication, Split split, FloatMatrix x,
                        int[] labels, int batchSize) throws InterruptedException {
        int d = x.cols();
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        String key = datasetId + "/" + split.id();
        for (int start = 0; start < x.rows(); start += batchSize) {
            int end = Math.min(x.rows(), start + batchSize);
            List<VectorBatch.Item> items = new ArrayList<>(end - start);
            for (int i = start; i < end; i++) {
                int label = labels != null ? labels[i] : split.isText() ? i : -1;
                items.add(new VectorBatch.Item(Integer.toString(i), label, x.row(i)));
            }
            acks.add(producer.send(new ProducerRecord<>(topic, key,
                    VectorBatch.of(modelId, datasetId, publication, split, d, items).encode())));
        }
        acks.add(producer.send(new ProducerRecord<>(topic, key, VectorBatch.endOf(modelId, datasetId, publication,
                split, d, new VectorBatch.EndMarker(x.rows(), 0)).encode())));
        for (Future<RecordMetadata> f : acks) {
            try {
                f.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("publishing " + key + " failed: " + e.getCause().getMessage(), e.getCause());
            }
        }
        return x.rows();
    }

    /**
     * A stream of batches for one split, finished by its end marker (for producers that embed as they go).
     *
     * @param publication the publication id (the embed request's id)
     * @param plan        the embed plan a subset train split was cut to, or null for every item
     */
    public VectorStream stream(String modelId, String datasetId, String publication, Split split, int dim,
                               VectorBatch.EmbedPlan plan) {
        return new VectorStream(producer, topic, modelId, datasetId, publication, split, dim, plan);
    }

    @Override
    public void close() {
        producer.close();
    }
}
