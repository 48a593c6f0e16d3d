package dev.fewshot.core.metrics;

/**
 * ID and OOD score distributions of one OOD score, binned for the report, with the FPR@95 threshold.
 *
 * <p>Why stored at all: the report must draw score overlaps without the raw score vectors, which the
 * services never keep. B equal-width bins span [lo, hi], the min and max of the finite ID and OOD
 * scores together: bin b holds lo + b·w ≤ x &lt; lo + (b+1)·w with w = (hi − lo) / B, and the
 * maximum goes into the last bin. −∞ goes into bin 0 and +∞ into bin B−1; if every score is
 * equal (or none is finite) all of them go into bin 0. The threshold is exactly the one FPR@95
 * uses ({@link RankedScores#fpr95Threshold()}): the k-th largest ID score, k = (95n + 99) / 100.
 *
 * @param lo          the lower edge of bin 0
 * @param hi          the upper edge of the last bin
 * @param idCounts    ID scores per bin (sums to n)
 * @param oodCounts   OOD scores per bin (sums to m)
 * @param threshold95 the score at which 95% of ID scores are accepted (score ≥ t)
 */
public record ScoreHistogram(double lo, double hi, int[] idCounts, int[] oodCounts, double threshold95) {
    /** The bins the report uses. */
    public static final int DEFAULT_BINS = 40;

    /** With {@link #DEFAULT_BINS} bins. */
    public static ScoreHistogram of(double[] idScores, double[] oodScores) {
        return of(idScores, oodScores, DEFAULT_BINS);
    }

    /**
     * Bins both score arrays over their common range.
     *
     * @throws IllegalArgumentException on null/empty arrays, NaN scores (as the metrics) or bins &lt; 1
     */
    public static ScoreHistogram of(double[] idScores, double[] oodScores, int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be at least 1, got " + bins);
        }
        double t = RankedScores.of(idScores, oodScores).fpr95Threshold(); // also checks null/empty/NaN
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] a : new double[][]{idScores, oodScores}) {
            for (double x : a) {
                if (Double.isFinite(x)) {
                    lo = Math.min(lo, x);
                    hi = Math.max(hi, x);
                }
            }
        }
        if (lo > hi) { // no finite score at all
            lo = 0.0;
            hi = 0.0;
        }
        lo += 0.0; // -0.0 → 0.0, as the metrics treat them
        hi += 0.0;
        return new ScoreHistogram(lo, hi, count(idScores, lo, hi, bins), count(oodScores, lo, hi, bins), t);
    }

    private static int[] count(double[] scores, double lo, double hi, int bins) {
        int[] c = new int[bins];
        for (double x : scores) {
            c[bin(x, lo, hi, bins)]++;
        }
        return c;
    }

    /** The bin of score x (see the class comment). */
    public static int bin(double x, double lo, double hi, int bins) {
        if (!(hi > lo) || x <= lo) {
            return 0;
        }
        if (x >= hi) {
            return bins - 1;
        }
        int b = (int) Math.floor((x - lo) / (hi - lo) * bins);
        return Math.min(Math.max(b, 0), bins - 1);
    }

    public int bins() {
        return idCounts.length;
    }

    /** The lower edge of bin b: lo + b·(hi − lo)/B. */
    public double edge(int b) {
        return b == bins() ? hi : lo + b * ((hi - lo) / bins());
    }
}
