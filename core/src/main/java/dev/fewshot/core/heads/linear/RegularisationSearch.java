package dev.fewshot.core.heads.linear;

import dev.fewshot.core.linalg.FloatMatrix;
import dev.fewshot.core.linalg.Gemm;
import java.util.Arrays;

/**
 * Chooses C of {@link SoftmaxRegression} by cross-validation over caller-assigned folds.
 *
 * <p>The default grid is one value per decade, 0.01 … 1000, for this un-averaged objective on
 * L2-normalised rows. Why this range (checked on {@code SyntheticClipData}, 100 and 1000 classes,
 * K = 1…16): confident logits on unit vectors need ||w_c|| of order 10–30, which costs
 * ||W||²/(2C) ≈ C_classes·(100…500)/C against a data term of about N·log(C_classes) nats. Below
 * C ≈ 0.1 the plain probe is nearly uniform (held-out CE ≈ log C_classes) and the anchored probe
 * sits on its anchor, so 0.01 is only there for the anchored probe ("stay zero-shot"). Above
 * C ≈ 1000 fits get slow.
 *
 * <p>For each fold, C runs from strong to weak regularisation, each fit warm-started from the
 * previous one (the solutions move smoothly with C, so later fits take far fewer iterations). Each
 * C is scored by the mean cross-entropy of all held-out rows (a proper scoring rule, so it punishes
 * overconfidence as well as errors); ties go to the smaller C. The caller then refits on all rows.
 */
public final class RegularisationSearch {
    public static final double[] DEFAULT_GRID = {0.01, 0.1, 1, 10, 100, 1000};

    /**
     * @param grid            the C values, ascending
     * @param meanHeldOutLoss per C, Σ over folds of held-out cross-entropy / number of rows
     * @param startWeights    mean of the folds' weights at bestC: where the refit on all rows starts
     * @param startBias       mean of the folds' biases at bestC
     */
    public record CvResult(double bestC, double[] grid, double[] meanHeldOutLoss, FloatMatrix startWeights,
                           float[] startBias) {
    }

    private RegularisationSearch() {
    }

    /**
     * @param foldOf per-row fold id (>= 0); needs at least two distinct ids
     * @param grid   candidate C values (> 0, any order; the result lists them ascending), or null for
     *               {@link #DEFAULT_GRID}
     */
    public static CvResult choose(FloatMatrix x, int[] y, int numClasses, int[] foldOf, double[] grid,
                                  Anchor anchorOrNull, SolverOptions opts, Gemm gemm) {
        double[] g = grid == null ? DEFAULT_GRID.clone() : grid.clone();
        if (g.length == 0) {
            throw new IllegalArgumentException("the C grid is empty");
        }
        for (double c : g) {
            if (!(c > 0) || Double.isInfinite(c)) {
                throw new IllegalArgumentException("grid values must be finite and > 0, got " + c);
            }
        }
        Arrays.sort(g);
        SoftmaxRegression.validate(x, y, numClasses, anchorOrNull, g[0]);
        if (foldOf == null || foldOf.length != x.rows()) {
            throw new IllegalArgumentException("fold ids have " + (foldOf == null ? 0 : foldOf.length)
                    + " entries for " + x.rows() + " feature rows");
        }
        int folds = 0;
        for (int i = 0; i < foldOf.length; i++) {
            if (foldOf[i] < 0) {
                throw new IllegalArgumentException("fold id " + foldOf[i] + " at row " + i + " is negative");
            }
            folds = Math.max(folds, foldOf[i] + 1);
        }
        int[] size = new int[folds];
        for (int f : foldOf) {
            size[f]++;
        }
        int nonEmpty = 0;
        for (int s : size) {
            nonEmpty += s > 0 ? 1 : 0;
        }
        if (nonEmpty < 2) {
            throw new IllegalArgumentException("cross-validation needs at least 2 folds, got " + nonEmpty);
        }

        double[] sum = new double[g.length];
        int d = x.cols();
        double[][] weightSum = new double[g.length][numClasses * d];
        double[][] biasSum = new double[g.length][numClasses];
        for (int f = 0; f < folds; f++) {
            if (size[f] == 0) {
                continue;
            }
            int[] in = new int[x.rows() - size[f]];
            int[] out = new int[size[f]];
            for (int i = 0, a = 0, b = 0; i < foldOf.length; i++) {
                if (foldOf[i] == f) {
                    out[b++] = i;
                } else {
                    in[a++] = i;
                }
            }
            FloatMatrix xIn = x.selectRows(in), xOut = x.selectRows(out);
            int[] yIn = select(y, in), yOut = select(y, out);
            LinearFit prev = null;
            for (int j = 0; j < g.length; j++) {
                prev = SoftmaxRegression.fit(xIn, yIn, numClasses, anchorOrNull, g[j], opts, gemm, prev);
                sum[j] += crossEntropySum(xOut, yOut, prev, gemm);
                add(weightSum[j], prev.weights().data());
                add(biasSum[j], prev.bias());
            }
        }
        double[] mean = new double[g.length];
        int best = 0;
        for (int j = 0; j < g.length; j++) {
            mean[j] = sum[j] / x.rows();
            if (mean[j] < mean[best]) {
                best = j; // strict: ties stay with the smaller C
            }
        }
        return new CvResult(g[best], g, mean, new FloatMatrix(numClasses, d, meanOf(weightSum[best], nonEmpty)),
                meanOf(biasSum[best], nonEmpty));
    }

    private static void add(double[] acc, float[] v) {
        for (int i = 0; i < v.length; i++) {
            acc[i] += v[i];
        }
    }

    private static float[] meanOf(double[] sum, int count) {
        float[] out = new float[sum.length];
        for (int i = 0; i < sum.length; i++) {
            out[i] = (float) (sum[i] / count);
        }
        return out;
    }

    /** Σ_i −log softmax(W x_i + b)_{y_i}, in double, rows added in order. */
    static double crossEntropySum(FloatMatrix x, int[] y, LinearFit fit, Gemm gemm) {
        FloatMatrix z = gemm.mulTransB(x, fit.weights());
        float[] zd = z.data();
        float[] b = fit.bias();
        int k = b.length;
        double total = 0;
        double[] row = new double[k];
        for (int i = 0; i < x.rows(); i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                row[c] = (double) zd[i * k + c] + b[c];
                max = Math.max(max, row[c]);
            }
            double s = 0;
            for (int c = 0; c < k; c++) {
                s += Math.exp(row[c] - max);
            }
            total += Math.log(s) - (row[y[i]] - max);
        }
        return total;
    }

    private static int[] select(int[] a, int[] idx) {
        int[] out = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = a[idx[i]];
        }
        return out;
    }
}
