package dev.fewshot.core.heads.gaussian;

import dev.fewshot.core.heads.Head;
import dev.fewshot.core.heads.HeadKind;
import dev.fewshot.core.heads.HeadTrainer;
import dev.fewshot.core.heads.LinearHead;
import dev.fewshot.core.heads.TrainingSet;
import dev.fewshot.core.linalg.FloatMatrix;
import dev.fewshot.core.linalg.Gemm;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * The {@code gda} head of Wang et al., ICLR 2024 ("A hard-to-beat baseline for training-free CLIP-based
 * adaptation"): Gaussian discriminant analysis on the support features, blended with zero-shot.
 * <ul>
 *   <li>class means μ_c, equal priors;</li>
 *   <li>one shared precision {@code P = D · (S + tr(S)/(N−1) · I)⁻¹}, with S = Σ (x − μ_y)(x − μ_y)ᵀ the within-class
 *       scatter of the N support rows (the paper's {@code D · ((N−1)Σ̂ + tr(Σ̂)·I)⁻¹} with Σ̂ = S/(N−1));</li>
 *   <li>{@code W_c = P μ_c}, {@code b_c = log(1/C) − ½ μ_cᵀ P μ_c};</li>
 *   <li>logits {@code 100 · x·Tᵀ + α · (x·Wᵀ + b)}, T the unit zero-shot text weights.</li>
 * </ul>
 * The authors choose α on the test set for ImageNet; here α is chosen by cross-validation on the support set
 * ({@link #FOLDS} folds of (class, shot) pairs, each class keeping at least one shot; the grid {@link #ALPHAS},
 * ties to the smaller α), never on evaluation rows. At K = 1 every class has one shot, S = 0, the precision is 0
 * (the paper's pseudo-inverse of a zero matrix) and the head is exactly zero-shot: α = 0 is recorded.
 * The head is stored as a linear head with weights {@code 100·T + α·W} and bias {@code α·b}; its hyperparameter
 * is α.
 */
public final class GdaTrainer implements HeadTrainer {
    /** α = 0 (zero-shot) and 10^(k/2) for k = −8..8. */
    static final double[] ALPHAS = alphas();
    static final int FOLDS = 4;

    private final FloatMatrix zeroShotLogitWeights;

    /** @param zeroShotLogitWeights 100 · unit class text embeddings, C×D (ZeroShotTrainer.scaledWeights) */
    public GdaTrainer(FloatMatrix zeroShotLogitWeights) {
        this.zeroShotLogitWeights = zeroShotLogitWeights;
    }

    @Override
    public HeadKind kind() {
        return HeadKind.GDA;
    }

    @Override
    public Head fit(TrainingSet support, Gemm gemm) {
        int c = support.numClasses();
        int d = support.dim();
        if (zeroShotLogitWeights.rows() != c || zeroShotLogitWeights.cols() != d) {
            throw new IllegalArgumentException("text weights are " + zeroShotLogitWeights.rows() + "x"
                    + zeroShotLogitWeights.cols() + " for " + c + " classes of dimension " + d);
        }
        int[] all = new int[support.y().length];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        Discriminant full = Discriminant.fit(support, all, gemm);
        double alpha = full == null ? 0 : chooseAlpha(support, gemm);
        float[] w = zeroShotLogitWeights.data().clone();
        float[] b = new float[c];
        if (full != null && alpha > 0) {
            for (int k = 0; k < c; k++) {
                for (int j = 0; j < d; j++) {
                    w[k * d + j] = (float) (w[k * d + j] + alpha * full.w[k * d + j]);
                }
                b[k] = (float) (alpha * full.b[k]);
            }
        }
        return new LinearHead(HeadKind.GDA, new FloatMatrix(c, d, w), b, alpha, null);
    }

    /** The α of {@link #ALPHAS} with the most correct held-out predictions summed over the folds. */
    double chooseAlpha(TrainingSet support, Gemm gemm) {
        int n = support.y().length;
        long[] correct = new long[ALPHAS.length];
        boolean any = false;
        for (int f = 0; f < FOLDS; f++) {
            boolean[] out = heldOut(support, f);
            int held = 0;
            for (boolean o : out) {
                held += o ? 1 : 0;
            }
            if (held == 0) {
                continue;
            }
            int[] in = new int[n - held];
            int[] ho = new int[held];
            for (int i = 0, a = 0, h = 0; i < n; i++) {
                if (out[i]) {
                    ho[h++] = i;
                } else {
                    in[a++] = i;
                }
            }
            Discriminant fold = Discriminant.fit(support, in, gemm);
            if (fold == null) {
                continue; // no within-class spread left in this fold
            }
            any = true;
            FloatMatrix xo = support.x().selectRows(ho);
            float[] z = gemm.mulTransB(xo, zeroShotLogitWeights).data();
            float[] g = gemm.mulTransB(xo, new FloatMatrix(support.numClasses(), support.dim(), toFloats(fold.w)))
                    .data();
            int c = support.numClasses();
            for (int r = 0; r < ho.length; r++) {
                int label = support.y()[ho[r]];
                for (int a = 0; a < ALPHAS.length; a++) {
                    int best = 0;
                    double top = Double.NEGATIVE_INFINITY;
                    for (int k = 0; k < c; k++) {
                        double v = z[r * c + k] + ALPHAS[a] * (g[r * c + k] + fold.b[k]);
                        if (v > top) {
                            top = v;
                            best = k;
                        }
                    }
                    if (best == label) {
                        correct[a]++;
                    }
                }
            }
        }
        if (!any) {
            return 0;
        }
        int best = 0;
        for (int a = 1; a < ALPHAS.length; a++) {
            if (correct[a] > correct[best]) {
                best = a;
            }
        }
        return ALPHAS[best];
    }

    /**
     * Fold f holds out the rows whose (class + shot index) is f modulo {@link #FOLDS}, as long as their class keeps
     * a shot: so at K = 2 half of the classes keep both shots and the fold still has within-class spread.
     */
    static boolean[] heldOut(TrainingSet support, int f) {
        int n = support.y().length;
        int[] left = new int[support.numClasses()];
        for (int y : support.y()) {
            left[y]++;
        }
        boolean[] out = new boolean[n];
        for (int i = 0; i < n; i++) {
            int y = support.y()[i];
            if ((y + support.shotIndex()[i]) % FOLDS == f && left[y] > 1) {
                out[i] = true;
                left[y]--;
            }
        }
        return out;
    }

    private static float[] toFloats(double[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }

    private static double[] alphas() {
        double[] a = new double[18];
        for (int k = -8; k <= 8; k++) {
            a[k + 9] = Math.pow(10, k / 2.0);
        }
        return a;
    }

    /** The GDA part fitted on some rows: W (C×D, row c = P μ_c) and b, in double precision. */
    static final class Discriminant {
        final double[] w;
        final double[] b;

        private Discriminant(double[] w, double[] b) {
            this.w = w;
            this.b = b;
        }

        /** Null when the rows have no within-class spread (one shot per class): the precision is then 0. */
        static Discriminant fit(TrainingSet support, int[] rows, Gemm gemm) {
            int d = support.dim();
            int c = support.numClasses();
            double[][] means = support.classMeans(rows);
            PooledCovariance pooled = PooledCovariance.of(support.x(), support.y(), rows, means, gemm);
            int n = rows.length;
            double trace = pooled.trace() * n; // tr(S), S = n · pooled
            if (n < 2 || !(trace > 0)) {
                return null;
            }
            DMatrixRMaj m = new DMatrixRMaj(d, d);
            for (int i = 0; i < d * d; i++) {
                m.data[i] = pooled.s[i] * n;
            }
            for (int i = 0; i < d; i++) {
                m.data[i * d + i] += trace / (n - 1);
            }
            // W = D · μ M⁻¹: solve M Wᵀ = μᵀ (M symmetric positive definite: Cholesky)
            DMatrixRMaj mu = new DMatrixRMaj(d, c);
            for (int k = 0; k < c; k++) {
                for (int j = 0; j < d; j++) {
                    mu.data[j * c + k] = means[k][j];
                }
            }
            LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.chol(d);
            if (!solver.setA(m)) {
                throw new IllegalStateException("the GDA covariance is not positive definite");
            }
            DMatrixRMaj wt = new DMatrixRMaj(d, c);
            solver.solve(mu, wt);
            CommonOps_DDRM.scale(d, wt);
            double[] w = new double[c * d];
            double[] b = new double[c];
            double logPrior = Math.log(1.0 / c);
            for (int k = 0; k < c; k++) {
                double q = 0;
                for (int j = 0; j < d; j++) {
                    double v = wt.data[j * c + k];
                    w[k * d + j] = v;
                    q += v * means[k][j];
                }
                b[k] = logPrior - 0.5 * q;
            }
            return new Discriminant(w, b);
        }
    }
}
