package dev.fewshot.core.conformal;

import java.util.Arrays;

/**
 * Class-conditional (Mondrian) LAC sets: one threshold per class, from the calibration rows of that class alone, so
 * that the set holds the true label with probability ≥ 1 − α for every class, not only on average (Vovk 2012; Sadinle
 * et al. 2019, §4). A class with too few calibration rows (n_c &lt; ⌈(n_c + 1)(1 − α)⌉, i.e. fewer than about
 * 1/α − 1) gets an infinite threshold: it is in every set, its promise kept only trivially; those classes are
 * counted and reported, never hidden.
 */
public final class ClassConditional {
    private final double[] thresholds;
    private final int shortClasses;

    private ClassConditional(double[] thresholds, int shortClasses) {
        this.thresholds = thresholds;
        this.shortClasses = shortClasses;
    }

    /**
     * @param labels       the calibration rows' labels
     * @param nonconformity their LAC nonconformity 1 − p_y, same order
     */
    public static ClassConditional calibrate(int[] labels, double[] nonconformity, int classes, double alpha) {
        Alpha.checked(alpha);
        if (labels.length != nonconformity.length) {
            throw new IllegalArgumentException(labels.length + " labels for " + nonconformity.length + " scores");
        }
        int[] count = new int[classes];
        for (int y : labels) {
            if (y < 0 || y >= classes) {
                throw new IllegalArgumentException("calibration label " + y + " is not a class in [0, " + classes + ")");
            }
            count[y]++;
        }
        double[][] byClass = new double[classes][];
        for (int c = 0; c < classes; c++) {
            byClass[c] = new double[count[c]];
        }
        int[] at = new int[classes];
        for (int i = 0; i < labels.length; i++) {
            if (Double.isNaN(nonconformity[i])) {
                throw new IllegalArgumentException("calibration nonconformity " + i + " is NaN");
            }
            byClass[labels[i]][at[labels[i]]++] = nonconformity[i] + 0.0;
        }
        double[] q = new double[classes];
        int shortClasses = 0;
        for (int c = 0; c < classes; c++) {
            long k = SplitQuantile.rank(count[c], alpha);
            if (k > count[c]) {
                q[c] = Double.POSITIVE_INFINITY;
                shortClasses++;
            } else {
                Arrays.sort(byClass[c]);
                q[c] = byClass[c][(int) k - 1];
            }
        }
        return new ClassConditional(q, shortClasses);
    }

    /** Classes whose calibration rows are too few for a per-class promise at this α (in every set). */
    public int shortClasses() {
        return shortClasses;
    }

    /** The threshold of class c (+∞ for a short class). */
    public double threshold(int c) {
        return thresholds[c];
    }

    /** The set of a row: its size and whether it holds the label (label &lt; 0: no label). */
    public SetScores.Set set(double[] p, int label) {
        int size = 0;
        for (int c = 0; c < p.length; c++) {
            if (1.0 - p[c] <= thresholds[c]) {
                size++;
            }
        }
        return new SetScores.Set(size, label >= 0 && 1.0 - p[label] <= thresholds[label]);
    }
}
