package dev.fewshot.core.conformal;

import java.util.Arrays;

/**
 * Conformal p-values of an OOD score ("higher = more in-distribution") against the scores of n calibration rows:
 * p(s) = (1 + #{calibration scores ≤ s}) / (n + 1). Under exchangeability of a new ID row with the calibration rows,
 * P(p ≤ α) ≤ α: refusing rows with p ≤ α refuses at most a share α of ID rows on average (docs/conformal.md).
 */
public final class PValues {
    private final double[] sorted;

    private PValues(double[] sorted) {
        this.sorted = sorted;
    }

    /**
     * @throws IllegalArgumentException when there are no calibration scores or one is NaN (named by index)
     */
    public static PValues calibrate(double[] calibrationScores) {
        if (calibrationScores == null || calibrationScores.length == 0) {
            throw new IllegalArgumentException("conformal calibration needs at least one calibration score");
        }
        double[] s = new double[calibrationScores.length];
        for (int i = 0; i < s.length; i++) {
            if (Double.isNaN(calibrationScores[i])) {
                throw new IllegalArgumentException("calibration score " + i + " is NaN");
            }
            s[i] = calibrationScores[i] + 0.0; // -0.0 and 0.0 are one score
        }
        Arrays.sort(s);
        return new PValues(s);
    }

    /** A calibration stored sorted (for serving): checked to be ascending and free of NaN. */
    public static PValues ofSorted(double[] sorted) {
        if (sorted == null || sorted.length == 0) {
            throw new IllegalArgumentException("conformal calibration needs at least one calibration score");
        }
        for (int i = 0; i < sorted.length; i++) {
            if (Double.isNaN(sorted[i]) || i > 0 && !(sorted[i - 1] <= sorted[i])) {
                throw new IllegalArgumentException("stored calibration scores are not ascending at index " + i);
            }
        }
        return new PValues(sorted.clone());
    }

    /** The calibration scores, ascending (a copy). */
    public double[] sortedScores() {
        return sorted.clone();
    }

    /** Calibration rows. */
    public int size() {
        return sorted.length;
    }

    /** Calibration scores ≤ s (a binary search for the last one). */
    public int countAtMost(double s) {
        if (Double.isNaN(s)) {
            throw new IllegalArgumentException("cannot give a p-value to a NaN score");
        }
        return dev.fewshot.core.metrics.SortedCounts.atMost(sorted, s + 0.0);
    }

    public double pValue(double s) {
        return (1.0 + countAtMost(s)) / (sorted.length + 1.0);
    }

    /** Whether a row with this score is accepted as in-distribution at level α: p(s) &gt; α (the p reported). */
    public boolean accepts(double s, double alpha) {
        return pValue(s) > alpha;
    }

    /** The share of rows accepted at level α. */
    public double acceptedShare(double[] scores, double alpha) {
        if (scores.length == 0) {
            throw new IllegalArgumentException("no rows to accept");
        }
        long accepted = 0;
        for (double s : scores) {
            if (accepts(s, alpha)) {
                accepted++;
            }
        }
        return accepted / (double) scores.length;
    }
}
