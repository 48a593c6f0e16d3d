package dev.fewshot.core.heads.gaussian;

/**
 * Closed-form shrinkage coefficients, computed on centred rows Z (N×D) with S = ZᵀZ/N.
 * Both follow scikit-learn's formulas with {@code assume_centered=True}.
 */
public final class ShrinkageEstimators {
    private ShrinkageEstimators() {
    }

    /**
     * Ledoit–Wolf, as {@code sklearn.covariance.ledoit_wolf_shrinkage(Z, assume_centered=True)}.
     *
     * @param s          S = ZᵀZ/N, D×D row-major
     * @param rowNorms2  ‖z_i‖² for every row (Σ_i ‖z_i‖⁴ = Σ (Z²)ᵀ(Z²), sklearn's beta_)
     */
    public static double ledoitWolf(double[] s, int d, double[] rowNorms2) {
        int n = rowNorms2.length;
        double trace = trace(s, d);
        double mu = trace / d;
        double beta0 = 0;
        for (double r : rowNorms2) {
            beta0 += r * r;
        }
        double delta0 = frobenius2(s);
        double beta = 1.0 / ((double) d * n) * (beta0 / n - delta0);
        double delta = (delta0 - 2.0 * mu * trace + d * mu * mu) / d;
        beta = Math.min(beta, delta);
        return beta == 0 ? 0.0 : beta / delta;
    }

    /** Oracle Approximating Shrinkage, as scikit-learn ≥ 1.3 {@code oas(Z, assume_centered=True)}. */
    public static double oas(double[] s, int d, int n) {
        double alpha = frobenius2(s) / ((double) d * d);
        double mu = trace(s, d) / d;
        double mu2 = mu * mu;
        double num = alpha + mu2;
        double den = (n + 1.0) * (alpha - mu2 / d);
        return den == 0 ? 1.0 : Math.min(num / den, 1.0);
    }

    static double trace(double[] s, int d) {
        double t = 0;
        for (int i = 0; i < d; i++) {
            t += s[i * d + i];
        }
        return t;
    }

    static double frobenius2(double[] s) {
        double f = 0;
        for (double v : s) {
            f += v * v;
        }
        return f;
    }
}
