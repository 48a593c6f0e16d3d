package dev.fewshot.core.heads.linear;

/**
 * L-BFGS settings for the linear probe.
 *
 * @param maxIter L-BFGS iterations at most (each costs two N×D×C products)
 * @param tol     stop when max_j |∂(F/N)/∂θ_j| <= tol, F the summed objective: scikit-learn's
 *                lbfgs criterion (it minimises F/N with scipy's gtol = tol)
 * @param history number of curvature pairs kept (m)
 */
public record SolverOptions(int maxIter, double tol, int history) {
    public static final SolverOptions DEFAULT = new SolverOptions(100, 1e-4, 10);

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
