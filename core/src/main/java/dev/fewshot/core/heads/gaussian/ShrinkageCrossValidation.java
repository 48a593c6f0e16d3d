package dev.fewshot.core.heads.gaussian;

import dev.fewshot.core.heads.TrainingSet;
import dev.fewshot.core.linalg.FloatMatrix;
import dev.fewshot.core.linalg.Gemm;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Chooses the shrinkage α of the Gaussian head by cross-validation on the support set.
 *
 * <p>Folds are by shot index (fold f holds out shot f, f+F, ... of every class; F = min(K, 4)).
 * For each fold, the class means and S come from the held-in shots, and each α in {@link #GRID}
 * is scored by the mean cross-entropy of the held-out shots: a proper scoring rule, so it punishes
 * the overconfidence of an under-shrunk Σ, not just its errors. At K=2 the folds go by class
 * group instead (see {@link #classGroupedFolds}).
 *
 * <p>Together with α it picks a covariance scale s from {@link #SCALES} (Σ = s·Σ_α, a
 * temperature on the Mahalanobis distances). The plug-in Σ ignores that the class means are
 * themselves estimated from a few shots, so distances to them are larger than Σ predicts and the
 * unscaled head is overconfident; the held-out cross-entropy measures exactly that.
 *
 * <p>All α share one eigendecomposition S = VΛVᵀ per fold: Σ_α = V((1−α)Λ + ατI)Vᵀ, so each
 * α costs one matrix product, and every s reuses that α's distances.
 */
public final class ShrinkageCrossValidation {
    /** The α grid, from strong to weak regularisation is irrelevant here: every α is scored. */
    public static final double[] GRID = {0.1, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99};
    /** Covariance scales tried with every α. */
    public static final double[] SCALES = {1, 2, 4, 8, 16, 32};
    /** exp(−40) ≈ 4e-18: classes this far behind the nearest add nothing to a sum that holds 1. */
    private static final double NEGLIGIBLE = 40;
    static final int MAX_FOLDS = 4;

    /** @param meanLoss mean held-out cross-entropy per α (at that α's best scale) */
    public record Result(double bestAlpha, double bestScale, double[] grid, double[] meanLoss) {
    }

    private ShrinkageCrossValidation() {
    }

    static Result choose(TrainingSet support, PooledCovariance full, Gemm gemm) {
        int maxShot = 0;
        for (int s : support.shotIndex()) {
            maxShot = Math.max(maxShot, s);
        }
        int folds = Math.min(maxShot + 1, MAX_FOLDS);
        if (folds < 2) {
            // No class has two shots: nothing to validate on.
            return new Result(ShrinkageEstimators.oas(full.s, full.d, full.rowNorms2.length), 1.0, GRID,
                    new double[GRID.length]);
        }
        int[] foldOf = folds == 2 ? classGroupedFolds(support) : support.folds(folds);
        if (folds == 2) {
            folds = Math.min(MAX_FOLDS, support.numClasses());
        }
        double[][] loss = new double[GRID.length][SCALES.length];
        // The folds' eigendecompositions are single-threaded (EJML): run them side by side.
        Fold[] prepared = java.util.stream.IntStream.range(0, folds).parallel()
                .mapToObj(f -> prepareFold(support, full, foldOf, f, gemm)).toArray(Fold[]::new);
        long heldOut = 0;
        for (Fold fold : prepared) {
            heldOut += fold.score(gemm, loss);
        }
        // Ties go to the larger α and the smaller scale: iterate α from the end, strict '<'.
        int bestA = GRID.length - 1;
        int bestS = 0;
        double[] perAlpha = new double[GRID.length];
        for (int a = GRID.length - 1; a >= 0; a--) {
            perAlpha[a] = Double.POSITIVE_INFINITY;
            for (int k = 0; k < SCALES.length; k++) {
                double l = loss[a][k] / Math.max(1, heldOut);
                perAlpha[a] = Math.min(perAlpha[a], l);
                if (l < loss[bestA][bestS] / Math.max(1, heldOut)) {
                    bestA = a;
                    bestS = k;
                }
            }
        }
        return new Result(GRID[bestA], SCALES[bestS], GRID.clone(), perAlpha);
    }

    /**
     * K=2 folds: holding out one of two shots would leave one shot per class and S = 0, and using
     * the whole support's S instead leaks the held-out rows into it (measured: CV then picks
     * α = 0.1 and the head collapses). So the second shot of one class group at a time is held
     * out, and S comes from the other classes' pairs; -1 marks rows never held out.
     */
    private static int[] classGroupedFolds(TrainingSet support) {
        int groups = Math.min(MAX_FOLDS, support.numClasses());
        int[] shot = support.shotIndex();
        int[] y = support.y();
        int[] f = new int[shot.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = shot[i] == 1 ? y[i] % groups : -1;
        }
        return f;
    }

    /** One fold, projected on the eigenvectors of its held-in covariance. */
    private record Fold(FloatMatrix yProj, FloatMatrix mProj, double[] lambda, double tau, int[] outLabels,
                        int[] inCount) {

        /** Adds each (α, s)'s summed held-out cross-entropy into {@code loss}; returns the held-out count. */
        int score(Gemm gemm, double[][] loss) {
            for (int a = 0; a < GRID.length; a++) {
                double[] perScale = heldOutCrossEntropy(yProj, mProj, lambda, GRID[a], tau, outLabels, inCount, gemm);
                for (int k = 0; k < SCALES.length; k++) {
                    loss[a][k] += perScale[k];
                }
            }
            return outLabels.length;
        }
    }

    private static Fold prepareFold(TrainingSet support, PooledCovariance full, int[] foldOf, int fold, Gemm gemm) {
        int n = foldOf.length, d = support.dim(), c = support.numClasses();
        int[] y = support.y();
        int[] inCount = new int[c];
        int nIn = 0;
        for (int i = 0; i < n; i++) {
            if (foldOf[i] != fold) {
                inCount[y[i]]++;
                nIn++;
            }
        }
        int[] in = new int[nIn];
        int nOut = 0;
        for (int i = 0, p = 0; i < n; i++) {
            if (foldOf[i] != fold) {
                in[p++] = i;
            } else if (inCount[y[i]] > 0) {
                nOut++;
            }
        }
        int[] out = new int[nOut];
        boolean severalInShots = false;
        for (int i = 0, p = 0; i < n; i++) {
            if (foldOf[i] == fold && inCount[y[i]] > 0) {
                out[p++] = i;
            }
        }
        for (int cnt : inCount) {
            severalInShots |= cnt > 1;
        }
        double[][] means = support.classMeans(in);
        double[] s = severalInShots ? PooledCovariance.of(support.x(), y, in, means, gemm).s : full.s;

        DMatrixRMaj v = new DMatrixRMaj(d, d);
        double[] lambda = eigen(s, d, v);
        double tau = 0;
        for (double l : lambda) {
            tau += l;
        }
        tau /= d;

        FloatMatrix vf = toFloat(v);
        FloatMatrix yProj = gemm.mul(support.x().selectRows(out), vf);
        FloatMatrix mProj = gemm.mul(toFloat(means), vf);
        int[] outLabels = new int[nOut];
        for (int i = 0; i < nOut; i++) {
            outLabels[i] = y[out[i]];
        }
        return new Fold(yProj, mProj, lambda, tau, outLabels, inCount);
    }

    /** Summed held-out cross-entropy for one α at every scale in {@link #SCALES}. */
    private static double[] heldOutCrossEntropy(FloatMatrix yProj, FloatMatrix mProj, double[] lambda, double alpha,
                                                double tau, int[] labels, int[] inCount, Gemm gemm) {
        int d = lambda.length;
        float[] w = new float[d];
        for (int j = 0; j < d; j++) {
            double e = Math.max((1 - alpha) * Math.max(lambda[j], 0) + alpha * tau, 1e-30);
            w[j] = (float) (1 / Math.sqrt(e));
        }
        FloatMatrix ys = scaleColumns(yProj, w);
        FloatMatrix ms = scaleColumns(mProj, w);
        double[] yn = ys.rowSquaredNorms();
        double[] mn = ms.rowSquaredNorms();
        float[] g = gemm.mulTransB(ys, ms).data();
        int n = ys.rows(), c = ms.rows();
        // Per-row losses in parallel, summed in row order afterwards: deterministic for any thread count.
        double[][] perRow = new double[n][];
        java.util.stream.IntStream.range(0, n).parallel().forEach(i -> {
            double[] half = new double[c];
            double minHalf = Double.POSITIVE_INFINITY;
            for (int k = 0; k < c; k++) {
                // Half squared distance; the log-determinant is the same for every class and cancels.
                half[k] = inCount[k] > 0 ? 0.5 * Math.max(0.0, yn[i] - 2.0 * g[i * c + k] + mn[k])
                        : Double.POSITIVE_INFINITY;
                minHalf = Math.min(minHalf, half[k]);
            }
            double own = half[labels[i]];
            double[] ce = new double[SCALES.length];
            for (int t = 0; t < SCALES.length; t++) {
                double inv = 1.0 / SCALES[t];
                double sum = 0;
                for (int k = 0; k < c; k++) {
                    double gap = (half[k] - minHalf) * inv;
                    if (gap < NEGLIGIBLE) {
                        sum += Math.exp(-gap);
                    }
                }
                ce[t] = (own - minHalf) * inv + Math.log(sum);
            }
            perRow[i] = ce;
        });
        double[] total = new double[SCALES.length];
        for (double[] ce : perRow) {
            for (int t = 0; t < ce.length; t++) {
                total[t] += ce[t];
            }
        }
        return total;
    }

    /** Symmetric eigendecomposition; fills {@code vectors} column-wise and returns the eigenvalues. */
    private static double[] eigen(double[] s, int d, DMatrixRMaj vectors) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
        if (!eig.decompose(new DMatrixRMaj(d, d, true, s.clone()))) {
            throw new IllegalStateException("eigendecomposition of the pooled covariance failed");
        }
        double[] lambda = new double[d];
        for (int i = 0; i < d; i++) {
            lambda[i] = eig.getEigenvalue(i).getReal();
            DMatrixRMaj col = eig.getEigenVector(i);
            for (int r = 0; r < d; r++) {
                vectors.set(r, i, col.get(r, 0));
            }
        }
        return lambda;
    }

    private static FloatMatrix toFloat(DMatrixRMaj m) {
        float[] out = new float[m.getNumElements()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) m.data[i];
        }
        return new FloatMatrix(m.numRows, m.numCols, out);
    }

    private static FloatMatrix toFloat(double[][] rows) {
        int c = rows.length, d = rows[0].length;
        float[] out = new float[c * d];
        for (int i = 0; i < c; i++) {
            for (int j = 0; j < d; j++) {
                out[i * d + j] = (float) rows[i][j];
            }
        }
        return new FloatMatrix(c, d, out);
    }

    private static FloatMatrix scaleColumns(FloatMatrix m, float[] w) {
        float[] src = m.data();
        float[] out = new float[src.length];
        int d = m.cols();
        for (int i = 0; i < src.length; i++) {
            out[i] = src[i] * w[i % d];
        }
        return new FloatMatrix(m.rows(), d, out);
    }
}
