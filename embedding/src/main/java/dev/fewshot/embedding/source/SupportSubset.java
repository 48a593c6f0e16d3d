package dev.fewshot.embedding.source;

import dev.fewshot.core.sampling.KShotSampler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;

/**
 * "Embed only what a run needs": the part of a labelled train listing that any of a run's K-shot support sets
 * can draw from. For each seed, {@link KShotSampler} ranks each class by a hash of (seed, item id) and takes the
 * first K; the subset is the union over seeds of the first max(K) items. Sampling the subset therefore picks
 * exactly the sets sampling the full listing would, for every one of those seeds and every K up to max(K):
 * the K best-ranked items of a class are all in the subset, and nothing in the subset outranks them. That is
 * what lets a trainer that only ever sees the subset's embeddings draw the same support sets.
 */
public final class SupportSubset {
    private SupportSubset() {
    }

    /**
     * @param train      labelled items (label 0..numClasses-1), item ids unique
     * @param numClasses the class count C
     * @param shots      the run's K values (only the largest matters, since sampling is nested in K)
     * @param seeds      the run's sampling seeds
     * @return the needed items, sorted by item id
     */
    public static List<ImageItem> select(List<ImageItem> train, int numClasses, Collection<Integer> shots,
                                         Collection<Long> seeds) {
        if (shots.isEmpty() || seeds.isEmpty()) {
            throw new IllegalArgumentException("a support subset needs at least one K and one seed");
        }
        int maxK = 0;
        for (int k : shots) {
            if (k < 1) {
                throw new IllegalArgumentException("K must be >= 1, got " + k);
            }
            maxK = Math.max(maxK, k);
        }
        int n = train.size();
        int[] labels = new int[n];
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            ImageItem it = train.get(i);
            if (it.label() < 0 || it.label() >= numClasses) {
                throw new IllegalArgumentException("item " + it.itemId() + " has label " + it.label()
                        + "; a support subset needs a labelled train listing with labels in [0, " + numClasses + ")");
            }
            labels[i] = it.label();
            ids[i] = it.itemId();
        }
        if (new HashSet<>(Arrays.asList(ids)).size() != n) {
            // Two items with one id share one sampling key, and the subset could then differ from the full pool.
            throw new IllegalArgumentException("item ids must be unique in a support subset's train listing");
        }
        boolean[] keep = new boolean[n];
        for (long seed : seeds) {
            for (int row : KShotSampler.forIds(labels, ids, numClasses, seed).sample(maxK).rows()) {
                keep[row] = true;
            }
        }
        List<ImageItem> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (keep[i]) {
                out.add(train.get(i));
            }
        }
        out.sort(Comparator.comparing(ImageItem::itemId));
        return out;
    }

    /** The same on a listing; its failed items are kept, so a request still reports what was dropped. */
    public static SourceListing select(SourceListing train, int numClasses, Collection<Integer> shots,
                                       Collection<Long> seeds) {
        return new SourceListing(select(train.items(), numClasses, shots, seeds), train.failed());
    }
}
