package dev.fewshot.core.heads.linear;

/**
 * L-BFGS settings for the linear probe.
 *
 * @param maxIter L-BFGS iterations at most (each costs two N×D×C products)
 * @param tol     stop when max_j |∂F/∂θ_j| <= tol, F the summed objective Σ CE + ||W − W0||²/(2C):
 *                scikit-learn 1.2's lbfgs criterion (scipy's gtol = tol on that F); tol·F below F = 1 nat
 * @param history number of curvature pairs kept (m)
 */
public record SolverOptions(int maxIter, double tol, int history) {
    /** Iteration cap by default: scikit-learn's own (100) stops 1000-class fits short of the optimum. */
    public static final int DEFAULT_MAX_ITER = 1000;
    public static final SolverOptions DEFAULT = new SolverOptions(DEFAULT_MAX_ITER, 1e-4, 10);

    public SolverOptions {
        if (maxIter < 0) {
            throw new IllegalArgumentException("maxIter must be >= 0, got " + maxIter);
        }
        if (!(tol >= 0) || Double.isInfinite(tol)) {
            throw new IllegalArgumentException("tol must be finite and >= 0, got " + tol);
        }
        if (history < 1) {
            throw new IllegalArgumentException("history must be >= 1, got " + history);
        }
    }

    public SolverOptions withMaxIter(int newMaxIter) {
        return new SolverOptions(newMaxIter, tol, history);
    }

    public SolverOptions withTol(double newTol) {
        return new SolverOptions(maxIter, newTol, history);
    }
}
