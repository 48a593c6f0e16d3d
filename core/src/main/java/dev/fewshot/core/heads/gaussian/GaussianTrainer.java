package dev.fewshot.core.heads.gaussian;

import dev.fewshot.core.heads.GaussianHead;
import dev.fewshot.core.heads.GaussianLogits;
import dev.fewshot.core.heads.Head;
import dev.fewshot.core.heads.HeadKind;
import dev.fewshot.core.heads.HeadTrainer;
import dev.fewshot.core.heads.TrainingSet;
import dev.fewshot.core.linalg.FloatMatrix;
import dev.fewshot.core.linalg.Gemm;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.decomposition.TriangularSolver_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;

/**
 * Fits the Gaussian (LDA) head: class means and one shared covariance
 * Σ = (1−α)·S + α·τ·I, with S the pooled within-class covariance and τ = tr(S)/D.
 *
 * <p>With {@code auto}, cross-validation also picks a scale s for Σ (see
 * {@link ShrinkageCrossValidation}), which fixes the overconfidence of the plug-in estimate.
 *
 * <p>At K=1 every class has one shot, S = 0 and there is nothing to shrink: the head uses
 * Σ = σ²·I, σ² the mean squared distance of the shots to their global mean. With a fixed shrinkage of 0 that
 * rescue is off on purpose, so the study's breakdown stays visible: Σ is then only the tiny ridge
 * needed to factor it, and the head is absurdly overconfident.
 */
public final class GaussianTrainer implements HeadTrainer {
    /** Relative ridge added when Σ cannot be factored (S singular and α = 0). */
    static final double RIDGE = 1e-6;

    private final Shrinkage shrinkage;

    public GaussianTrainer(Shrinkage shrinkage) {
        this.shrinkage = shrinkage;
    }

    @Override
    public HeadKind kind() {
        return HeadKind.GAUSSIAN;
    }

    @Override
    public Head fit(TrainingSet support, Gemm gemm) {
        int d = support.dim();
        double[][] means = support.classMeans();
        int[] all = new int[support.y().length];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        PooledCovariance pooled = PooledCovariance.of(support.x(), support.y(), all, means, gemm);
        double spread = PooledCovariance.globalSpread(support.x());
        double trace = pooled.trace();
        boolean noWithinClassSpread = trace <= 1e-12 * spread * d;

        double[] globalMean = PooledCovariance.globalMean(support.x());
        PooledCovariance all0 = PooledCovariance.of(support.x(), new int[support.y().length], all,
                new double[][] {globalMean}, gemm);
        double trace0 = all0.trace();

        double alpha;
        double[] sigma;
        double[] sigma0;
        if (noWithinClassSpread && !isFixedZero()) {
            // K=1: Σ = σ²·I with σ² the mean squared distance of the shots to their global mean; the background
            // shares it, so RMDS compares squared distances on one scale.
            alpha = 1.0;
            sigma = isotropic(d, spread * d);
            sigma0 = sigma;
        } else if (shrinkage.mode() == Shrinkage.Mode.AUTO) {
            ShrinkageCrossValidation.Result cv = ShrinkageCrossValidation.choose(support, pooled, gemm);
            alpha = cv.bestAlpha();
            sigma = scale(shrink(pooled.s, d, alpha, trace / d), cv.bestScale());
            sigma0 = scale(shrink(all0.s, d, alpha, trace0 / d), cv.bestScale());
        } else {
            alpha = chooseAlpha(pooled);
            sigma = shrink(pooled.s, d, alpha, trace / d);
            sigma0 = shrink(all0.s, d, alpha, trace0 / d);
        }
        // The background (Ren et al.'s RMDS) is built from the covariance of all rows exactly as Σ is from the
        // within-class one: same shrinkage, same target rule, same scale.
        Factor f = Factor.of(sigma, d, spread);
        Factor f0 = Factor.of(sigma0, d, spread);
        GaussianLogits.Background background = new GaussianLogits.Background(
                new FloatMatrix(1, d, toFloats(globalMean)), f0.whitening);
        return new GaussianHead(new FloatMatrix(means.length, d, toFloats(means, d)), f.whitening, f.logDet, alpha,
                background);
    }

    private boolean isFixedZero() {
        return shrinkage.mode() == Shrinkage.Mode.FIXED && shrinkage.fixed() == 0.0;
    }

    private double chooseAlpha(PooledCovariance pooled) {
        return switch (shrinkage.mode()) {
            case FIXED -> shrinkage.fixed();
            case LEDOIT_WOLF -> ShrinkageEstimators.ledoitWolf(pooled.s, pooled.d, pooled.rowNorms2);
            case OAS -> ShrinkageEstimators.oas(pooled.s, pooled.d, pooled.rowNorms2.length);
            case AUTO -> throw new IllegalStateException("auto is chosen by cross-validation");
        };
    }

    private static double[] scale(double[] m, double s) {
        for (int i = 0; i < m.length; i++) {
            m[i] *= s;
        }
        return m;
    }

    static double[] shrink(double[] s, int d, double alpha, double target) {
        double[] out = new double[d * d];
        for (int i = 0; i < out.length; i++) {
            out[i] = (1 - alpha) * s[i];
        }
        for (int i = 0; i < d; i++) {
            out[i * d + i] += alpha * target;
        }
        return out;
    }

    private static double[] isotropic(int d, double variance) {
        double[] out = new double[d * d];
        for (int i = 0; i < d; i++) {
            out[i * d + i] = variance;
        }
        return out;
    }

    /** The inverse Cholesky factor of a covariance (lower triangular, as floats) and its log-determinant. */
    private record Factor(FloatMatrix whitening, double logDet) {
        static Factor of(double[] sigma, int d, double spread) {
            DMatrixRMaj l = cholesky(sigma, d);
            if (l == null) {
                double[] ridged = sigma.clone();
                for (int i = 0; i < d; i++) {
                    ridged[i * d + i] += RIDGE * spread;
                }
                l = cholesky(ridged, d);
                if (l == null) {
                    throw new IllegalStateException("covariance is not positive definite even after a ridge");
                }
            }
            double logDet = 0;
            for (int i = 0; i < d; i++) {
                logDet += 2 * Math.log(l.get(i, i));
            }
            TriangularSolver_DDRM.invertLower(l.data, d);
            float[] w = new float[d * d];
            for (int i = 0; i < d; i++) {
                for (int j = 0; j <= i; j++) {
                    w[i * d + j] = (float) l.get(i, j);
                }
            }
            return new Factor(new FloatMatrix(d, d, w), logDet);
        }
    }

    private static float[] toFloats(double[][] rows, int d) {
        float[] m = new float[rows.length * d];
        for (int c = 0; c < rows.length; c++) {
            for (int j = 0; j < d; j++) {
                m[c * d + j] = (float) rows[c][j];
            }
        }
        return m;
    }

    private static float[] toFloats(double[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }

    /** Lower Cholesky factor, or null when the matrix is not numerically positive definite. */
    private static DMatrixRMaj cholesky(double[] sigma, int d) {
        DMatrixRMaj a = new DMatrixRMaj(d, d, true, sigma.clone());
        CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(d, true);
        if (!chol.decompose(a)) {
            return null;
        }
        DMatrixRMaj l = chol.getT(null);
        for (int i = 0; i < d; i++) {
            double v = l.get(i, i);
            if (!(v > 0) || Double.isInfinite(v)) {
                return null;
            }
        }
        return l;
    }
}
