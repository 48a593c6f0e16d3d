package dev.fewshot.core.heads.linear;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fewshot.core.linalg.Gemm;
import dev.fewshot.core.linalg.NaiveGemm;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RegularisationSearchTest {
    private static final Gemm GEMM = new NaiveGemm();

    /** Fold = shot index mod folds, as the callers assign them (rows are ordered shot-major). */
    private static int[] foldsByShot(int n, int classes, int folds) {
        int[] f = new int[n];
        for (int i = 0; i < n; i++) {
            f[i] = (i / classes) % folds;
        }
        return f;
    }

    @Test
    void randomLabelsPickTheStrongestRegularisation() {
        SoftmaxRegressionTest.Problem p = SoftmaxRegressionTest.clusters(4, 16, 24, 0.5, 3);
        int[] y = p.y().clone();
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = 0; i < y.length; i++) {
            y[i] = rng.nextInt(4);
        }
        RegularisationSearch.CvResult r = RegularisationSearch.choose(p.x(), y, 4, foldsByShot(y.length, 4, 4),
                null, null, SolverOptions.DEFAULT, GEMM);
        // Near-uniform predictions win; between the two strongest values it is noise.
        assertTrue(r.bestC() <= 0.1, "chose " + r.bestC() + ", scores " + java.util.Arrays.toString(
                r.meanHeldOutLoss()));
        assertEquals(RegularisationSearch.DEFAULT_GRID.length, r.meanHeldOutLoss().length);
        double[] s = r.meanHeldOutLoss();
        assertTrue(s[s.length - 1] > s[0] + 0.5, "weak regularisation overfits noise");
    }

    @Test
    void cleanClustersPickWeakRegularisation() {
        SoftmaxRegressionTest.Problem p = SoftmaxRegressionTest.clusters(5, 8, 24, 0.2, 7);
        double[] grid = {100, 0.01, 1};
        RegularisationSearch.CvResult r = RegularisationSearch.choose(p.x(), p.y(), 5,
                foldsByShot(p.y().length, 5, 4), grid, null, SolverOptions.DEFAULT, GEMM);
        assertArrayEquals(new double[]{0.01, 1, 100}, r.grid(), "grid is returned ascending");
        assertEquals(100, r.bestC(), "scores " + java.util.Arrays.toString(r.meanHeldOutLoss()));
        for (double s : r.meanHeldOutLoss()) {
            assertTrue(Double.isFinite(s) && s > 0);
        }
        assertTrue(r.meanHeldOutLoss()[0] > r.meanHeldOutLoss()[2]);
    }

    @Test
    void theTrueModelAsAnchorIsKeptOnFewShots() {
        // Labels are drawn from softmax(W0·x): the anchor is the true model, and fitting on a few
        // noisy shots can only move away from it, so the strongest regularisation should win.
        int k = 4, d = 16, n = 48;
        SoftmaxRegressionTest.Problem p = SoftmaxRegressionTest.clusters(k, n / k, d, 1.0, 9);
        SplittableRandom rng = new SplittableRandom(10);
        float[] w0 = new float[k * d];
        for (int j = 0; j < w0.length; j++) {
            w0[j] = (float) (3 * rng.nextGaussian());
        }
        int[] y = new int[n];
        double[] prob = new double[k];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int c = 0; c < k; c++) {
                double z = 0;
                for (int j = 0; j < d; j++) {
                    z += w0[c * d + j] * p.x().get(i, j);
                }
                prob[c] = Math.exp(z);
                sum += prob[c];
            }
            double u = rng.nextDouble() * sum;
            int c = 0;
            while (c < k - 1 && (u -= prob[c]) > 0) {
                c++;
            }
            y[i] = c;
        }
        Anchor anchor = new Anchor(new dev.fewshot.core.linalg.FloatMatrix(k, d, w0));
        RegularisationSearch.CvResult r = RegularisationSearch.choose(p.x(), y, k, foldsByShot(n, k, 4), null,
                anchor, SolverOptions.DEFAULT, GEMM);
        assertEquals(RegularisationSearch.DEFAULT_GRID[0], r.bestC(), "scores " + java.util.Arrays.toString(
                r.meanHeldOutLoss()));
    }

    @Test
    void rejectsBadFoldsAndGrids() {
        SoftmaxRegressionTest.Problem p = SoftmaxRegressionTest.clusters(3, 4, 5, 0.5, 1);
        SolverOptions o = SolverOptions.DEFAULT;
        SoftmaxRegressionTest.assertMessage("at least 2 folds",
                () -> RegularisationSearch.choose(p.x(), p.y(), 3, new int[12], null, null, o, GEMM));
        SoftmaxRegressionTest.assertMessage("fold ids have 3 entries for 12",
                () -> RegularisationSearch.choose(p.x(), p.y(), 3, new int[3], null, null, o, GEMM));
        SoftmaxRegressionTest.assertMessage("grid values must be finite and > 0",
                () -> RegularisationSearch.choose(p.x(), p.y(), 3, foldsByShot(12, 3, 2), new double[]{1, 0}, null,
                        o, GEMM));
        SoftmaxRegressionTest.assertMessage("grid is empty",
                () -> RegularisationSearch.choose(p.x(), p.y(), 3, foldsByShot(12, 3, 2), new double[0], null, o,
                        GEMM));
    }
}
