package dev.fewshot.core.heads.cache;

import dev.fewshot.core.heads.Head;
import dev.fewshot.core.heads.HeadKind;
import dev.fewshot.core.heads.HeadTrainer;
import dev.fewshot.core.heads.TrainingSet;
import dev.fewshot.core.linalg.FloatMatrix;
import dev.fewshot.core.linalg.Gemm;

/**
 * Fits {@link TipAdapterHead}: the cache is the unit support rows and their labels; α and β are chosen by
 * leave-one-out on the support set (never on evaluation rows): each held-out row is scored against the cache
 * without itself, over the grid β ∈ {0.1, 0.4, ..., 7.0} × α ∈ {0.1, 0.2, ..., 3.0} (Tip-Adapter's search ranges),
 * most correct predictions winning, ties to the smaller β, then α. At most {@link #MAX_HELD_OUT} rows are held
 * out (every ⌈N/2000⌉-th, in support order), which bounds the search at ImageNet scale. At K = 1 a held-out row's
 * class has no other shot in the cache, so leave-one-out cannot judge the cache: the paper's ImageNet values
 * α = 1.17, β = 1 are used.
 */
public final class TipAdapterTrainer implements HeadTrainer {
    static final double[] BETAS = grid(0.1, 7.0, 24);
    static final double[] ALPHAS = grid(0.1, 3.0, 30);
    static final double K1_ALPHA = 1.17;
    static final double K1_BETA = 1.0;
    static final int MAX_HELD_OUT = 2000;

    private final FloatMatrix textLogitWeights;

    /** @param textLogitWeights 100 · unit class text embeddings, C×D (ZeroShotTrainer.scaledWeights) */
    public TipAdapterTrainer(FloatMatrix textLogitWeights) {
        this.textLogitWeights = textLogitWeights;
    }

    @Override
    public HeadKind kind() {
        return HeadKind.TIP_ADAPTER;
    }

    @Override
    public Head fit(TrainingSet support, Gemm gemm) {
        FloatMatrix keys = support.x().copy().l2NormalizeRows();
        int[] y = support.y().clone();
        double alpha = K1_ALPHA;
        double beta = K1_BETA;
        if (maxShots(y, support.numClasses()) >= 2) {
            double[] best = search(keys, y, support.numClasses(), gemm);
            alpha = best[0];
            beta = best[1];
        }
        return new TipAdapterHead(textLogitWeights, keys, y, alpha, beta);
    }

    /** {α, β} with the most correct leave-one-out predictions. */
    double[] search(FloatMatrix keys, int[] y, int c, Gemm gemm) {
        int n = y.length;
        int step = (n + MAX_HELD_OUT - 1) / MAX_HELD_OUT;
        int h = (n + step - 1) / step;
        int[] held = new int[h];
        for (int i = 0; i < h; i++) {
            held[i] = i * step;
        }
        FloatMatrix xh = keys.selectRows(held);
        float[] z = gemm.mulTransB(xh, textLogitWeights).data();
        float[] a = gemm.mulTransB(xh, keys).data();
        long[][] correct = new long[BETAS.length][ALPHAS.length];
        double[] cache = new double[c];
        for (int b = 0; b < BETAS.length; b++) {
            double beta = BETAS[b];
            for (int r = 0; r < h; r++) {
                java.util.Arrays.fill(cache, 0);
                for (int j = 0; j < n; j++) {
                    if (j != held[r]) { // leave the row itself out of the cache
                        cache[y[j]] += Math.exp(-beta * (1.0 - a[r * n + j]));
                    }
                }
                int label = y[held[r]];
                for (int al = 0; al < ALPHAS.length; al++) {
                    int best = 0;
                    double top = Double.NEGATIVE_INFINITY;
                    for (int k = 0; k < c; k++) {
                        double v = z[r * c + k] + ALPHAS[al] * cache[k];
                        if (v > top) {
                            top = v;
                            best = k;
                        }
                    }
                    if (best == label) {
                        correct[b][al]++;
                    }
                }
            }
        }
        int bb = 0;
        int ba = 0;
        for (int b = 0; b < BETAS.length; b++) {
            for (int al = 0; al < ALPHAS.length; al++) {
                if (correct[b][al] > correct[bb][ba]) {
                    bb = b;
                    ba = al;
                }
            }
        }
        return new double[] {ALPHAS[ba], BETAS[bb]};
    }

    private static int maxShots(int[] y, int c) {
        int[] counts = new int[c];
        int max = 0;
        for (int v : y) {
            max = Math.max(max, ++counts[v]);
        }
        return max;
    }

    private static double[] grid(double from, double to, int count) {
        double[] g = new double[count];
        for (int i = 0; i < count; i++) {
            g[i] = Math.round((from + (to - from) * i / (count - 1)) * 1e6) / 1e6;
        }
        return g;
    }
}
