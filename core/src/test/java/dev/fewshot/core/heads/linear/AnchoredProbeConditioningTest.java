package dev.fewshot.core.heads.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fewshot.core.linalg.FloatMatrix;
import dev.fewshot.core.linalg.Gemm;
import dev.fewshot.core.linalg.Gemms;
import dev.fewshot.core.synth.SyntheticClipData;
import org.junit.jupiter.api.Test;

/**
 * Regression: the zero-shot-anchored probe at small C (the first point of its C path) used all 1000 L-BFGS
 * iterations without converging at 200 classes and one shot: the penalty gives the weights a curvature of
 * 1/C = 100 while the unpenalised bias of confident zero-shot logits has almost none, and one step scale
 * cannot serve both. The solver now works on b/β (SoftmaxRegression.biasScale).
 */
class AnchoredProbeConditioningTest {

    @Test
    void anchoredProbeAtSmallCConvergesAndTheBiasScaleLeavesTheOptimumAlone() {
        int classes = 200;
        SyntheticClipData.Data d = SyntheticClipData.generate(
                SyntheticClipData.Params.defaults(classes, 512).withSizes(1, 10, 10));
        FloatMatrix w0 = d.textX().copy().l2NormalizeRows();
        float[] a = w0.data();
        for (int i = 0; i < a.length; i++) {
            a[i] *= 100f;
        }
        Anchor anchor = new Anchor(w0);
        Gemm gemm = Gemms.defaultGemm();
        LinearFit fit = SoftmaxRegression.fit(d.trainX(), d.trainY(), classes, anchor, 0.01, SolverOptions.DEFAULT, gemm);
        assertTrue(fit.converged(), "stopped with " + fit.stop() + " after " + fit.iterations() + " iterations");
        assertTrue(fit.iterations() <= 400, "took " + fit.iterations() + " iterations");

        // The rescaling is a change of variables: continuing to a 100× tighter tolerance moves the objective
        // only by what the tolerance allows (measured: 1.4e-6 relative), not to another optimum.
        LinearFit other = SoftmaxRegression.fit(d.trainX(), d.trainY(), classes, anchor, 0.01,
                SolverOptions.DEFAULT.withTol(1e-6), gemm, fit);
        assertTrue(other.converged(), "tight refit stopped with " + other.stop());
        assertEquals(other.objective(), fit.objective(), 1e-5 * Math.abs(other.objective()));
    }

    @Test
    void biasScaleIsOneWhereTheDataTermDominates() {
        assertEquals(1.0, SoftmaxRegression.biasScale(16_000, 1000, 10), 0);
        assertEquals(20.0, SoftmaxRegression.biasScale(200, 200, 0.01), 1e-9);
    }
}
