package dev.fewshot.core.heads.linear;

import dev.fewshot.core.linalg.FloatMatrix;
import dev.fewshot.core.linalg.Gemm;
import java.util.stream.IntStream;

/**
 * F(θ)/N for multinomial logistic regression, θ = (W row-major C×D, b C):
 * F = Σ_i [logsumexp(z_i) − z_{i,y_i}] + ||W − W0||²/(2C), z_i = W x_i + b.
 * The 1/N scaling is scikit-learn's, so that the gradient tolerance does not depend on N.
 *
 * <p>Cost: the logits are linear in θ, so along a search line z(α) = z + α·(X·DWᵀ + db). One
 * product per direction gives every trial step of the line search at O(N·C) each, and one more
 * product gives the gradient at the accepted step: two products per L-BFGS iteration however many
 * trial steps the line search needs.
 *
 * <p>Determinism: rows are processed in parallel in fixed blocks; per-row values and per-block
 * column sums land in arrays that are then added up in row/block order, so results do not depend
 * on the number of threads.
 *
 * <p>The rows given here should be centred (see {@link SoftmaxRegression}); nothing here needs it.
 */
final class SoftmaxObjective implements Lbfgs.Objective, AutoCloseable {
    private static final int BLOCK = 64;

    private final int[] y;
    private final int n, d, k;
    private final double[] w0;
    private final double invC;
    /** The solver's bias coordinates are b/β: see {@link SoftmaxRegression#biasScale}. */
    private final double beta;
    private final double scale;
    private final Gemm.FixedRows rows;
    private final int blocks;

    /** Logits at the current point (the last one evaluated or accepted). */
    private final double[] z;
    /** Products X·Wᵀ land here: the start's logits, then each search direction's. */
    private final float[] product;
    /** softmax − onehot at the last evaluated point, as float for the gradient product. */
    private final float[] p;
    private final double[] rowLoss, rowSlope;
    private final double[] blockColSums;

    /**
     * @param w0 C×D anchor, flattened, or null for 0
     * @param c    inverse regularisation strength C_reg (> 0)
     * @param beta the solver's bias coordinates are b/β (β > 0), to balance their curvature with the weights'
     */
    SoftmaxObjective(FloatMatrix x, int[] y, int numClasses, double[] w0, double c, double beta, Gemm gemm) {
        this.y = y;
        this.n = x.rows();
        this.d = x.cols();
        this.k = numClasses;
        this.w0 = w0;
        this.invC = 1.0 / c;
        this.beta = beta;
        this.scale = 1.0 / n;
        this.rows = gemm.fixRows(x);
        this.blocks = (n + BLOCK - 1) / BLOCK;
        long nk = (long) n * k;
        if (nk > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("N·C = " + nk + " is too large for one logit array");
        }
        this.z = new double[(int) nk];
        this.p = new float[(int) nk];
        this.product = new float[(int) nk];
        this.rowLoss = new double[n];
        this.rowSlope = new double[n];
        this.blockColSums = new double[blocks * k];
    }

    int dimension() {
        return k * d + k;
    }

    /** The summed objective F for a value returned by this function. */
    double unscale(double value) {
        return value * n;
    }

    @Override
    public double valueAndGradient(double[] theta, double[] grad) {
        FloatMatrix w = weightsAsFloat(theta);
        boolean zero = allZero(w.data());
        if (!zero) {
            rows.mulTransB(w, product);
        }
        float[] xw = zero ? null : product;
        IntStream.range(0, blocks).parallel().forEach(blk -> {
            int end = Math.min(n, (blk + 1) * BLOCK);
            for (int i = blk * BLOCK; i < end; i++) {
                int base = i * k;
                for (int c = 0; c < k; c++) {
                    z[base + c] = (xw == null ? 0.0 : xw[base + c]) + beta * theta[k * d + c];
                }
            }
        });
        double loss = pass(0, null, null);
        double reg = regulariser(theta, null, 0);
        gradient(theta, null, 0, grad);
        return scale * (loss + 0.5 * invC * reg);
    }

    @Override
    public Lbfgs.Line line(double[] theta, double[] dir) {
        FloatMatrix dw = weightsAsFloat(dir);
        float[] zd = product;
        if (allZero(dw.data())) {
            java.util.Arrays.fill(zd, 0f);
        } else {
            rows.mulTransB(dw, zd);
        }
        double[] db = new double[k];
        for (int c = 0; c < k; c++) {
            db[c] = beta * dir[k * d + c];
        }
        // ||W + αD − W0||² = a0 + 2α·a1 + α²·a2
        double a0 = 0, a1 = 0, a2 = 0;
        for (int j = 0; j < k * d; j++) {
            double r = theta[j] - (w0 == null ? 0 : w0[j]);
            a0 += r * r;
            a1 += r * dir[j];
            a2 += dir[j] * dir[j];
        }
        final double q0 = a0, q1 = a1, q2 = a2;
        return new Lbfgs.Line() {
            private double evaluated = Double.NaN, slope;

            @Override
            public double value(double alpha) {
                double loss = pass(alpha, zd, db);
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += rowSlope[i];
                }
                evaluated = alpha;
                slope = scale * (s + invC * (q1 + alpha * q2));
                return scale * (loss + 0.5 * invC * (q0 + 2 * alpha * q1 + alpha * alpha * q2));
            }

            @Override
            public double slope() {
                return slope;
            }

            @Override
            public void accept(double alpha, double[] grad) {
                if (alpha != evaluated) {
                    value(alpha);
                }
                IntStream.range(0, blocks).parallel().forEach(blk -> {
                    int end = Math.min(n, (blk + 1) * BLOCK);
                    for (int i = blk * BLOCK; i < end; i++) {
                        int base = i * k;
                        for (int c = 0; c < k; c++) {
                            z[base + c] += alpha * (zd[base + c] + db[c]);
                        }
                    }
                });
                gradient(theta, dir, alpha, grad);
            }
        };
    }

    /**
     * Softmax over logits z + α·(zd + db) row by row: fills {@link #p}, {@link #rowLoss},
     * {@link #rowSlope} (Σ_c P_ic·(zd_ic + db_c)) and the per-block column sums of P.
     * Returns Σ_i CE_i, summed in row order.
     */
    private double pass(double alpha, float[] zd, double[] db) {
        IntStream.range(0, blocks).parallel().forEach(blk -> {
            double[] logits = new double[k];
            double[] colSum = new double[k];
            int end = Math.min(n, (blk + 1) * BLOCK);
            for (int i = blk * BLOCK; i < end; i++) {
                int base = i * k;
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    double v = z[base + c];
                    if (zd != null) {
                        v += alpha * (zd[base + c] + db[c]);
                    }
                    logits[c] = v;
                    max = Math.max(max, v);
                }
                double sum = 0;
                for (int c = 0; c < k; c++) {
                    double e = Math.exp(logits[c] - max);
                    logits[c] = e;
                    sum += e;
                }
                double inv = 1.0 / sum;
                int yi = y[i];
                double slope = 0;
                for (int c = 0; c < k; c++) {
                    double pc = logits[c] * inv - (c == yi ? 1.0 : 0.0);
                    p[base + c] = (float) pc;
                    colSum[c] += pc;
                    if (zd != null) {
                        slope += pc * (zd[base + c] + db[c]);
                    }
                }
                // −log softmax_y = log Σ exp(z − max) − (z_y − max), with z_y − max read back via the shift.
                double zy = z[base + yi] + (zd != null ? alpha * (zd[base + yi] + db[yi]) : 0.0);
                rowLoss[i] = Math.log(sum) - (zy - max);
                rowSlope[i] = slope;
            }
            System.arraycopy(colSum, 0, blockColSums, blk * k, k);
        });
        double loss = 0;
        for (int i = 0; i < n; i++) {
            loss += rowLoss[i];
        }
        return loss;
    }

    /** ∇(F/N) at θ + α·dir, from {@link #p} of the last pass. dir may be null (α ignored). */
    private void gradient(double[] theta, double[] dir, double alpha, double[] grad) {
        float[] g = rows.transAMul(p, k).data();
        int kd = k * d;
        for (int j = 0; j < kd; j++) {
            double wj = dir == null ? theta[j] : theta[j] + alpha * dir[j];
            double r = wj - (w0 == null ? 0 : w0[j]);
            grad[j] = scale * (g[j] + invC * r);
        }
        for (int c = 0; c < k; c++) {
            double s = 0;
            for (int blk = 0; blk < blocks; blk++) {
                s += blockColSums[blk * k + c];
            }
            grad[kd + c] = scale * beta * s;
        }
    }

    /** ||W − W0||² at θ + α·dir (dir may be null). */
    private double regulariser(double[] theta, double[] dir, double alpha) {
        double s = 0;
        for (int j = 0; j < k * d; j++) {
            double wj = dir == null ? theta[j] : theta[j] + alpha * dir[j];
            double r = wj - (w0 == null ? 0 : w0[j]);
            s += r * r;
        }
        return s;
    }

    /** max |∂F/∂θ| in the original coordinates (W and b): the bias entries are divided back by β. */
    @Override
    public double gradientSize(double[] grad) {
        double m = 0;
        int kd = k * d;
        for (int j = 0; j < kd; j++) {
            m = Math.max(m, Math.abs(grad[j]));
        }
        for (int c = 0; c < k; c++) {
            m = Math.max(m, Math.abs(grad[kd + c] / beta));
        }
        return m;
    }

    @Override
    public void close() {
        rows.close();
    }

    private FloatMatrix weightsAsFloat(double[] theta) {
        float[] w = new float[k * d];
        for (int j = 0; j < w.length; j++) {
            w[j] = (float) theta[j];
        }
        return new FloatMatrix(k, d, w);
    }

    private static boolean allZero(float[] a) {
        for (float v : a) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }
}
