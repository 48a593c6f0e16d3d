package dev.fewshot.core.heads.linear;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fewshot.core.linalg.FloatMatrix;
import dev.fewshot.core.linalg.Gemm;
import dev.fewshot.core.linalg.NaiveGemm;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

class SoftmaxRegressionTest {
    private static final Gemm GEMM = new NaiveGemm();

    /** Gaussian clusters around random unit means, rows L2-normalised (CLIP-like). */
    static Problem clusters(int classes, int perClass, int dim, double noise, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[][] means = new float[classes][dim];
        for (int c = 0; c < classes; c++) {
            for (int j = 0; j < dim; j++) {
                means[c][j] = (float) rng.nextGaussian();
            }
        }
        int n = classes * perClass;
        float[] x = new float[n * dim];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % classes;
            for (int j = 0; j < dim; j++) {
                x[i * dim + j] = (float) (means[y[i]][j] + noise * rng.nextGaussian() + 0.7); // common offset
            }
        }
        return new Problem(new FloatMatrix(n, dim, x).l2NormalizeRows(), y, classes);
    }

    record Problem(FloatMatrix x, int[] y, int classes) {
    }

    /** Values on a dyadic grid so that float logits are exact and finite differences are clean. */
    private static double[] dyadicTheta(SplittableRandom rng, int len) {
        double[] t = new double[len];
        for (int i = 0; i < len; i++) {
            t[i] = (rng.nextInt(33) - 16) / 16.0;
        }
        return t;
    }

    @Test
    void analyticGradientMatchesCentralDifferences() {
        int n = 12, d = 5, k = 3;
        SplittableRandom rng = new SplittableRandom(3);
        float[] xs = new float[n * d];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = (rng.nextInt(17) - 8) / 8f;
        }
        FloatMatrix x = new FloatMatrix(n, d, xs);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(k);
        }
        double[] w0 = dyadicTheta(rng, k * d);
        for (double[] anchor : new double[][]{null, w0}) {
          for (double beta : new double[]{1, 4}) {
            SoftmaxObjective f = new SoftmaxObjective(x, y, k, anchor, 0.75, beta, GEMM);
            double[] theta = dyadicTheta(rng, f.dimension());
            double[] g = new double[theta.length];
            f.valueAndGradient(theta, g);
            double h = 1.0 / 1024, maxErr = 0;
            for (int j = 0; j < theta.length; j++) {
                double[] tp = theta.clone(), tm = theta.clone();
                tp[j] += h;
                tm[j] -= h;
                double[] scratch = new double[theta.length];
                double fd = (f.valueAndGradient(tp, scratch) - f.valueAndGradient(tm, scratch)) / (2 * h);
                maxErr = Math.max(maxErr, Math.abs(fd - g[j]));
            }
            assertTrue(maxErr < 1e-6, (anchor == null ? "plain" : "anchored") + ", beta " + beta
                    + ": gradient error " + maxErr);
          }
        }
    }

    @Test
    void lineRestrictionAgreesWithTheFullFunction() {
        Problem p = clusters(4, 10, 6, 0.5, 5);
        SplittableRandom rng = new SplittableRandom(9);
        double[] w0 = dyadicTheta(rng, 4 * 6);
        SoftmaxObjective f = new SoftmaxObjective(p.x(), p.y(), 4, w0, 2.0, 4.0, GEMM);
        double[] theta = dyadicTheta(rng, f.dimension());
        double[] dir = dyadicTheta(rng, f.dimension());
        double[] g = new double[theta.length];
        f.valueAndGradient(theta, g);
        Lbfgs.Line line = f.line(theta, dir);
        double alpha = 0.375;
        double v = line.value(alpha);
        double slope = line.slope();
        double[] moved = new double[theta.length];
        for (int j = 0; j < theta.length; j++) {
            moved[j] = theta[j] + alpha * dir[j];
        }
        double[] gFull = new double[theta.length];
        double vFull = new SoftmaxObjective(p.x(), p.y(), 4, w0, 2.0, 4.0, GEMM).valueAndGradient(moved, gFull);
        assertEquals(vFull, v, 1e-6 * Math.abs(vFull));
        assertEquals(Lbfgs.dot(gFull, dir), slope, 1e-5 * Lbfgs.norm(gFull) * Lbfgs.norm(dir));
        double[] gLine = new double[theta.length];
        line.accept(alpha, gLine);
        for (int j = 0; j < theta.length; j++) {
            assertEquals(gFull[j], gLine[j], 1e-6, "gradient entry " + j);
        }
    }

    /** max |∇(F/N)| at the returned (W, b), computed from scratch on the raw rows. */
    private static double gradMax(Problem p, Anchor anchor, double c, LinearFit fit) {
        int k = p.classes(), d = p.x().cols();
        double[] w0 = null;
        if (anchor != null) {
            w0 = new double[k * d];
            for (int j = 0; j < w0.length; j++) {
                w0[j] = anchor.w0().data()[j];
            }
        }
        SoftmaxObjective f = new SoftmaxObjective(p.x(), p.y(), k, w0, c, 1.0, GEMM);
        double[] theta = new double[k * d + k];
        for (int j = 0; j < k * d; j++) {
            theta[j] = fit.weights().data()[j];
        }
        for (int j = 0; j < k; j++) {
            theta[k * d + j] = fit.bias()[j];
        }
        double[] g = new double[theta.length];
        f.valueAndGradient(theta, g);
        return Lbfgs.maxAbs(g);
    }

    private static double meanTrainLoss(Problem p, LinearFit fit) {
        return RegularisationSearch.crossEntropySum(p.x(), p.y(), fit, GEMM) / p.y().length;
    }

    @Test
    void fitIsStationaryAndBeatsTheStart() {
        Problem p = clusters(5, 20, 16, 0.6, 11);
        SolverOptions opts = new SolverOptions(500, 1e-7, 10);
        LinearFit fit = SoftmaxRegression.fit(p.x(), p.y(), 5, null, 10, opts, GEMM);
        assertTrue(fit.converged());
        assertTrue(gradMax(p, null, 10, fit) < 1e-6, "gradient " + gradMax(p, null, 10, fit));
        double atZero = p.y().length * Math.log(5);
        assertTrue(fit.objective() < atZero, fit.objective() + " vs " + atZero);
        assertTrue(fit.iterations() > 0);
    }

    @Test
    void hugeCFitsTheTrainingSet() {
        Problem p = clusters(4, 15, 12, 0.3, 2);
        LinearFit fit = SoftmaxRegression.fit(p.x(), p.y(), 4, null, 1e6, new SolverOptions(3000, 1e-8, 10), GEMM);
        assertTrue(meanTrainLoss(p, fit) < 0.02, "train loss " + meanTrainLoss(p, fit));
    }

    @Test
    void tinyCKeepsTheAnchor() {
        Problem p = clusters(4, 15, 12, 0.3, 4);
        SplittableRandom rng = new SplittableRandom(8);
        float[] w0 = new float[4 * 12];
        for (int j = 0; j < w0.length; j++) {
            w0[j] = (float) (5 * rng.nextGaussian());
        }
        Anchor anchor = new Anchor(new FloatMatrix(4, 12, w0.clone()), new float[]{0.5f, -0.5f, 0, 0});
        LinearFit fit = SoftmaxRegression.fit(p.x(), p.y(), 4, anchor, 1e-4, SolverOptions.DEFAULT, GEMM);
        for (int j = 0; j < w0.length; j++) {
            assertEquals(w0[j], fit.weights().data()[j], 1e-2, "weight " + j);
        }
        assertArrayEquals(w0, anchor.w0().data(), "the anchor is not modified");
        // With a huge C the anchored probe becomes the plain probe (same optimum up to tolerance).
        SolverOptions tight = new SolverOptions(3000, 1e-9, 10);
        LinearFit anchoredWeak = SoftmaxRegression.fit(p.x(), p.y(), 4, anchor, 1e3, tight, GEMM);
        LinearFit plainWeak = SoftmaxRegression.fit(p.x(), p.y(), 4, null, 1e3, tight, GEMM);
        assertEquals(meanTrainLoss(p, plainWeak), meanTrainLoss(p, anchoredWeak), 0.05);
    }

    @Test
    void symmetricTwoClassProblemHasTheHandDerivedSolution() {
        // x = +1 (class 0), x = −1 (class 1), C = 1. By symmetry b0 = b1 and W = (w, −w) with
        // F(w) = 2·log(1 + e^(−2w)) + w², so F'(w) = 0 ⇔ w = 2 / (1 + e^(2w)).
        FloatMatrix x = new FloatMatrix(2, 1, new float[]{1, -1});
        LinearFit fit = SoftmaxRegression.fit(x, new int[]{0, 1}, 2, null, 1.0, new SolverOptions(200, 1e-10, 10),
                GEMM);
        double lo = 0, hi = 2;
        for (int it = 0; it < 100; it++) {
            double mid = 0.5 * (lo + hi);
            if (mid - 2 / (1 + Math.exp(2 * mid)) > 0) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        assertEquals(lo, fit.weights().get(0, 0), 1e-6);
        assertEquals(-lo, fit.weights().get(1, 0), 1e-6);
        assertEquals(fit.bias()[0], fit.bias()[1], 1e-6);
        assertEquals(2 * Math.log1p(Math.exp(-2 * lo)) + lo * lo, fit.objective(), 1e-9);
    }

    @Test
    void defaultRunIsCloseToATightlyConvergedOne() {
        Problem p = clusters(6, 8, 20, 0.8, 21);
        for (double c : new double[]{0.1, 1, 10, 100}) {
            LinearFit def = SoftmaxRegression.fit(p.x(), p.y(), 6, null, c, SolverOptions.DEFAULT, GEMM);
            LinearFit tight = SoftmaxRegression.fit(p.x(), p.y(), 6, null, c, new SolverOptions(5000, 1e-10, 10),
                    GEMM);
            assertTrue(tight.objective() <= def.objective() + 1e-9 * Math.abs(def.objective()), "C=" + c);
            assertEquals(tight.objective(), def.objective(), 1e-3 * tight.objective(), "C=" + c);
        }
    }

    @Test
    void warmStartFromTheSolutionTakesNoIterations() {
        Problem p = clusters(3, 10, 8, 0.5, 6);
        LinearFit first = SoftmaxRegression.fit(p.x(), p.y(), 3, null, 5, SolverOptions.DEFAULT, GEMM);
        LinearFit again = SoftmaxRegression.fit(p.x(), p.y(), 3, null, 5, SolverOptions.DEFAULT, GEMM, first);
        assertTrue(again.iterations() <= 1, "iterations " + again.iterations());
        assertEquals(first.objective(), again.objective(), 1e-6 * first.objective());
    }

    @Test
    void fitsAreBitIdenticalAcrossRunsAndThreadCounts() throws Exception {
        Problem p = clusters(7, 40, 24, 0.7, 13); // 280 rows: several row blocks
        Gemm gemm = new BlockedGemm();
        LinearFit a = SoftmaxRegression.fit(p.x(), p.y(), 7, null, 3, SolverOptions.DEFAULT, gemm);
        LinearFit b = SoftmaxRegression.fit(p.x(), p.y(), 7, null, 3, SolverOptions.DEFAULT, gemm);
        ForkJoinPool one = new ForkJoinPool(1);
        try {
            LinearFit c = one.submit(() -> SoftmaxRegression.fit(p.x(), p.y(), 7, null, 3, SolverOptions.DEFAULT, gemm))
                    .get();
            for (LinearFit other : new LinearFit[]{b, c}) {
                assertArrayEquals(a.weights().data(), other.weights().data());
                assertArrayEquals(a.bias(), other.bias());
                assertEquals(a.objective(), other.objective());
                assertEquals(a.iterations(), other.iterations());
            }
        } finally {
            one.shutdown();
        }
    }

    @Test
    void rejectsBadInputs() {
        Problem p = clusters(3, 4, 5, 0.5, 1);
        SolverOptions o = SolverOptions.DEFAULT;
        int[] bad = p.y().clone();
        bad[2] = 3;
        assertMessage("label 3 at row 2", () -> SoftmaxRegression.fit(p.x(), bad, 3, null, 1, o, GEMM));
        bad[2] = -1;
        assertMessage("out of range", () -> SoftmaxRegression.fit(p.x(), bad, 3, null, 1, o, GEMM));
        assertMessage("labels have 11 entries for 12",
                () -> SoftmaxRegression.fit(p.x(), java.util.Arrays.copyOf(p.y(), 11), 3, null, 1, o, GEMM));
        for (double c : new double[]{0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertMessage("regularisation C", () -> SoftmaxRegression.fit(p.x(), p.y(), 3, null, c, o, GEMM));
        }
        assertMessage("anchor weights are FloatMatrix[2x5]", () -> SoftmaxRegression.fit(p.x(), p.y(), 3,
                new Anchor(new FloatMatrix(2, 5)), 1, o, GEMM));
        assertMessage("at least 2 classes", () -> SoftmaxRegression.fit(p.x(), new int[12], 1, null, 1, o, GEMM));
        FloatMatrix nan = p.x().copy();
        nan.set(1, 1, Float.NaN);
        assertMessage("row 1 has a non-finite", () -> SoftmaxRegression.fit(nan, p.y(), 3, null, 1, o, GEMM));
        assertMessage("tol", () -> new SolverOptions(10, -1, 10));
    }

    static void assertMessage(String part, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(part), "message '" + e.getMessage() + "' lacks '" + part + "'");
    }
}
