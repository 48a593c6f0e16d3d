package dev.fewshot.core.metrics;

import java.util.Arrays;

/**
 * ID and OOD scores sorted once and grouped by distinct value, shared by all four OOD metrics.
 *
 * <p>Conventions (see docs/metrics.md): ID is the positive class and a higher score means "more
 * in-distribution". Scores may be infinite but not NaN; {@code -0.0} and {@code 0.0} are the same
 * score. Every metric here depends only on the per-value counts, and every sum runs over the
 * distinct values in sorted order, so the results do not depend on the order of the inputs (bit
 * for bit). Building costs two primitive sorts, O((n+m) log(n+m)); each metric is then O(groups).
 */
public final class RankedScores {
    private final int n;
    private final int m;
    /** Distinct score values, ascending; only the first {@code groups} entries are used. */
    private final double[] values;
    /** Number of ID scores equal to {@code values[g]}. */
    private final int[] idCount;
    /** Number of OOD scores equal to {@code values[g]}. */
    private final int[] oodCount;
    private final int groups;

    private RankedScores(int n, int m, double[] values, int[] idCount, int[] oodCount, int groups) {
        this.n = n;
        this.m = m;
        this.values = values;
        this.idCount = idCount;
        this.oodCount = oodCount;
        this.groups = groups;
    }

    /**
     * Sorts and groups the scores.
     *
     * @throws IllegalArgumentException if either array is null or empty, or holds a NaN
     */
    public static RankedScores of(double[] idScores, double[] oodScores) {
        double[] id = sortedCopy(idScores, "ID scores");
        double[] ood = sortedCopy(oodScores, "OOD scores");
        int cap = id.length + ood.length;
        double[] values = new double[cap];
        int[] idCount = new int[cap];
        int[] oodCount = new int[cap];
        int g = 0;
        int i = 0;
        int j = 0;
        while (i < id.length || j < ood.length) {
            double v;
            if (j >= ood.length || (i < id.length && id[i] <= ood[j])) {
                v = id[i];
            } else {
                v = ood[j];
            }
            int a = 0;
            while (i < id.length && id[i] == v) {
                i++;
                a++;
            }
            int b = 0;
            while (j < ood.length && ood[j] == v) {
                j++;
                b++;
            }
            values[g] = v;
            idCount[g] = a;
            oodCount[g] = b;
            g++;
        }
        return new RankedScores(id.length, ood.length, values, idCount, oodCount, g);
    }

    private static double[] sortedCopy(double[] scores, String what) {
        if (scores == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        if (scores.length == 0) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        double[] copy = new double[scores.length];
        for (int k = 0; k < scores.length; k++) {
            double v = scores[k];
            if (Double.isNaN(v)) {
                throw new IllegalArgumentException(what + " contain NaN at index " + k);
            }
            copy[k] = v + 0.0; // -0.0 + 0.0 == +0.0: one tie group for both zeros
        }
        Arrays.sort(copy);
        return copy;
    }

    /** Number of ID scores. */
    public int idSize() {
        return n;
    }

    /** Number of OOD scores. */
    public int oodSize() {
        return m;
    }

    /**
     * AUROC as the Mann–Whitney statistic: P(ID score &gt; OOD score) + ½·P(equal), over all n·m
     * pairs. Counted exactly in integers (2U in a long), divided once.
     */
    public double auroc() {
        long twiceU = 0;
        long oodBelow = 0;
        for (int g = 0; g < groups; g++) {
            twiceU += (long) idCount[g] * (2 * oodBelow + oodCount[g]);
            oodBelow += oodCount[g];
        }
        return twiceU / (2.0 * n * (double) m);
    }

    /** k = ceil(0.95·n) = (95n + 99) / 100 in integer arithmetic (long, no overflow). */
    public static int fpr95K(int n) {
        return (int) ((95L * n + 99) / 100);
    }

    /** The FPR@95 threshold t: the k-th largest ID score, k = {@link #fpr95K(int)}, ties counted separately. */
    public double fpr95Threshold() {
        return values[fpr95Group()];
    }

    /** FPR@95 = #{OOD ≥ t} / m, with t = {@link #fpr95Threshold()}; no interpolation. */
    public double fpr95() {
        int tg = fpr95Group();
        long accepted = 0;
        for (int g = groups - 1; g >= tg; g--) {
            accepted += oodCount[g];
        }
        return accepted / (double) m;
    }

    private int fpr95Group() {
        int k = fpr95K(n);
        long seen = 0;
        for (int g = groups - 1; g >= 0; g--) {
            seen += idCount[g];
            if (seen >= k) {
                return g;
            }
        }
        throw new AssertionError("k > n"); // unreachable: 1 <= k <= n for n >= 1
    }

    /**
     * FPR@95 in OpenOOD's convention, OOD positive: the share of ID scores rejected (score ≤ t) at the threshold t
     * that catches 95% of OOD, t = the k-th smallest OOD score with k = {@link #fpr95K(int) ceil(0.95·m)}. This is
     * {@code fpr[argmax(tpr >= 0.95)]} of {@code sklearn.metrics.roc_curve(is_ood, -score, drop_intermediate=False)}.
     */
    public double fpr95OodPositive() {
        int k = fpr95K(m);
        long seen = 0;
        long rejected = 0;
        for (int g = 0; g < groups; g++) {
            seen += oodCount[g];
            rejected += idCount[g];
            if (seen >= k) {
                return rejected / (double) n;
            }
        }
        throw new AssertionError("k > m"); // unreachable: 1 <= k <= m for m >= 1
    }

    /**
     * The same distinct values with other counts: a bootstrap resample, drawn as counts per group. Groups with no
     * count in the resample are kept; every metric skips them.
     */
    RankedScores withCounts(int[] newIdCount, int[] newOodCount, int newN, int newM) {
        return new RankedScores(newN, newM, values, newIdCount, newOodCount, groups);
    }

    /** Number of distinct score values. */
    int groups() {
        return groups;
    }

    /** The group of a score value (a binary search over the distinct values). */
    int groupOf(double score) {
        int g = Arrays.binarySearch(values, 0, groups, score + 0.0);
        if (g < 0) {
            throw new IllegalArgumentException("score " + score + " is not one of the ranked scores");
        }
        return g;
    }

    /**
     * AUPR-In: step-wise average precision with ID positive, as sklearn's
     * {@code average_precision_score}: thresholds are the distinct scores, descending; AP = Σ over
     * thresholds of (R_i − R_{i−1})·P_i.
     */
    public double auprIn() {
        long tp = 0;
        long fp = 0;
        double sum = 0.0;
        for (int g = groups - 1; g >= 0; g--) {
            tp += idCount[g];
            fp += oodCount[g];
            if (idCount[g] > 0) {
                sum += idCount[g] * ((double) tp / (double) (tp + fp));
            }
        }
        return sum / n;
    }

    /**
     * AUPR-Out: step-wise average precision with OOD positive and negated scores, i.e. the
     * thresholds are the distinct scores taken in ascending order.
     */
    public double auprOut() {
        long tp = 0;
        long fp = 0;
        double sum = 0.0;
        for (int g = 0; g < groups; g++) {
            tp += oodCount[g];
            fp += idCount[g];
            if (oodCount[g] > 0) {
                sum += oodCount[g] * ((double) tp / (double) (tp + fp));
            }
        }
        return sum / m;
    }
}
