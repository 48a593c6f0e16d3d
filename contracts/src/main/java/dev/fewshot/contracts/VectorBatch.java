package dev.fewshot.contracts;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One record of the vector topic: either a batch of float32 vectors with item ids and labels, or
 * the end marker of a split with its item counts. Binary, little-endian (layout in
 * docs/messages.md), so 512-d vectors cost 2 KB each rather than ~10 KB of JSON.
 *
 * @param publication which publication of the split the record belongs to (the embed request id, or a fresh id
 *                    per {@code publish-features}): a split published again is a new publication, and readers take
 *                    the latest complete one; "" for records of format 1
 * @param items       the vectors; empty for an end marker
 * @param end         the end marker; null for a batch
 */
public record VectorBatch(String modelId, String datasetId, String publication, Split split, int dim, List<Item> items,
                          EndMarker end) {
    /** Format 2 adds the publication id and the end marker's embed plan; format 1 is still read. */
    public static final int VERSION = 2;
    private static final int VERSION_1 = 1;
    private static final byte[] MAGIC = {'F', 'S', 'V', 'B'};
    private static final byte KIND_ITEMS = 1;
    private static final byte KIND_END = 2;

    /** @param label class index; -1 where the split has none (OOD) */
    public record Item(String itemId, int label, float[] vector) {
    }

    /**
     * @param itemCount   vectors published for the split
     * @param failedCount items that failed
     * @param plan        the K-shot plan a train split was cut to (only the union of these seeds' nested K-shot
     *                    sets was embedded), or null when every item was
     */
    public record EndMarker(long itemCount, long failedCount, EmbedPlan plan) {
        public EndMarker(long itemCount, long failedCount) {
            this(itemCount, failedCount, null);
        }
    }

    /** The shots and seeds whose nested support sets a subset split holds (K ≤ max shots, for these seeds). */
    public record EmbedPlan(List<Integer> shots, List<Long> seeds) {
        public EmbedPlan {
            shots = List.copyOf(shots);
            seeds = List.copyOf(seeds);
        }

        public int maxShots() {
            return shots.stream().mapToInt(Integer::intValue).max().orElse(0);
        }
    }

    public VectorBatch {
        items = List.copyOf(items);
        for (Item it : items) {
            if (it.vector().length != dim) {
                throw new IllegalArgumentException("item " + it.itemId() + " has " + it.vector().length
                        + " dimensions in a batch of dimension " + dim);
            }
        }
    }

    public static VectorBatch of(String modelId, String datasetId, Split split, int dim, List<Item> items) {
        return of(modelId, datasetId, "", split, dim, items);
    }

    public static VectorBatch of(String modelId, String datasetId, String publication, Split split, int dim,
                                 List<Item> items) {
        return new VectorBatch(modelId, datasetId, publication, split, dim, items, null);
    }

    public static VectorBatch endOf(String modelId, String datasetId, Split split, int dim, long count, long failed) {
        return endOf(modelId, datasetId, "", split, dim, new EndMarker(count, failed));
    }

    public static VectorBatch endOf(String modelId, String datasetId, String publication, Split split, int dim,
                                    EndMarker end) {
        return new VectorBatch(modelId, datasetId, publication, split, dim, List.of(), end);
    }

    public boolean isEnd() {
        return end != null;
    }

    /** Kafka key: dataset and split, so one split's records stay in order on one partition. */
    public String key() {
        return datasetId + "/" + split.id();
    }

    public byte[] encode() {
        byte[] model = modelId.getBytes(StandardCharsets.UTF_8);
        byte[] dataset = datasetId.getBytes(StandardCharsets.UTF_8);
        byte[] pub = publication.getBytes(StandardCharsets.UTF_8);
        int size = 4 + 2 + 1 + 1 + 2 + model.length + 2 + dataset.length + 2 + pub.length + 4;
        byte[][] ids = new byte[items.size()][];
        if (isEnd()) {
            size += 16 + 1;
            if (end.plan() != null) {
                size += 2 + 4 * end.plan().shots().size() + 2 + 8 * end.plan().seeds().size();
            }
        } else {
            size += 4;
            for (int i = 0; i < ids.length; i++) {
                ids[i] = items.get(i).itemId().getBytes(StandardCharsets.UTF_8);
                size += 2 + ids[i].length + 4 + 4 * dim;
            }
        }
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putShort((short) VERSION).put(isEnd() ? KIND_END : KIND_ITEMS).put(split.code());
        putString(b, model);
        putString(b, dataset);
        putString(b, pub);
        b.putInt(dim);
        if (isEnd()) {
            b.putLong(end.itemCount()).putLong(end.failedCount());
            EmbedPlan plan = end.plan();
            b.put((byte) (plan == null ? 0 : 1));
            if (plan != null) {
                b.putShort((short) plan.shots().size());
                plan.shots().forEach(b::putInt);
                b.putShort((short) plan.seeds().size());
                plan.seeds().forEach(b::putLong);
            }
        } else {
            b.putInt(items.size());
            for (int i = 0; i < ids.length; i++) {
                Item it = items.get(i);
                putString(b, ids[i]);
                b.putInt(it.label());
                b.asFloatBuffer().put(it.vector());
                b.position(b.position() + 4 * dim);
            }
        }
        return b.array();
    }

    /** Decodes a record; any damage gives an {@link InvalidMessageException} naming the problem. */
    public static VectorBatch decode(byte[] bytes) {
        if (bytes == null) {
            throw new InvalidMessageException("vector record has no value");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        try {
            for (byte m : MAGIC) {
                if (b.get() != m) {
                    throw new InvalidMessageException("not a fewshot vector batch (bad magic)");
                }
            }
            int version = Short.toUnsignedInt(b.getShort());
            if (version != VERSION && version != VERSION_1) {
                throw new InvalidMessageException("unsupported vector batch version " + version + " (this build reads "
                        + VERSION_1 + " and " + VERSION + ")");
            }
            byte kind = b.get();
            Split split = Split.fromCode(b.get());
            String model = getString(b, "model id");
            String dataset = getString(b, "dataset id");
            Ids.check("model id", model);
            Ids.check("dataset id", dataset);
            String publication = version == VERSION_1 ? "" : getString(b, "publication id");
            if (!publication.isEmpty()) {
                Ids.check("publication id", publication);
            }
            int dim = b.getInt();
            if (dim <= 0 || dim > 65536) {
                throw new InvalidMessageException("bad vector dimension " + dim);
            }
            VectorBatch out;
            if (kind == KIND_END) {
                long count = b.getLong();
                long failed = b.getLong();
                if (count < 0 || failed < 0) {
                    throw new InvalidMessageException("end marker has negative counts " + count + " / " + failed);
                }
                EmbedPlan plan = version == VERSION_1 ? null : readPlan(b);
                out = endOf(model, dataset, publication, split, dim, new EndMarker(count, failed, plan));
            } else if (kind == KIND_ITEMS) {
                int n = b.getInt();
                if (n < 0 || (long) n * (4L * dim + 6) > b.remaining()) {
                    throw new InvalidMessageException("batch claims " + n + " vectors but holds " + b.remaining() + " bytes");
                }
                Item[] items = new Item[n];
                for (int i = 0; i < n; i++) {
                    String id = getString(b, "item id");
                    if (id.isEmpty() || id.indexOf('\0') >= 0) {
                        throw new InvalidMessageException("item " + i + " has an empty id or one holding NUL");
                    }
                    int label = b.getInt();
                    if (label < -1) {
                        throw new InvalidMessageException("item '" + id + "' has label " + label + " (-1 or a class index)");
                    }
                    float[] v = new float[dim];
                    b.asFloatBuffer().get(v);
                    b.position(b.position() + 4 * dim);
                    for (int j = 0; j < dim; j++) {
                        if (!Float.isFinite(v[j])) {
                            throw new InvalidMessageException("item '" + id + "' has " + v[j] + " at dimension " + j);
                        }
                    }
                    items[i] = new Item(id, label, v);
                }
                out = of(model, dataset, publication, split, dim, List.of(items));
            } else {
                throw new InvalidMessageException("unknown vector record kind " + kind);
            }
            if (b.hasRemaining()) {
                throw new InvalidMessageException(b.remaining() + " trailing bytes after the vector batch");
            }
            return out;
        } catch (BufferUnderflowException e) {
            throw new InvalidMessageException("vector batch is truncated (" + bytes.length + " bytes)");
        } catch (IllegalArgumentException e) {
            throw e instanceof InvalidMessageException ime ? ime : new InvalidMessageException(e.getMessage());
        }
    }

    private static EmbedPlan readPlan(ByteBuffer b) {
        byte flag = b.get();
        if (flag == 0) {
            return null;
        }
        if (flag != 1) {
            throw new InvalidMessageException("end marker has plan flag " + flag);
        }
        int ns = Short.toUnsignedInt(b.getShort());
        if (ns * 4L > b.remaining()) {
            throw new BufferUnderflowException();
        }
        List<Integer> shots = new java.util.ArrayList<>(ns);
        for (int i = 0; i < ns; i++) {
            int k = b.getInt();
            if (k < 0) {
                throw new InvalidMessageException("end marker plan has K = " + k);
            }
            shots.add(k);
        }
        int nd = Short.toUnsignedInt(b.getShort());
        if (nd * 8L > b.remaining()) {
            throw new BufferUnderflowException();
        }
        List<Long> seeds = new java.util.ArrayList<>(nd);
        for (int i = 0; i < nd; i++) {
            seeds.add(b.getLong());
        }
        return new EmbedPlan(shots, seeds);
    }

    private static void putString(ByteBuffer b, byte[] s) {
        if (s.length > 65535) {
            throw new IllegalArgumentException("string longer than 65535 bytes");
        }
        b.putShort((short) s.length).put(s);
    }

    private static String getString(ByteBuffer b, String what) {
        int len = Short.toUnsignedInt(b.getShort());
        if (len > b.remaining()) {
            throw new BufferUnderflowException();
        }
        byte[] s = new byte[len];
        b.get(s);
        return Json.utf8(s, what);
    }
}
