package dev.fewshot.core.metrics;

import java.util.List;

import java.util.Arrays;

/**
 * Expected calibration error and the reliability diagram, on ID rows.
 *
 * <p>Bins are equal-width on [0, 1]. With B bins and the edges e_b = b / B (the double nearest,
 * as Java's {@code b / (double) B}), bin b holds the confidences c with e_b &lt; c ≤ e_{b+1};
 * a confidence of exactly 0 goes into bin 0. So a confidence on an edge goes into the lower bin,
 * and 1.0 goes into the last bin.
 */
public final class Calibration {
    /** The number of bins used in reports. */
    public static final int DEFAULT_BINS = 15;

    private Calibration() {
    }

    /**
     * One bin of the reliability diagram. An empty bin has count 0 and meanConfidence = accuracy = 0.
     *
     * @param lower the lower edge b / B (exclusive, except 0 for bin 0)
     * @param upper the upper edge (b + 1) / B (inclusive)
     * @param count number of rows in the bin
     * @param meanConfidence mean confidence of those rows
     * @param accuracy fraction of those rows that are correct
     */
    public record Bin(double lower, double upper, int count, double meanConfidence, double accuracy) {
    }

    /** Bins as stored and sent (count, mean confidence, accuracy each), edges b / B restored. */
    public static List<Bin> storedBins(int[] counts, double[] meanConfidence, double[] accuracy) {
        List<Bin> out = new java.util.ArrayList<>(counts.length);
        for (int b = 0; b < counts.length; b++) {
            out.add(new Bin(b / (double) counts.length, (b + 1) / (double) counts.length, counts[b],
                    meanConfidence[b], accuracy[b]));
        }
        return out;
    }

    /** ECE with {@link #DEFAULT_BINS} bins. */
    public static double ece(double[] confidence, boolean[] correct) {
        return ece(confidence, correct, DEFAULT_BINS);
    }

    /**
     * ECE = Σ_b (n_b / n)·|acc_b − conf_b| over the bins of {@link #reliability}, summed in bin order.
     *
     * @param confidence the max-probability of each ID row, in [0, 1]
     * @param correct whether the top-1 prediction of each row is right
     * @param bins number of equal-width bins (≥ 1)
     * @throws IllegalArgumentException on null or empty input, different lengths, bins &lt; 1, or a
     *     confidence that is NaN or outside [0, 1]
     */
    public static double ece(double[] confidence, boolean[] correct, int bins) {
        Bin[] diagram = reliability(confidence, correct, bins);
        double n = confidence.length;
        double ece = 0.0;
        for (Bin b : diagram) {
            if (b.count() > 0) {
                ece += (b.count() / n) * Math.abs(b.accuracy() - b.meanConfidence());
            }
        }
        return ece;
    }

    /** Reliability diagram with {@link #DEFAULT_BINS} bins. */
    public static Bin[] reliability(double[] confidence, boolean[] correct) {
        return reliability(confidence, correct, DEFAULT_BINS);
    }

    /**
     * Per bin: count, mean confidence and accuracy. The confidences of a bin are summed in sorted
     * order, so the result does not depend on the row order. Same checks as {@link #ece}.
     */
    public static Bin[] reliability(double[] confidence, boolean[] correct, int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be at least 1, got " + bins);
        }
        double[] sorted = checkedConfidence(confidence, "confidences");
        if (correct == null) {
            throw new IllegalArgumentException("correct must not be null");
        }
        if (correct.length != confidence.length) {
            throw new IllegalArgumentException("confidences (" + confidence.length
                    + ") and correct (" + correct.length + ") differ in length");
        }
        int[] count = new int[bins];
        int[] hits = new int[bins];
        for (int i = 0; i < confidence.length; i++) {
            int b = bin(confidence[i], bins);
            count[b]++;
            if (correct[i]) {
                hits[b]++;
            }
        }
        Arrays.sort(sorted);
        double[] confSum = new double[bins];
        for (double c : sorted) {
            confSum[bin(c, bins)] += c;
        }
        Bin[] out = new Bin[bins];
        for (int b = 0; b < bins; b++) {
            double lower = b / (double) bins;
            double upper = (b + 1) / (double) bins;
            if (count[b] == 0) {
                out[b] = new Bin(lower, upper, 0, 0.0, 0.0);
            } else {
                out[b] = new Bin(lower, upper, count[b], confSum[b] / count[b], hits[b] / (double) count[b]);
            }
        }
        return out;
    }

    /**
     * The bin of confidence c in [0, 1]: the b with b/B &lt; c ≤ (b+1)/B (edges as doubles), and 0 for
     * c = 0. Starts from ceil(c·B) − 1 and corrects for rounding against the exact edge values.
     */
    static int bin(double c, int bins) {
        int b = (int) Math.ceil(c * bins) - 1;
        if (b < 0) {
            b = 0;
        } else if (b > bins - 1) {
            b = bins - 1;
        }
        while (b > 0 && c <= b / (double) bins) {
            b--;
        }
        while (b < bins - 1 && c > (b + 1) / (double) bins) {
            b++;
        }
        return b;
    }

    /** A copy of the confidences after checking them (non-null, non-empty, each in [0, 1]). */
    static double[] checkedConfidence(double[] confidence, String what) {
        if (confidence == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        if (confidence.length == 0) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        double[] copy = new double[confidence.length];
        for (int i = 0; i < confidence.length; i++) {
            double c = confidence[i];
            if (!(c >= 0.0 && c <= 1.0)) { // also rejects NaN
                throw new IllegalArgumentException(what + " must be in [0, 1]; index " + i + " is " + c);
            }
            copy[i] = c + 0.0;
        }
        return copy;
    }
}
