package dev.fewshot.core.ood;

import dev.fewshot.core.heads.GaussianLogits;
import dev.fewshot.core.heads.Head;
import dev.fewshot.core.heads.NegativeLabels;
import dev.fewshot.core.heads.SupportRows;
import dev.fewshot.core.linalg.FloatMatrix;
import dev.fewshot.core.linalg.Gemm;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The per-row values that come from the feature rows themselves rather than from the logits: the distance to the
 * k-th nearest support row (kNN) and the squared Mahalanobis distance to the background Gaussian (RMDS). Each row's
 * value depends on that row alone (one product row, then ordered sums), so chunking cannot change a bit.
 */
final class FeatureSpace implements AutoCloseable {
    private final Gemm.Prepared keys;
    private final int neighbours;
    private final Gemm.Prepared background;
    private final float[] backgroundMean;
    private final Gemm.Prepared negatives;
    private final int groups;

    private FeatureSpace(Gemm.Prepared keys, int neighbours, Gemm.Prepared background, float[] backgroundMean,
                         Gemm.Prepared negatives, int groups) {
        this.keys = keys;
        this.neighbours = neighbours;
        this.background = background;
        this.backgroundMean = backgroundMean;
        this.negatives = negatives;
        this.groups = groups;
    }

    /** Null when none of the applicable scores needs the features. */
    static FeatureSpace prepare(Head head, Set<OodScore> scores, Gemm gemm) {
        Gemm.Prepared keys = null;
        int k = 0;
        if (scores.contains(OodScore.KNN)) {
            FloatMatrix support = ((SupportRows) head).supportKeys();
            keys = gemm.prepareTransB(support);
            k = OodScore.knnNeighbours(support.rows());
        }
        Gemm.Prepared bg = null;
        float[] mean = null;
        if (scores.contains(OodScore.RMDS)) {
            GaussianLogits.Background b = ((GaussianLogits) head).background().orElseThrow();
            bg = gemm.prepareTransB(b.whitening());
            mean = b.mean().data();
        }
        Gemm.Prepared neg = null;
        int groups = 0;
        if (scores.contains(OodScore.NEGLABEL)) {
            FloatMatrix bank = ((NegativeLabels) head).negativeLabels();
            neg = gemm.prepareTransB(bank);
            groups = NegLabel.groups(bank.rows());
        }
        return keys == null && bg == null && neg == null ? null : new FeatureSpace(keys, k, bg, mean, neg, groups);
    }

    /** NegLabel's per-group log-sum-exps of each row of x (n×G, row-major). */
    double[] negativeGroups(FloatMatrix x) {
        return NegLabel.groupLogSumExp(negatives.apply(x), groups);
    }

    int groups() {
        return groups;
    }

    boolean hasNegatives() {
        return negatives != null;
    }

    /** Minus the distance from each normalised row of x to its k-th nearest support row, into out[offset + i]. */
    void knn(FloatMatrix x, double[] out, int offset) {
        FloatMatrix a = keys.apply(x);
        int m = a.cols(), d = x.cols();
        float[] ad = a.data(), xd = x.data();
        IntStream.range(0, x.rows()).parallel().forEach(i -> {
            double norm2 = 0;
            for (int j = 0; j < d; j++) {
                norm2 += (double) xd[i * d + j] * xd[i * d + j];
            }
            double cos = norm2 > 0 ? kthLargest(ad, i * m, m, neighbours) / Math.sqrt(norm2) : 0;
            // ‖x̂ − f‖² = 2 − 2·cos for unit f; clamped, rounding can take it below 0.
            out[offset + i] = -Math.sqrt(Math.max(0.0, 2.0 - 2.0 * cos));
        });
    }

    /** Squared Mahalanobis distance of each row of x to the background Gaussian, into out[offset + i]. */
    void backgroundDistance(FloatMatrix x, double[] out, int offset) {
        int n = x.rows(), d = x.cols();
        float[] centred = new float[n * d];
        float[] xd = x.data();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                centred[i * d + j] = xd[i * d + j] - backgroundMean[j];
            }
        }
        double[] norms = background.apply(new FloatMatrix(n, d, centred)).rowSquaredNorms();
        System.arraycopy(norms, 0, out, offset, n);
    }

    boolean hasKnn() {
        return keys != null;
    }

    boolean hasBackground() {
        return background != null;
    }

    /** The k-th largest of v[base .. base+m): a sorted buffer of the k largest seen (k is small). */
    static float kthLargest(float[] v, int base, int m, int k) {
        float[] top = new float[k];
        int filled = 0;
        for (int j = base; j < base + m; j++) {
            float x = v[j];
            if (filled < k) {
                int p = filled++;
                while (p > 0 && top[p - 1] < x) {
                    top[p] = top[p - 1];
                    p--;
                }
                top[p] = x;
            } else if (x > top[k - 1]) {
                int p = k - 1;
                while (p > 0 && top[p - 1] < x) {
                    top[p] = top[p - 1];
                    p--;
                }
                top[p] = x;
            }
        }
        return top[k - 1];
    }

    @Override
    public void close() {
        if (keys != null) {
            keys.close();
        }
        if (background != null) {
            background.close();
        }
        if (negatives != null) {
            negatives.close();
        }
    }
}
