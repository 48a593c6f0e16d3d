package dev.fewshot.core.metrics;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * 95% bootstrap intervals over the test rows for accuracy, AUROC and FPR@95 (docs/metrics.md, "Intervals").
 *
 * <p>Each resample draws n ID rows and m OOD rows with replacement (the two sets apart, as they are fixed in size),
 * from a generator seeded with {@link #SEED}: the draws depend only on n, m and the seed, so every head and score of
 * a run is resampled on the same rows (the intervals are paired) and the result is bit-identical run to run. A
 * resample is a vector of counts per distinct score value, so each metric costs O(distinct values), not a sort.
 * The interval is the 2.5th and 97.5th percentile of the resampled values, with numpy's default (linear)
 * interpolation.
 */
public final class Bootstrap {
    /** Resamples when a sweep does not say. */
    public static final int DEFAULT_RESAMPLES = 1000;
    /** The most resamples a request may ask for. */
    public static final int MAX_RESAMPLES = 100_000;
    /** The generator's seed: fixed, so intervals are reproducible and paired across heads. */
    public static final long SEED = 0x5EED_B007L;

    /** A percentile interval. */
    public record Interval(double lo, double hi) {
    }

    /** The intervals of one head × score evaluation. */
    public record Intervals(Interval accuracy, Interval auroc, Interval fpr95) {
    }

    private Bootstrap() {
    }

    /**
     * @param correct   per ID row, whether the head's top-1 prediction is right
     * @param idScores  per ID row, the OOD score (same order as {@code correct})
     * @param oodScores per OOD row, the OOD score
     * @param resamples number of resamples, ≥ 2
     */
    public static Intervals of(boolean[] correct, double[] idScores, double[] oodScores, int resamples) {
        if (resamples < 2 || resamples > MAX_RESAMPLES) {
            throw new IllegalArgumentException("bootstrap resamples must be in [2, " + MAX_RESAMPLES + "], got "
                    + resamples);
        }
        RankedScores ranked = RankedScores.of(idScores, oodScores);
        int n = idScores.length;
        int m = oodScores.length;
        if (correct == null || correct.length != n) {
            throw new IllegalArgumentException("correct has " + (correct == null ? "no" : correct.length)
                    + " rows, ID scores " + n);
        }
        int[] idGroup = new int[n];
        for (int i = 0; i < n; i++) {
            idGroup[i] = ranked.groupOf(idScores[i]);
        }
        int[] oodGroup = new int[m];
        for (int j = 0; j < m; j++) {
            oodGroup[j] = ranked.groupOf(oodScores[j]);
        }
        int groups = ranked.groups();
        double[] acc = new double[resamples];
        double[] auroc = new double[resamples];
        double[] fpr = new double[resamples];
        SplittableRandom rng = new SplittableRandom(SEED);
        int[] idCount = new int[groups];
        int[] oodCount = new int[groups];
        for (int b = 0; b < resamples; b++) {
            Arrays.fill(idCount, 0);
            Arrays.fill(oodCount, 0);
            long right = 0;
            for (int d = 0; d < n; d++) {
                int i = rng.nextInt(n);
                idCount[idGroup[i]]++;
                if (correct[i]) {
                    right++;
                }
            }
            for (int d = 0; d < m; d++) {
                oodCount[oodGroup[rng.nextInt(m)]]++;
            }
            RankedScores r = ranked.withCounts(idCount, oodCount, n, m);
            acc[b] = right / (double) n;
            auroc[b] = r.auroc();
            fpr[b] = r.fpr95();
        }
        return new Intervals(percentiles(acc), percentiles(auroc), percentiles(fpr));
    }

    /** The 2.5th and 97.5th percentiles, numpy's linear interpolation: h = (B − 1)·q. Sorts {@code v}. */
    static Interval percentiles(double[] v) {
        Arrays.sort(v);
        return new Interval(percentile(v, 0.025), percentile(v, 0.975));
    }

    static double percentile(double[] sorted, double q) {
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
