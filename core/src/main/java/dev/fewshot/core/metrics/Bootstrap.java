package dev.fewshot.core.metrics;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * 95% bootstrap intervals over the test rows for accuracy, AUROC and FPR@95 (docs/metrics.md, "Intervals").
 *
 * <p>Each resample draws n ID rows and m OOD rows with replacement (the two sets apart, as they are fixed in size),
 * from its own generator split off one seeded with {@link #SEED}, into the rows sorted by their values: the result
 * depends only on the multiset of rows (not their order) and is bit-identical run to run. The scores of one head
 * share the draws. A resample is a vector of counts per distinct score value, so each metric costs O(distinct
 * values), not a sort.
 * The interval is the 2.5th and 97.5th percentile of the resampled values, with numpy's default (linear)
 * interpolation.
 */
public final class Bootstrap {
    /** Resamples when a sweep does not say. */
    public static final int DEFAULT_RESAMPLES = 1000;
    /** The most resamples a request may ask for. */
    public static final int MAX_RESAMPLES = 100_000;
    /** The generator's seed: fixed, so intervals are reproducible. */
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
        return of(correct, new double[][] {idScores}, new double[][] {oodScores}, resamples)[0];
    }

    /**
     * The intervals of several OOD scores of one head from one set of draws: resample b draws the same rows for
     * every score (rows in the canonical order of all the scores together), and the draws are paid once.
     *
     * @param idScores  per score, per ID row
     * @param oodScores per score, per OOD row
     */
    public static Intervals[] of(boolean[] correct, double[][] idScores, double[][] oodScores, int resamples) {
        if (resamples < 2 || resamples > MAX_RESAMPLES) {
            throw new IllegalArgumentException("bootstrap resamples must be in [2, " + MAX_RESAMPLES + "], got "
                    + resamples);
        }
        int scores = idScores.length;
        if (scores == 0 || oodScores.length != scores) {
            throw new IllegalArgumentException("need the same scores, at least one, for ID and OOD rows");
        }
        int n = idScores[0].length;
        int m = oodScores[0].length;
        if (correct == null || correct.length != n) {
            throw new IllegalArgumentException("correct has " + (correct == null ? "no" : correct.length)
                    + " rows, ID scores " + n);
        }
        RankedScores[] ranked = new RankedScores[scores];
        int[][] idGroup = new int[scores][];
        int[][] oodGroup = new int[scores][];
        int[] groups = new int[scores];
        for (int s = 0; s < scores; s++) {
            if (idScores[s].length != n || oodScores[s].length != m) {
                throw new IllegalArgumentException("score " + s + " has " + idScores[s].length + " ID and "
                        + oodScores[s].length + " OOD rows, the first " + n + " and " + m);
            }
            ranked[s] = RankedScores.of(idScores[s], oodScores[s]);
            idGroup[s] = groupsOf(ranked[s], idScores[s]);
            oodGroup[s] = groupsOf(ranked[s], oodScores[s]);
            groups[s] = ranked[s].groups();
        }
        // draws index rows in a canonical order (sorted by their values), so the intervals depend on the multiset of
        // rows, not on their order in the input
        int[] idOrder = canonicalOrder(idScores, correct);
        int[] oodOrder = canonicalOrder(oodScores, null);
        double[] acc = new double[resamples];
        double[][] auroc = new double[scores][resamples];
        double[][] fpr = new double[scores][resamples];
        SplittableRandom[] streams = streams(resamples);
        ThreadLocal<int[][]> counts = ThreadLocal.withInitial(() -> {
            int[][] c = new int[2 * scores][];
            for (int s = 0; s < scores; s++) {
                c[2 * s] = new int[groups[s]];
                c[2 * s + 1] = new int[groups[s]];
            }
            return c;
        });
        ThreadLocal<int[]> draws = ThreadLocal.withInitial(() -> new int[Math.max(n, m)]);
        // resamples in parallel: each has its own generator and writes only its own slot, so the result does not
        // depend on the thread count
        IntStream.range(0, resamples).parallel().forEach(b -> {
            SplittableRandom rng = streams[b];
            int[][] c = counts.get();
            int[] rows = draws.get();
            long right = 0;
            for (int d = 0; d < n; d++) {
                int i = idOrder[rng.nextInt(n)];
                rows[d] = i;
                if (correct[i]) {
                    right++;
                }
            }
            acc[b] = right / (double) n;
            for (int s = 0; s < scores; s++) {
                int[] idCount = c[2 * s];
                Arrays.fill(idCount, 0);
                int[] g = idGroup[s];
                for (int d = 0; d < n; d++) {
                    idCount[g[rows[d]]]++;
                }
            }
            for (int d = 0; d < m; d++) {
                rows[d] = oodOrder[rng.nextInt(m)];
            }
            for (int s = 0; s < scores; s++) {
                int[] oodCount = c[2 * s + 1];
                Arrays.fill(oodCount, 0);
                int[] g = oodGroup[s];
                for (int d = 0; d < m; d++) {
                    oodCount[g[rows[d]]]++;
                }
                RankedScores r = ranked[s].withCounts(c[2 * s], oodCount, n, m);
                auroc[s][b] = r.auroc();
                fpr[s][b] = r.fpr95();
            }
        });
        Interval accuracy = percentiles(acc);
        Intervals[] out = new Intervals[scores];
        for (int s = 0; s < scores; s++) {
            out[s] = new Intervals(accuracy, percentiles(auroc[s]), percentiles(fpr[s]));
        }
        return out;
    }

    /**
     * Row indices sorted by (score 0, score 1, ..., correct): rows that compare equal carry the same values, so which
     * of them a draw picks changes nothing. -0.0 and 0.0 are one value.
     */
    static int[] canonicalOrder(double[][] scores, boolean[] correct) {
        int n = scores[0].length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> {
            for (double[] s : scores) {
                int c = Double.compare(s[a] + 0.0, s[b] + 0.0);
                if (c != 0) {
                    return c;
                }
            }
            return correct == null ? 0 : Boolean.compare(correct[a], correct[b]);
        });
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = order[i];
        }
        return out;
    }

    private static int[] groupsOf(RankedScores ranked, double[] scores) {
        int[] g = new int[scores.length];
        for (int i = 0; i < scores.length; i++) {
            g[i] = ranked.groupOf(scores[i]);
        }
        return g;
    }

    /** One generator per resample, split in order from one seeded with {@link #SEED}. */
    static SplittableRandom[] streams(int resamples) {
        SplittableRandom root = new SplittableRandom(SEED);
        SplittableRandom[] out = new SplittableRandom[resamples];
        for (int b = 0; b < resamples; b++) {
            out[b] = root.split();
        }
        return out;
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
