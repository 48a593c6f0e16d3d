package dev.fewshot.vectors;

import dev.fewshot.contracts.InvalidMessageException;
import dev.fewshot.contracts.Split;
import dev.fewshot.contracts.VectorBatch;
import dev.fewshot.core.linalg.FloatMatrix;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads splits of a dataset from the start of the vector topic. No consumer group: every reader sees every record,
 * whatever the replica count. A split published again (fixed images, a new plan) is a new publication; the latest
 * complete one wins.
 */
public final class SplitReader {
    private final String bootstrapServers;
    private final String topic;

    public SplitReader(String bootstrapServers, String topic) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
    }

    /** Collected state of one publication of a split while reading. */
    private static final class Pending {
        final String publication;
        final Map<String, VectorBatch.Item> items = new LinkedHashMap<>();
        VectorBatch.EndMarker end;
        long endOffset = -1;
        String modelId;
        int dim = -1;
        String conflict;

        Pending(String publication) {
            this.publication = publication;
        }

        boolean complete() {
            return conflict == null && end != null && items.size() >= end.itemCount();
        }
    }

    /**
     * Reads every record present when the read starts (the end offsets then), and on until each split has a complete
     * publication. A split published more than once yields its latest complete publication (the one whose end marker
     * came last): the same answer on every replica whatever the poll boundaries, since the choice is made only once
     * all records up to those offsets are in.
     */
    public Map<Split, SplitData> read(String datasetId, Set<Split> splits, Duration timeout)
            throws SplitNotReadyException {
        Map<Split, Map<String, Pending>> pending = new EnumMap<>(Split.class);
        for (Split s : splits) {
            pending.put(s, new LinkedHashMap<>());
        }
        List<String> damaged = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> parts = partitions(consumer, deadline);
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> ends = consumer.endOffsets(parts);
            while (!caughtUp(consumer, ends) || !complete(pending)) {
                if (System.nanoTime() > deadline) {
                    throw new SplitNotReadyException(describeMissing(datasetId, pending)
                            + (damaged.isEmpty() ? "" : "; " + damaged.size() + " damaged record(s) under its keys, "
                            + "first: " + damaged.get(0)));
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    accept(r, datasetId, pending, damaged);
                }
            }
        }
        Map<Split, SplitData> out = new EnumMap<>(Split.class);
        for (Map.Entry<Split, Map<String, Pending>> e : pending.entrySet()) {
            out.put(e.getKey(), assemble(datasetId, e.getKey(), latestComplete(e.getValue())));
        }
        return out;
    }

    private static boolean caughtUp(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer, long deadline)
            throws SplitNotReadyException {
        while (true) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
            if (infos != null && !infos.isEmpty()) {
                List<TopicPartition> parts = new ArrayList<>();
                for (PartitionInfo p : infos) {
                    parts.add(new TopicPartition(topic, p.partition()));
                }
                return parts;
            }
            if (System.nanoTime() > deadline) {
                throw new SplitNotReadyException("topic " + topic + " does not exist yet");
            }
        }
    }

    private static void accept(ConsumerRecord<String, byte[]> r, String datasetId,
                               Map<Split, Map<String, Pending>> pending, List<String> damaged) {
        if (r.key() == null || !r.key().startsWith(datasetId + "/")) {
            return;
        }
        VectorBatch b;
        try {
            b = VectorBatch.decode(r.value());
        } catch (InvalidMessageException e) {
            // Not part of any publication: one missing its records stays incomplete, and the reason is reported.
            damaged.add(r.topic() + "-" + r.partition() + "@" + r.offset() + ": " + e.getMessage());
            return;
        }
        Map<String, Pending> pubs = pending.get(b.split());
        if (pubs == null || !b.datasetId().equals(datasetId)) {
            return;
        }
        Pending p = pubs.computeIfAbsent(b.publication(), Pending::new);
        if (p.dim >= 0 && p.dim != b.dim() && p.conflict == null) {
            p.conflict = "publication '" + p.publication + "' mixes dimensions " + p.dim + " and " + b.dim();
        }
        if (p.modelId != null && !p.modelId.equals(b.modelId()) && p.conflict == null) {
            p.conflict = "publication '" + p.publication + "' mixes models " + p.modelId + " and " + b.modelId();
        }
        p.modelId = b.modelId();
        p.dim = b.dim();
        if (b.isEnd()) {
            p.end = b.end();
            p.endOffset = r.offset(); // one key, one partition: end markers of a split are ordered by offset
        } else {
            for (VectorBatch.Item it : b.items()) {
                p.items.putIfAbsent(it.itemId(), it); // a redelivered batch adds nothing
            }
        }
    }

    private static boolean complete(Map<Split, Map<String, Pending>> pending) {
        for (Map<String, Pending> pubs : pending.values()) {
            if (latestComplete(pubs) == null) {
                return false;
            }
        }
        return true;
    }

    private static Pending latestComplete(Map<String, Pending> pubs) {
        Pending best = null;
        for (Pending p : pubs.values()) {
            if (p.complete() && (best == null || p.endOffset > best.endOffset)) {
                best = p;
            }
        }
        return best;
    }

    private static String describeMissing(String datasetId, Map<Split, Map<String, Pending>> pending) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<Split, Map<String, Pending>> e : pending.entrySet()) {
            if (latestComplete(e.getValue()) != null) {
                continue;
            }
            if (e.getValue().isEmpty()) {
                parts.add(e.getKey().id() + " (no records)");
            }
            for (Pending p : e.getValue().values()) {
                String pub = p.publication.isEmpty() ? "" : " publication '" + p.publication + "'";
                if (p.conflict != null) {
                    parts.add(e.getKey().id() + ": " + p.conflict);
                } else if (p.end == null) {
                    parts.add(e.getKey().id() + pub + " (no end marker after " + p.items.size() + " items)");
                } else {
                    parts.add(e.getKey().id() + pub + " (" + p.items.size() + " of " + p.end.itemCount() + " items)");
                }
            }
        }
        return "dataset '" + datasetId + "' is not complete: " + String.join(", ", parts);
    }

    private static SplitData assemble(String datasetId, Split split, Pending p) throws SplitNotReadyException {
        if (p.items.size() != p.end.itemCount()) {
            throw new SplitNotReadyException("dataset '" + datasetId + "' split " + split.id() + " has "
                    + p.items.size() + " items but its end marker says " + p.end.itemCount());
        }
        List<VectorBatch.Item> items = new ArrayList<>(p.items.values());
        items.sort(split.isText() ? Comparator.comparingInt(VectorBatch.Item::label) : ID_ORDER);
        int n = items.size(), d = Math.max(p.dim, 0);
        float[] x = new float[n * d];
        int[] y = new int[n];
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            VectorBatch.Item it = items.get(i);
            System.arraycopy(it.vector(), 0, x, i * d, d);
            y[i] = it.label();
            ids[i] = it.itemId();
        }
        return new SplitData(datasetId, split, p.modelId, new FloatMatrix(n, d, x), y, ids, p.end.failedCount(),
                p.publication, p.end.plan());
    }

    /** Numeric ids in numeric order (the .npy row ids), then other ids in string order. */
    static final Comparator<VectorBatch.Item> ID_ORDER = (a, b) -> {
        String x = a.itemId(), y = b.itemId();
        boolean nx = isNumber(x), ny = isNumber(y);
        if (nx && ny) {
            return x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
        }
        return nx != ny ? (nx ? -1 : 1) : x.compareTo(y);
    };

    private static boolean isNumber(String s) {
        if (s.isEmpty() || (s.length() > 1 && s.charAt(0) == '0')) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * The end offsets of the partitions that hold these splits' records (the producer's partition of each
     * "dataset/split" key): when none has moved, no publication of them can have been added since. A cheap check
     * that lets a cache of splits notice a re-publication.
     */
    public Map<TopicPartition, Long> version(String datasetId, Set<Split> splits) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos == null || infos.isEmpty()) {
                return Map.of();
            }
            Set<TopicPartition> parts = new java.util.HashSet<>();
            for (Split s : splits) {
                byte[] key = (datasetId + "/" + s.id()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                parts.add(new TopicPartition(topic, org.apache.kafka.common.utils.Utils.toPositive(
                        org.apache.kafka.common.utils.Utils.murmur2(key)) % infos.size()));
            }
            return Map.copyOf(consumer.endOffsets(parts, Duration.ofSeconds(10)));
        }
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(8 << 20));
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(64 << 20));
        return new KafkaConsumer<>(p);
    }
}
