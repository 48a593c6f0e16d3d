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
 * the overconfidence of an under-shrunk Σ, not just its errors. When the held-in shots are one per
 * class (K=2) S would be zero, so that fold uses S of the whole support set (a small leak, noted).
 *
 * <p>All α share one eigendecomposition S = VΛVᵀ per fold: Σ_α = V((1−α)Λ + ατI)Vᵀ, so each
 * α costs one matrix product.
 */
public final class ShrinkageCrossValidation {
    /** The α grid, from strong to weak regularisation is irrelevant here: every α is scored. */
    public static final double[] GRID = {0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99};
    static final int MAX_FOLDS = 4;

    /** @param meanLoss mean held-out cross-entropy per grid value */
    public record Result(double bestAlpha, double[] grid, double[] meanLoss) {
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
            return new Result(ShrinkageEstimators.oas(full.s, full.d, full.rowNorms2.length), GRID, new double[GRID.length]);
        }
        int[] foldOf = support.folds(folds);
        double[] loss = new double[GRID.length];
        long heldOut = 0;
        for (int f = 0; f < folds; f++) {
            heldOut += scoreFold(support, full, foldOf, f, gemm, loss);
        }
        int best = GRID.length - 1;
        for (int a = GRID.length - 1; a >= 0; a--) {
            loss[a] /= Math.max(1, heldOut);
            if (loss[a] < loss[best]) {
                best = a;
            }
        }
        // Ties go to the larger α (stronger shrinkage): iterate from the end with a strict '<'.
        return new Result(GRID[best], GRID.clone(), loss);
    }

    /** Adds each α's summed held-out cross-entropy into {@code loss}; returns the held-out count. */
    private static int scoreFold(TrainingSet support, PooledCovariance full, int[] foldOf, int fold, Gemm gemm,
                                 double[] loss) {
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
        double[][] means = meansOf(support, in, c);
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
        for (int a = 0; a < GRID.length; a++) {
            loss[a] += heldOutCrossEntropy(yProj, mProj, lambda, GRID[a], tau, outLabels, inCount, gemm);
        }
        return nOut;
    }

    private static double heldOutCrossEntropy(FloatMatrix yProj, FloatMatrix mProj, double[] lambda, double alpha,
                                              double tau, int[] labels, int[] inCount, Gemm gemm) {
        int d = lambda.length;
        float[] w = new float[d];
        double logDet = 0;
        for (int j = 0; j < d; j++) {
            double e = Math.max((1 - alpha) * Math.max(lambda[j], 0) + alpha * tau, 1e-30);
            w[j] = (float) (1 / Math.sqrt(e));
            logDet += Math.log(e);
        }
        FloatMatrix ys = scaleColumns(yProj, w);
        FloatMatrix ms = scaleColumns(mProj, w);
        double[] yn = squaredNorms(ys);
        double[] mn = squaredNorms(ms);
        float[] g = gemm.mulTransB(ys, ms).data();
        int n = ys.rows(), c = ms.rows();
        double total = 0;
        double[] logit = new double[c];
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < c; k++) {
                logit[k] = inCount[k] > 0
                        ? -0.5 * (yn[i] - 2.0 * g[i * c + k] + mn[k]) - 0.5 * logDet
                        : Double.NEGATIVE_INFINITY;
                max = Math.max(max, logit[k]);
            }
            double sum = 0;
            for (int k = 0; k < c; k++) {
                sum += Math.exp(logit[k] - max);
            }
            total += max + Math.log(sum) - logit[labels[i]];
        }
        return total;
    }

    private static double[][] meansOf(TrainingSet support, int[] rows, int c) {
        int d = support.dim();
        double[][] m = new double[c][d];
        int[] cnt = new int[c];
        float[] xs = support.x().data();
        int[] y = support.y();
        for (int r : rows) {
            cnt[y[r]]++;
            for (int j = 0; j < d; j++) {
                m[y[r]][j] += xs[r * d + j];
            }
        }
        for (int k = 0; k < c; k++) {
            if (cnt[k] > 0) {
                for (int j = 0; j < d; j++) {
                    m[k][j] /= cnt[k];
                }
            }
        }
        return m;
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

    private static double[] squaredNorms(FloatMatrix m) {
        int d = m.cols();
        float[] x = m.data();
        double[] out = new double[m.rows()];
        for (int i = 0; i < out.length; i++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                double v = x[i * d + j];
                s += v * v;
            }
            out[i] = s;
        }
        return out;
    }
}
