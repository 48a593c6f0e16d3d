package dev.fewshot.core.heads.linear;

import dev.fewshot.core.linalg.FloatMatrix;
import dev.fewshot.core.linalg.Gemm;

/**
 * L2-regularised multinomial logistic regression (the linear probe), scikit-learn's objective:
 * F(W, b) = Σ_i CE(softmax(W x_i + b), y_i) + ||W − W0||²_F / (2C), bias unpenalised, W0 = 0 for
 * the plain probe or the zero-shot weights for the anchored one. Solved by {@link Lbfgs} on F/N (values
 * of order one, whatever N), with the gradient tolerance {@link SolverOptions#tol()} applied to the
 * <em>summed</em> F: scikit-learn 1.2's lbfgs rule (scipy's {@code gtol = tol} on Σ CE + ||W||²/(2C)).
 *
 * <p>Why the summed gradient: ∂(F/N)/∂W_cj averages over all N rows terms that are non-zero mostly for
 * the ~N/classes rows of class c, so its entries shrink like 1/classes. An absolute tolerance on F/N
 * (1e-4, as before) was met a few iterations from the start at 1000 classes: the fit stopped,
 * "converged", with a near-uniform softmax ({@code SoftmaxRegressionScaleTest}).
 *
 * <p>Where F itself falls below one nat (a support fitted almost perfectly, e.g. the anchored probe at
 * K=1 with CLIP's logit scale) the bound shrinks with F, so the fit lands on the optimum rather than
 * anywhere on its nearly flat floor (found by the differential suite against scipy).
 *
 * <p>The rows are centred (x − mean) before solving, with b' = b + W·mean. This is an exact
 * reparametrisation (the bias is not penalised, so the optimum is the same) that removes the
 * strong coupling between b and the component of W along CLIP's common direction, which otherwise
 * slows L-BFGS down a lot.
 */
public final class SoftmaxRegression {
    /** scipy's L-BFGS-B relative-decrease test as sklearn sets it (64·machine epsilon). */
    static final double FTOL = 64 * Math.ulp(1.0);

    private SoftmaxRegression() {
    }

    /** Fits from W = W0 (or 0), b = b0 (or 0). */
    public static LinearFit fit(FloatMatrix x, int[] y, int numClasses, Anchor anchorOrNull, double c,
                                SolverOptions opts, Gemm gemm) {
        return fit(x, y, numClasses, anchorOrNull, c, opts, gemm, null);
    }

    /**
     * Fits starting from {@code warmStart}'s weights and bias (e.g. the fit at a neighbouring C);
     * null starts at the anchor, or at zero.
     */
    public static LinearFit fit(FloatMatrix x, int[] y, int numClasses, Anchor anchorOrNull, double c,
                                SolverOptions opts, Gemm gemm, LinearFit warmStart) {
        return warmStart == null ? fit(x, y, numClasses, anchorOrNull, c, opts, gemm, null, null)
                : fit(x, y, numClasses, anchorOrNull, c, opts, gemm, warmStart.weights(), warmStart.bias());
    }

    /**
     * Fits starting from the given weights and bias (e.g. the mean of the cross-validation folds' fits
     * at the chosen C); null starts at the anchor, or at zero.
     */
    public static LinearFit fit(FloatMatrix x, int[] y, int numClasses, Anchor anchorOrNull, double c,
                                SolverOptions opts, Gemm gemm, FloatMatrix warmWeights, float[] warmBias) {
        validate(x, y, numClasses, anchorOrNull, c);
        if (opts == null || gemm == null) {
            throw new IllegalArgumentException("solver options and gemm must not be null");
        }
        int n = x.rows(), d = x.cols(), k = numClasses;
        if ((warmWeights == null) != (warmBias == null) || warmWeights != null && (warmWeights.rows() != k
                || warmWeights.cols() != d || warmBias.length != k)) {
            throw new IllegalArgumentException("warm start has shape " + warmWeights + " + "
                    + (warmBias == null ? "no" : warmBias.length) + " biases, expected " + k + "x" + d + " + " + k);
        }
        double[] mean = columnMeans(x);
        FloatMatrix xc = centred(x, mean);

        double[] w0 = anchorOrNull == null ? null : toDouble(anchorOrNull.w0().data());
        double beta = biasScale(n, k, c);
        double[] theta = new double[k * d + k];
        float[] startW = warmWeights != null ? warmWeights.data()
                : anchorOrNull != null ? anchorOrNull.w0().data() : null;
        float[] startB = warmWeights != null ? warmBias
                : anchorOrNull != null ? anchorOrNull.b0() : null;
        for (int cl = 0; cl < k; cl++) {
            double shift = 0;
            if (startW != null) {
                for (int j = 0; j < d; j++) {
                    theta[cl * d + j] = startW[cl * d + j];
                    shift += startW[cl * d + j] * mean[j];
                }
            }
            theta[k * d + cl] = ((startB == null ? 0 : startB[cl]) + shift) / beta;
        }

        Lbfgs.Result r;
        double objective;
        try (SoftmaxObjective f = new SoftmaxObjective(xc, y, k, w0, c, beta, gemm)) {
            r = Lbfgs.minimize(f, theta,
                    new Lbfgs.Options(opts.maxIter(), opts.tol() / n, 1.0 / n, FTOL, opts.history()));
            objective = f.unscale(r.value());
        }

        float[] w = new float[k * d];
        float[] b = new float[k];
        double[] t = r.x();
        for (int cl = 0; cl < k; cl++) {
            double shift = 0;
            for (int j = 0; j < d; j++) {
                w[cl * d + j] = (float) t[cl * d + j];
                shift += w[cl * d + j] * mean[j];
            }
            b[cl] = (float) (beta * t[k * d + cl] - shift);
        }
        return new LinearFit(new FloatMatrix(k, d, w), b, r.iterations(), objective, r.stop());
    }

    /**
     * β of the bias coordinates b/β. The weights' curvature is at least 1/C (the penalty), the unpenalised
     * bias's only Σ_i p_ic(1 − p_ic) ≤ n_c/4; at small C the two differ by orders of magnitude and L-BFGS,
     * with one scale γ for all coordinates, crawls along the bias (the anchored probe at C = 0.01 used all
     * 1000 iterations at 200 classes, K = 2). Solving for b/β multiplies the bias curvature by β², so
     * β = 1/√(C·n/(4·classes)) brings the bound on it up to 1/C; β is never below 1, where the data
     * term dominates and the plain scale already works.
     */
    static double biasScale(int n, int numClasses, double c) {
        return Math.max(1.0, 1.0 / Math.sqrt(c * 0.25 * n / numClasses));
    }

    static void validate(FloatMatrix x, int[] y, int numClasses, Anchor anchor, double c) {
        if (x == null || y == null) {
            throw new IllegalArgumentException("features and labels must not be null");
        }
        if (y.length != x.rows()) {
            throw new IllegalArgumentException("labels have " + y.length + " entries for " + x.rows() + " feature rows");
        }
        if (x.rows() == 0) {
            throw new IllegalArgumentException("no training rows");
        }
        if (numClasses < 2) {
            throw new IllegalArgumentException("need at least 2 classes, got " + numClasses);
        }
        if (!(c > 0) || Double.isInfinite(c)) {
            throw new IllegalArgumentException("regularisation C must be finite and > 0, got " + c);
        }
        for (int i = 0; i < y.length; i++) {
            if (y[i] < 0 || y[i] >= numClasses) {
                throw new IllegalArgumentException(
                        "label " + y[i] + " at row " + i + " is out of range [0, " + numClasses + ")");
            }
        }
        float[] data = x.data();
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                throw new IllegalArgumentException("feature row " + i / x.cols() + " has a non-finite value");
            }
        }
        if (anchor != null && (anchor.w0().rows() != numClasses || anchor.w0().cols() != x.cols())) {
            throw new IllegalArgumentException("anchor weights are " + anchor.w0() + ", expected "
                    + numClasses + "x" + x.cols());
        }
    }

    static double[] columnMeans(FloatMatrix x) {
        int n = x.rows(), d = x.cols();
        float[] a = x.data();
        double[] m = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                m[j] += a[i * d + j];
            }
        }
        for (int j = 0; j < d; j++) {
            m[j] /= n;
        }
        return m;
    }

    private static FloatMatrix centred(FloatMatrix x, double[] mean) {
        int n = x.rows(), d = x.cols();
        float[] a = x.data(), out = new float[a.length];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                out[i * d + j] = (float) (a[i * d + j] - mean[j]);
            }
        }
        return new FloatMatrix(n, d, out);
    }

    private static double[] toDouble(float[] a) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i];
        }
        return out;
    }
}
