package dev.fewshot.core.heads.linear;

import dev.fewshot.core.heads.SolverOutcome;
import dev.fewshot.core.linalg.FloatMatrix;

/**
 * A fitted softmax regression: logits = W·x + b.
 *
 * @param weights    C×D
 * @param bias       C
 * @param iterations L-BFGS iterations used (0 when the start already met the tolerance)
 * @param objective  F(W, b) = Σ_i CE_i + ||W − W0||²/(2C) at the returned point (summed, not averaged)
 * @param stop       why L-BFGS stopped
 */
public record LinearFit(FloatMatrix weights, float[] bias, int iterations, double objective, SolverOutcome.Stop stop) {
    /** Whether the gradient tolerance (or scipy's relative-decrease test) was met. */
    public boolean converged() {
        return stop.converged();
    }

    public SolverOutcome outcome() {
        return new SolverOutcome(stop, iterations);
    }
}
