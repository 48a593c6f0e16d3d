package dev.fewshot.core.ood;

import dev.fewshot.core.linalg.FloatMatrix;

/**
 * NegLabel's score (Jiang et al., ICLR 2024, "Negative label guided OOD detection with pretrained vision-language
 * models"), on the bank mined by {@link dev.fewshot.core.heads.NegativeLabelMining}.
 * <ul>
 *   <li><b>Score</b>: with s_k = cos(x, class k) and s̃_j = cos(x, negative j), per group g of the bank
 *       {@code S_g = Σ_k e^{s_k/τ} / (Σ_k e^{s_k/τ} + Σ_{j∈g} e^{s̃_j/τ})}, τ = {@link #TAU}; the score is the mean
 *       of S_g over {@link #groups} contiguous groups of the shuffled bank. Higher = more ID.</li>
 * </ul>
 * Cosines follow the zero-shot head: x·t for unit class and negative rows (CLIP features arrive normalised).
 */
public final class NegLabel {
    /** The paper's temperature. */
    public static final double TAU = 0.01;
    /** The paper's number of groups (fewer when the bank is smaller). */
    public static final int GROUPS = 100;

    private NegLabel() {
    }

    /** Groups for a bank of m rows: {@link #GROUPS}, at most m. */
    public static int groups(int m) {
        return Math.max(1, Math.min(GROUPS, m));
    }

    /** Start of group g of g·m/G .. (g+1)·m/G (sizes differ by at most one). */
    static int groupStart(int g, int m, int groups) {
        return (int) ((long) g * m / groups);
    }

    /**
     * Per row of x, the log-sum-exp of s̃_j/τ over each group: out[i·G + g]. One product row per input row, sums
     * in bank order: chunking cannot change a bit.
     */
    static double[] groupLogSumExp(FloatMatrix negativeProducts, int groups) {
        int n = negativeProducts.rows(), m = negativeProducts.cols();
        float[] a = negativeProducts.data();
        double[] out = new double[n * groups];
        java.util.stream.IntStream.range(0, n).parallel().forEach(i -> {
            for (int g = 0; g < groups; g++) {
                int from = i * m + groupStart(g, m, groups), to = i * m + groupStart(g + 1, m, groups);
                double max = Double.NEGATIVE_INFINITY;
                for (int j = from; j < to; j++) {
                    max = Math.max(max, a[j] / TAU);
                }
                double s = 0;
                for (int j = from; j < to; j++) {
                    s += Math.exp(a[j] / TAU - max);
                }
                out[i * groups + g] = max + Math.log(s);
            }
        });
        return out;
    }

    /**
     * The score of one row from its zero-shot logits (scale · cosine) and its group log-sum-exps:
     * mean over g of 1 / (1 + exp(lse_g − lse_id)).
     */
    static double score(float[] logits, int base, int c, double cosineScale, double[] groupLse, int row, int groups) {
        double inv = 1.0 / (cosineScale * TAU);
        double max = Double.NEGATIVE_INFINITY;
        for (int k = base; k < base + c; k++) {
            max = Math.max(max, logits[k] * inv);
        }
        double s = 0;
        for (int k = base; k < base + c; k++) {
            s += Math.exp(logits[k] * inv - max);
        }
        double lseId = max + Math.log(s);
        double sum = 0;
        for (int g = 0; g < groups; g++) {
            sum += 1.0 / (1.0 + Math.exp(groupLse[row * groups + g] - lseId));
        }
        return sum / groups;
    }
}
