package dev.fewshot.core.conformal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The promises hold empirically: over many random calibration/test draws the mean ID acceptance is at least 1 − α,
 * its spread matches the Beta band, and prediction sets cover the true label at least 1 − α of the time.
 */
class ConformalGuaranteeTest {
    static final int TRIALS = 400;

    @Test
    void idAcceptanceMeetsThePromiseAndSpreadsLikeTheBetaBand() {
        int nCal = 200;
        int nTest = 2000;
        double alpha = 0.1;
        SplittableRandom r = new SplittableRandom(1);
        AcceptanceBand band = AcceptanceBand.of(nCal, alpha);
        double[] acc = new double[TRIALS];
        int inBand = 0;
        for (int t = 0; t < TRIALS; t++) {
            double[] cal = new double[nCal];
            for (int i = 0; i < nCal; i++) {
                cal[i] = score(r);
            }
            double[] test = new double[nTest];
            for (int i = 0; i < nTest; i++) {
                test[i] = score(r);
            }
            acc[t] = PValues.calibrate(cal).acceptedShare(test, alpha);
            inBand += acc[t] >= band.lo() && acc[t] <= band.hi() ? 1 : 0;
        }
        double mean = mean(acc);
        double sd = sd(acc, mean);
        // Beta(l, n + 1 − l) for the calibration draw plus the binomial noise of a finite test set
        long l = (long) Math.floor((nCal + 1) * alpha);
        double betaVar = l * (nCal + 1.0 - l) / ((nCal + 1.0) * (nCal + 1.0) * (nCal + 2.0));
        double expectedSd = Math.sqrt(betaVar + band.mean() * (1 - band.mean()) / nTest);
        assertEquals(1 - l / (nCal + 1.0), band.mean(), 1e-15);
        assertTrue(mean >= 1 - alpha - 3 * expectedSd / Math.sqrt(TRIALS),
                "mean acceptance " + mean + " under the promise " + (1 - alpha));
        assertEquals(band.mean(), mean, 3 * expectedSd / Math.sqrt(TRIALS), "mean acceptance vs the Beta mean");
        assertEquals(expectedSd, sd, 0.15 * expectedSd, "spread of the acceptance over calibration draws");
        double share = inBand / (double) TRIALS;
        assertTrue(share >= 0.90 && share <= 0.99, "share of draws inside the 95% band: " + share);
    }

    /** A continuous score with a heavy tail. */
    private static double score(SplittableRandom r) {
        double u = r.nextDouble();
        return Math.log(u / (1 - u)) + (r.nextDouble() < 0.1 ? 3 * r.nextDouble() : 0);
    }

    @Test
    void predictionSetsCoverTheTrueLabel() {
        int classes = 10;
        int nCal = 150;
        int nTest = 1000;
        double alpha = 0.1;
        SplittableRandom r = new SplittableRandom(2);
        for (SetScores.Method m : SetScores.Method.values()) {
            double[] cover = new double[TRIALS / 2];
            for (int t = 0; t < cover.length; t++) {
                double[] cal = new double[nCal];
                for (int i = 0; i < nCal; i++) {
                    double[] p = probabilities(r, classes);
                    cal[i] = SetScores.score(m, p, draw(r, p));
                }
                double q = SplitQuantile.threshold(cal, alpha);
                long covered = 0;
                for (int i = 0; i < nTest; i++) {
                    double[] p = probabilities(r, classes);
                    covered += SetScores.set(m, p, draw(r, p), q).covers() ? 1 : 0;
                }
                cover[t] = covered / (double) nTest;
            }
            double mean = mean(cover);
            double se = sd(cover, mean) / Math.sqrt(cover.length);
            assertTrue(mean >= 1 - alpha - 3 * se, m + " mean coverage " + mean + " under " + (1 - alpha));
            // split conformal is also not far above 1 − α + 1/(n + 1) (continuous scores; APS without
            // randomisation may sit higher)
            assertTrue(mean <= 1 - alpha + 1.0 / (nCal + 1) + 3 * se + (m == SetScores.Method.APS ? 0.05 : 0),
                    m + " mean coverage " + mean + " far above the promise");
        }
    }

    @Test
    void classConditionalSetsCoverEveryClassWhereMarginalOnesMissTheHardClass() {
        // three classes, the classifier sure of classes 0 and 1 and unsure of class 2: marginal LAC meets 1 − α on
        // average by over-covering the easy classes and under-covering the hard one; one threshold per class
        // covers each class
        int nCal = 300;
        int nTest = 1500;
        double alpha = 0.1;
        SplittableRandom r = new SplittableRandom(3);
        int trials = 200;
        double[][] cover = new double[2][3];
        long[][] counts = new long[2][3];
        for (int t = 0; t < trials; t++) {
            int[] labels = new int[nCal];
            double[] lac = new double[nCal];
            for (int i = 0; i < nCal; i++) {
                labels[i] = r.nextInt(3);
                lac[i] = SetScores.score(SetScores.Method.LAC, skewed(r, labels[i]), labels[i]);
            }
            double q = SplitQuantile.threshold(lac, alpha);
            ClassConditional cc = ClassConditional.calibrate(labels, lac, 3, alpha);
            assertEquals(0, cc.shortClasses(), "about 100 rows per class");
            for (int i = 0; i < nTest; i++) {
                int y = r.nextInt(3);
                double[] p = skewed(r, y);
                cover[0][y] += SetScores.set(SetScores.Method.LAC, p, y, q).covers() ? 1 : 0;
                cover[1][y] += cc.set(p, y).covers() ? 1 : 0;
                counts[0][y]++;
                counts[1][y]++;
            }
        }
        for (int c = 0; c < 3; c++) {
            double share = cover[1][c] / counts[1][c];
            assertTrue(share >= 1 - alpha - 0.01, "class-conditional coverage of class " + c + ": " + share);
        }
        double hardMarginal = cover[0][2] / counts[0][2];
        assertTrue(hardMarginal < 1 - alpha - 0.05, "marginal LAC under-covers the hard class: " + hardMarginal);
        ClassConditional tiny = ClassConditional.calibrate(new int[] {0, 0, 1}, new double[] {0.1, 0.2, 0.3}, 3, 0.1);
        assertEquals(3, tiny.shortClasses(), "classes with 2, 1 and 0 rows are too short at α = 0.1");
        assertEquals(Double.POSITIVE_INFINITY, tiny.threshold(0));
    }

    /** Probabilities of a classifier that is sure of classes 0 and 1 and unsure of class 2. */
    private static double[] skewed(SplittableRandom r, int y) {
        float[] z = new float[3];
        for (int c = 0; c < 3; c++) {
            z[c] = (float) r.nextGaussian();
        }
        z[y] += y == 2 ? 0.3f : 4f;
        return SetScores.softmax(z, 0, 3);
    }

    /** A softmax of random logits: some rows confident, some not. */
    private static double[] probabilities(SplittableRandom r, int classes) {
        double temp = 0.3 + 2 * r.nextDouble();
        float[] z = new float[classes];
        for (int c = 0; c < classes; c++) {
            z[c] = (float) (r.nextGaussian() / temp);
        }
        return SetScores.softmax(z, 0, classes);
    }

    /** A label drawn from the row's own probabilities (a calibrated classifier). */
    private static int draw(SplittableRandom r, double[] p) {
        double u = r.nextDouble();
        for (int c = 0; c < p.length; c++) {
            u -= p[c];
            if (u < 0) {
                return c;
            }
        }
        return p.length - 1;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double sd(double[] v, double mean) {
        double s = 0;
        for (double x : v) {
            s += (x - mean) * (x - mean);
        }
        return Math.sqrt(s / (v.length - 1));
    }
}
