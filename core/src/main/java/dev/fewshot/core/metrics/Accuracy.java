package dev.fewshot.core.metrics;

import java.util.Arrays;

/** Top-1 accuracy and the mean max-probability ("confidence" view). */
public final class Accuracy {
    private Accuracy() {
    }

    /**
     * Fraction of rows with {@code predicted[i] == labels[i]}.
     *
     * @throws IllegalArgumentException if an array is null or empty, or the lengths differ
     */
    public static double top1(int[] predicted, int[] labels) {
        boolean[] ok = correct(predicted, labels);
        long hits = 0;
        for (boolean b : ok) {
            if (b) {
                hits++;
            }
        }
        return hits / (double) ok.length;
    }

    /** Per row, whether {@code predicted[i] == labels[i]} (the input to {@link Calibration#ece}). */
    public static boolean[] correct(int[] predicted, int[] labels) {
        if (predicted == null || labels == null) {
            throw new IllegalArgumentException("predictions and labels must not be null");
        }
        if (predicted.length != labels.length) {
            throw new IllegalArgumentException("predictions (" + predicted.length
                    + ") and labels (" + labels.length + ") differ in length");
        }
        if (predicted.length == 0) {
            throw new IllegalArgumentException("predictions must not be empty");
        }
        boolean[] ok = new boolean[predicted.length];
        for (int i = 0; i < ok.length; i++) {
            ok[i] = predicted[i] == labels[i];
        }
        return ok;
    }

    /**
     * Mean of the max-probability per row (use it on ID rows and on OOD rows). Summed in sorted
     * order, so the result does not depend on the row order.
     *
     * @throws IllegalArgumentException if the array is null or empty, or a value is NaN or outside [0, 1]
     */
    public static double meanConfidence(double[] maxProbability) {
        double[] sorted = Calibration.checkedConfidence(maxProbability, "max-probabilities");
        Arrays.sort(sorted);
        double sum = 0.0;
        for (double c : sorted) {
            sum += c;
        }
        return sum / sorted.length;
    }
}
