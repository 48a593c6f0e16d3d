package dev.fewshot.core.sampling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Seeded, nested, order-independent K-shot sampling. Within each class, items are ranked by
 * {@link ItemKey#rank(long, long)} of (seed, item key) and the first K are taken. Because the
 * ranking does not depend on K, the K=1 set is inside K=2, inside K=4, and so on; because it does
 * not depend on arrival order, a distributed trainer gets exactly the sets of a single process.
 */
public final class KShotSampler {
    private final int numClasses;
    /** Per class, item positions sorted by rank for the current seed. */
    private final int[][] rankedByClass;
    private final long seed;

    /**
     * @param labels    label of every pool item
     * @param itemKeys  stable key of every pool item (for .npy pools: the row index)
     * @param numClasses number of classes
     * @param seed      sampling seed
     */
    public KShotSampler(int[] labels, long[] itemKeys, int numClasses, long seed) {
        if (labels.length != itemKeys.length) {
            throw new IllegalArgumentException(
                    "labels (" + labels.length + ") and item keys (" + itemKeys.length + ") differ in length");
        }
        this.numClasses = numClasses;
        this.seed = seed;
        int[] counts = new int[numClasses];
        for (int i = 0; i < labels.length; i++) {
            int y = labels[i];
            if (y < 0 || y >= numClasses) {
                throw new IllegalArgumentException("label " + y + " at item " + i + " outside [0, " + numClasses + ")");
            }
            counts[y]++;
        }
        long[][] keyed = new long[numClasses][];
        int[][] pos = new int[numClasses][];
        for (int c = 0; c < numClasses; c++) {
            keyed[c] = new long[counts[c]];
            pos[c] = new int[counts[c]];
        }
        int[] fill = new int[numClasses];
        for (int i = 0; i < labels.length; i++) {
            int y = labels[i];
            keyed[y][fill[y]] = itemKeys[i];
            pos[y][fill[y]] = i;
            fill[y]++;
        }
        rankedByClass = new int[numClasses][];
        for (int c = 0; c < numClasses; c++) {
            rankedByClass[c] = rank(keyed[c], pos[c], seed);
        }
    }

    /**
     * For a pool read from .npy files: item i's id is its row index written in decimal ("0", "1",
     * ...), the same id {@code fewshot publish-features} gives it on Kafka, so the in-process sweep
     * and the services draw the same support sets.
     */
    public static KShotSampler forRows(int[] labels, int numClasses, long seed) {
        long[] keys = new long[labels.length];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = ItemKey.of(Integer.toString(i));
        }
        return new KShotSampler(labels, keys, numClasses, seed);
    }

    /** For a pool of items known by string ids (image paths, Kafka item ids). */
    public static KShotSampler forIds(int[] labels, String[] itemIds, int numClasses, long seed) {
        long[] keys = new long[itemIds.length];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = ItemKey.of(itemIds[i]);
        }
        return new KShotSampler(labels, keys, numClasses, seed);
    }

    private static int[] rank(long[] keys, int[] positions, long seed) {
        int n = keys.length;
        Integer[] order = new Integer[n];
        long[] ranks = new long[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
            ranks[i] = ItemKey.rank(seed, keys[i]);
        }
        // Ties in rank (astronomically rare) fall back to the key itself, never to arrival order.
        Arrays.sort(order, (a, b) -> {
            int r = Long.compare(ranks[a], ranks[b]);
            return r != 0 ? r : Long.compare(keys[a], keys[b]);
        });
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = positions[order[i]];
        }
        return out;
    }

    /** The K-shot support set: up to K items per class, classes in label order. */
    public SupportSet sample(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("K must be >= 1, got " + k);
        }
        int total = 0;
        for (int[] r : rankedByClass) {
            total += Math.min(k, r.length);
        }
        int[] rows = new int[total];
        int[] labels = new int[total];
        int[] shots = new int[total];
        List<Integer> shortClasses = new ArrayList<>();
        int p = 0;
        for (int c = 0; c < numClasses; c++) {
            int[] r = rankedByClass[c];
            int take = Math.min(k, r.length);
            if (take < k) {
                shortClasses.add(c);
            }
            for (int s = 0; s < take; s++) {
                rows[p] = r[s];
                labels[p] = c;
                shots[p] = s;
                p++;
            }
        }
        return new SupportSet(k, seed, rows, labels, shots,
                shortClasses.stream().mapToInt(Integer::intValue).toArray());
    }
}
