package dev.fewshot.core.heads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fewshot.core.heads.gaussian.GaussianTrainer;
import dev.fewshot.core.heads.gaussian.Shrinkage;
import dev.fewshot.core.linalg.FloatMatrix;
import dev.fewshot.core.linalg.NaiveGemm;
import dev.fewshot.core.synth.SyntheticClipData;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

class GaussianTrainerTest {
    private final NaiveGemm gemm = new NaiveGemm();

    @Test
    void logitsAreClassLogLikelihoods() {
        SyntheticClipData.Data d = Fixtures.small(5, 8, 4);
        TrainingSet ts = Fixtures.support(d, 5, 8, 0);
        GaussianHead h = (GaussianHead) new GaussianTrainer(Shrinkage.fixed(0.3)).fit(ts, gemm);
        // Rebuild Σ from the whitening matrix W: Σ⁻¹ = WᵀW.
        int dim = 8;
        DMatrixRMaj w = new DMatrixRMaj(dim, dim);
        for (int i = 0; i < dim; i++) {
            for (int j = 0; j < dim; j++) {
                w.set(i, j, h.whitening().get(i, j));
            }
        }
        DMatrixRMaj prec = new DMatrixRMaj(dim, dim);
        CommonOps_DDRM.multTransA(w, w, prec);
        FloatMatrix x = d.testX().rowRange(0, 7);
        FloatMatrix logits = h.logits(x, gemm);
        for (int i = 0; i < 7; i++) {
            for (int c = 0; c < 5; c++) {
                double[] diff = new double[dim];
                for (int j = 0; j < dim; j++) {
                    diff[j] = x.get(i, j) - h.means().get(c, j);
                }
                double q = 0;
                for (int a = 0; a < dim; a++) {
                    for (int b = 0; b < dim; b++) {
                        q += diff[a] * prec.get(a, b) * diff[b];
                    }
                }
                double expected = -0.5 * (q + h.logDetCov() + dim * Math.log(2 * Math.PI));
                assertEquals(expected, logits.get(i, c), 1e-3 * Math.max(1, Math.abs(expected)));
            }
        }
        assertEquals(0.3, h.shrinkage());
    }

    @Test
    void kOneFallsBackToIsotropicSpreadUnlessShrinkageIsZero() {
        SyntheticClipData.Data d = Fixtures.small(6, 12, 5);
        TrainingSet ts = Fixtures.support(d, 6, 1, 0);
        GaussianHead rescued = (GaussianHead) new GaussianTrainer(Shrinkage.AUTO).fit(ts, gemm);
        GaussianHead broken = (GaussianHead) new GaussianTrainer(Shrinkage.fixed(0)).fit(ts, gemm);
        // Isotropic: W is a multiple of the identity.
        float diag = rescued.whitening().get(0, 0);
        for (int i = 0; i < 12; i++) {
            assertEquals(diag, rescued.whitening().get(i, i), 1e-6 * diag);
            for (int j = 0; j < i; j++) {
                assertEquals(0.0, rescued.whitening().get(i, j), 0.0);
            }
        }
        // Without shrinkage only the 1e-6 ridge remains: variances 10⁶ times smaller.
        assertTrue(broken.logDetCov() < rescued.logDetCov() - 12 * Math.log(1e5),
                "shrinkage 0 must leave the K=1 covariance degenerate");
    }

    @Test
    void autoShrinkageIsInTheGridAndDeterministic() {
        SyntheticClipData.Data d = Fixtures.small(8, 16, 6);
        TrainingSet ts = Fixtures.support(d, 8, 4, 1);
        GaussianHead a = (GaussianHead) new GaussianTrainer(Shrinkage.AUTO).fit(ts, gemm);
        GaussianHead b = (GaussianHead) new GaussianTrainer(Shrinkage.AUTO).fit(ts, gemm);
        assertTrue(a.shrinkage() > 0 && a.shrinkage() < 1, "alpha " + a.shrinkage());
        org.junit.jupiter.api.Assertions.assertArrayEquals(HeadCodec.encode(a), HeadCodec.encode(b));
    }
}
