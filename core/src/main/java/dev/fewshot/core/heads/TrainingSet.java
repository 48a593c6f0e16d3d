package dev.fewshot.core.heads;

import dev.fewshot.core.linalg.FloatMatrix;

/**
 * The rows a head is fitted on: the K-shot support set, with labels and the shot index of each
 * row (used to build cross-validation folds).
 *
 * @param x          N×D support rows
 * @param y          N labels in [0, numClasses)
 * @param numClasses C
 * @param shotIndex  N shot indices (0 = the class's first-ranked shot)
 * @param k          the nominal shots per class
 */
public record TrainingSet(FloatMatrix x, int[] y, int numClasses, int[] shotIndex, int k) {
    public TrainingSet {
        if (x.rows() != y.length || y.length != shotIndex.length) {
            throw new IllegalArgumentException("support rows " + x.rows() + ", labels " + y.length
                    + " and shot indices " + shotIndex.length + " differ in length");
        }
    }

    public int dim() {
        return x.cols();
    }

    /** Per-row fold ids for F-fold CV by shot index. */
    public int[] folds(int numFolds) {
        int[] f = new int[shotIndex.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = shotIndex[i] % numFolds;
        }
        return f;
    }

    /** Class means in double precision, C×D; classes without rows get zeros. */
    public double[][] classMeans() {
        int[] all = new int[y.length];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return classMeans(all);
    }

    /** Class means over the given rows only (a CV fold's held-in rows). */
    public double[][] classMeans(int[] rows) {
        int d = dim();
        double[][] means = new double[numClasses][d];
        int[] counts = new int[numClasses];
        float[] xs = x.data();
        for (int i : rows) {
            double[] m = means[y[i]];
            counts[y[i]]++;
            for (int j = 0; j < d; j++) {
                m[j] += xs[i * d + j];
            }
        }
        for (int c = 0; c < numClasses; c++) {
            if (counts[c] > 0) {
                for (int j = 0; j < d; j++) {
                    means[c][j] /= counts[c];
                }
            }
        }
        return means;
    }
}
