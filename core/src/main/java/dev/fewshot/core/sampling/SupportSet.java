package dev.fewshot.core.sampling;

import java.util.Arrays;

/**
 * The K-shot support set picked for one seed: row indices into the train pool, grouped by class
 * (class 0's shots first, each class in rank order), and the shot index of every picked row.
 */
public final class SupportSet {
    private final int k;
    private final long seed;
    private final int[] rows;
    private final int[] labels;
    private final int[] shotIndex;
    private final int[] shortClasses;

    SupportSet(int k, long seed, int[] rows, int[] labels, int[] shotIndex, int[] shortClasses) {
        this.k = k;
        this.seed = seed;
        this.rows = rows;
        this.labels = labels;
        this.shotIndex = shotIndex;
        this.shortClasses = shortClasses;
    }

    public int k() {
        return k;
    }

    public long seed() {
        return seed;
    }

    /** Row indices into the train pool. */
    public int[] rows() {
        return rows.clone();
    }

    /** Label of each picked row, parallel to {@link #rows()}. */
    public int[] labels() {
        return labels.clone();
    }

    /** 0 for each class's first-ranked shot, 1 for its second, ...; used to build CV folds. */
    public int[] shotIndex() {
        return shotIndex.clone();
    }

    /** Classes that had fewer than K items in the pool and so use all they have. */
    public int[] shortClasses() {
        return shortClasses.clone();
    }

    public int size() {
        return rows.length;
    }

    /** Fold of each row for F-fold cross-validation: shot index mod F. */
    public int[] folds(int numFolds) {
        int[] f = new int[shotIndex.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = shotIndex[i] % numFolds;
        }
        return f;
    }

    @Override
    public String toString() {
        return "SupportSet[k=" + k + ", seed=" + seed + ", rows=" + rows.length
                + ", shortClasses=" + Arrays.toString(shortClasses) + "]";
    }
}
