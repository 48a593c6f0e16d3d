package dev.fewshot.vectors;

import dev.fewshot.contracts.Split;
import dev.fewshot.contracts.VectorBatch;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * One split being published batch by batch. At most {@link #MAX_UNACKED} batches wait for their ack:
 * a slow broker slows the caller down (back-pressure) instead of filling memory. The end marker is
 * sent only after every batch is acknowledged, so a reader that sees it has seen every item.
 * Not thread-safe: one embedding job owns its stream.
 */
public final class VectorStream {
    static final int MAX_UNACKED = 8;

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final String modelId;
    private final String datasetId;
    private final String publication;
    private final VectorBatch.EmbedPlan plan;
    private final Split split;
    private final int dim;
    private final String key;
    private final Deque<Future<RecordMetadata>> unacked = new ArrayDeque<>();
    private long published;

    VectorStream(KafkaProducer<String, byte[]> producer, String topic, String modelId, String datasetId,
                 String publication, Split split, int dim, VectorBatch.EmbedPlan plan) {
        this.producer = producer;
        this.topic = topic;
        this.modelId = modelId;
        this.datasetId = datasetId;
        this.publication = publication;
        this.plan = plan;
        this.split = split;
        this.dim = dim;
        this.key = datasetId + "/" + split.id();
    }

    /** Sends one batch; blocks while {@link #MAX_UNACKED} earlier batches are still unacknowledged. */
    public void send(List<VectorBatch.Item> items) throws InterruptedException {
        if (items.isEmpty()) {
            return;
        }
        while (unacked.size() >= MAX_UNACKED) {
            await(unacked.removeFirst());
        }
        unacked.addLast(producer.send(new ProducerRecord<>(topic, key,
                VectorBatch.of(modelId, datasetId, publication, split, dim, items).encode())));
        published += items.size();
    }

    /** Waits for every batch, then sends and waits for the end marker. @return the items published */
    public long finish(long failedCount) throws InterruptedException {
        while (!unacked.isEmpty()) {
            await(unacked.removeFirst());
        }
        await(producer.send(new ProducerRecord<>(topic, key, VectorBatch.endOf(modelId, datasetId, publication, split,
                dim, new VectorBatch.EndMarker(published, failedCount, plan)).encode())));
        return published;
    }

    public long published() {
        return published;
    }

    private void await(Future<RecordMetadata> f) throws InterruptedException {
        try {
            f.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("publishing " + key + " failed: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
