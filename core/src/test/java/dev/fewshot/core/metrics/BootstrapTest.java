package dev.fewshot.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The bootstrap's count-per-value shortcut gives, bit for bit, what resampling the rows themselves and computing each
 * metric from scratch gives; OpenOOD's FPR@95 follows its documented rule.
 */
class BootstrapTest {

    /** The plain way: draw the rows, build the resampled arrays, compute each metric with a fresh sort. */
    static Bootstrap.Intervals direct(boolean[] correct, double[] id, double[] ood, int resamples) {
        return direct(correct, id, ood, resamples, Bootstrap.canonicalOrder(new double[][] {id}, correct),
                Bootstrap.canonicalOrder(new double[][] {ood}, null));
    }

    /** The same with the rows' draw order given (several scores share one order). */
    static Bootstrap.Intervals direct(boolean[] correct, double[] id, double[] ood, int resamples, int[] idOrder,
                                      int[] oodOrder) {
        SplittableRandom root = new SplittableRandom(Bootstrap.SEED);
        double[] acc = new double[resamples];
        double[] auroc = new double[resamples];
        double[] fpr = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            SplittableRandom rng = root.split();
            double[] x = new double[id.length];
            long right = 0;
            for (int d = 0; d < id.length; d++) {
                int i = idOrder[rng.nextInt(id.length)];
                x[d] = id[i];
                right += correct[i] ? 1 : 0;
            }
            double[] y = new double[ood.length];
            for (int d = 0; d < ood.length; d++) {
                y[d] = ood[oodOrder[rng.nextInt(ood.length)]];
            }
            acc[b] = right / (double) id.length;
            OodMetrics m = OodMetrics.of(x, y);
            auroc[b] = m.auroc();
            fpr[b] = m.fpr95();
        }
        return new Bootstrap.Intervals(Bootstrap.percentiles(acc), Bootstrap.percentiles(auroc),
                Bootstrap.percentiles(fpr));
    }

    @Test
    void countsGiveTheSameIntervalsAsResampledRows() {
        Random r = new Random(3);
        for (int trial = 0; trial < 6; trial++) {
            int n = 50 + r.nextInt(400);
            int m = 20 + r.nextInt(100);
            double[] id = new double[n];
            double[] ood = new double[m];
            boolean[] correct = new boolean[n];
            for (int i = 0; i < n; i++) {
                // heavy ties, signed zeros and infinities on some trials
                id[i] = trial % 2 == 0 ? r.nextInt(12) - 3 : r.nextGaussian() + 1;
                correct[i] = r.nextDouble() < 0.7;
            }
            for (int j = 0; j < m; j++) {
                ood[j] = trial % 2 == 0 ? r.nextInt(12) - 6 : r.nextGaussian();
            }
            if (trial == 2) {
                id[0] = Double.POSITIVE_INFINITY;
                ood[0] = Double.NEGATIVE_INFINITY;
                id[1] = -0.0;
                ood[1] = 0.0;
            }
            Bootstrap.Intervals fast = Bootstrap.of(correct, id, ood, 200);
            assertEquals(direct(correct, id, ood, 200), fast, "trial " + trial);
            assertEquals(fast, Bootstrap.of(correct, id.clone(), ood.clone(), 200), "run to run");
            // the rows in another order: the same intervals (they depend on the multiset of rows)
            double[] sid = new double[n];
            boolean[] sc = new boolean[n];
            int[] perm = shuffled(n, r);
            for (int i = 0; i < n; i++) {
                sid[i] = id[perm[i]];
                sc[i] = correct[perm[i]];
            }
            int[] operm = shuffled(m, r);
            double[] sood = new double[m];
            for (int j = 0; j < m; j++) {
                sood[j] = ood[operm[j]];
            }
            assertEquals(fast, Bootstrap.of(sc, sid, sood, 200), "shuffled rows, trial " + trial);
            OodMetrics point = OodMetrics.of(id, ood);
            assertTrue(fast.auroc().lo() <= point.auroc() && point.auroc() <= fast.auroc().hi(), "trial " + trial);
        }
    }

    @Test
    void severalScoresShareTheDrawsAndEachGetsItsOwnIntervals() {
        Random r = new Random(11);
        int n = 300;
        int m = 70;
        double[][] id = new double[3][n];
        double[][] ood = new double[3][m];
        boolean[] correct = new boolean[n];
        for (int i = 0; i < n; i++) {
            correct[i] = r.nextBoolean();
            for (int s = 0; s < 3; s++) {
                id[s][i] = s == 2 ? r.nextInt(5) : r.nextGaussian() + s;
            }
        }
        for (int j = 0; j < m; j++) {
            for (int s = 0; s < 3; s++) {
                ood[s][j] = s == 2 ? r.nextInt(5) - 1 : r.nextGaussian();
            }
        }
        Bootstrap.Intervals[] all = Bootstrap.of(correct, id, ood, 150);
        int[] idOrder = Bootstrap.canonicalOrder(id, correct);
        int[] oodOrder = Bootstrap.canonicalOrder(ood, null);
        for (int s = 0; s < 3; s++) {
            // one set of draws for all three: each score's intervals as if resampled alone with those draws
            assertEquals(direct(correct, id[s], ood[s], 150, idOrder, oodOrder), all[s], "score " + s);
        }
        // and the rows in another order give the same intervals
        int[] p = shuffled(n, r);
        int[] q = shuffled(m, r);
        double[][] sid = new double[3][n];
        double[][] sood = new double[3][m];
        boolean[] sc = new boolean[n];
        for (int i = 0; i < n; i++) {
            sc[i] = correct[p[i]];
            for (int s = 0; s < 3; s++) {
                sid[s][i] = id[s][p[i]];
            }
        }
        for (int j = 0; j < m; j++) {
            for (int s = 0; s < 3; s++) {
                sood[s][j] = ood[s][q[j]];
            }
        }
        assertEquals(java.util.List.of(all), java.util.List.of(Bootstrap.of(sc, sid, sood, 150)), "shuffled rows");
        assertThrows(IllegalArgumentException.class, () -> Bootstrap.of(correct, id, new double[2][m], 10));
        assertThrows(IllegalArgumentException.class, () -> Bootstrap.of(correct, new double[][] {id[0], new double[5]},
                new double[][] {ood[0], ood[1]}, 10));
    }

    private static int[] shuffled(int n, Random r) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    @Test
    void percentilesInterpolateLikeNumpy() {
        // numpy.percentile(np.arange(11.0), [2.5, 97.5]) = [0.25, 9.75]; of [1, 2] = [1.025, 1.975]
        double[] v = new double[11];
        for (int i = 0; i < v.length; i++) {
            v[i] = 10 - i;
        }
        assertEquals(new Bootstrap.Interval(0.25, 9.75), Bootstrap.percentiles(v));
        Bootstrap.Interval two = Bootstrap.percentiles(new double[] {2, 1});
        assertEquals(1.025, two.lo(), 1e-15);
        assertEquals(1.975, two.hi(), 1e-15);
    }

    @Test
    void badInputsAreRefused() {
        double[] id = {1, 2};
        double[] ood = {0};
        assertThrows(IllegalArgumentException.class, () -> Bootstrap.of(new boolean[2], id, ood, 1));
        assertThrows(IllegalArgumentException.class, () -> Bootstrap.of(new boolean[3], id, ood, 10));
        assertThrows(IllegalArgumentException.class, () -> Bootstrap.of(new boolean[2], id, new double[] {Double.NaN}, 10));
        assertThrows(IllegalArgumentException.class, () -> Bootstrap.of(new boolean[2], id, ood,
                Bootstrap.MAX_RESAMPLES + 1));
    }

    @Test
    void openOodFpr95RejectsIdAtTheOodThreshold() {
        // OOD {0, 1, ..., 19}: k = 19, t = 18; ID scores <= 18 are rejected, ties included
        double[] ood = new double[20];
        for (int j = 0; j < 20; j++) {
            ood[j] = j;
        }
        double[] id = {18, 18.5, 30, 40};
        assertEquals(0.25, OodMetrics.fpr95OodPositive(id, ood));
        // mirrored: negating every score and swapping the roles gives our ID-positive FPR@95
        double[] negId = Arrays.stream(ood).map(x -> -x).toArray();
        double[] negOod = Arrays.stream(id).map(x -> -x).toArray();
        assertEquals(OodMetrics.fpr95(negId, negOod), OodMetrics.fpr95OodPositive(id, ood));
    }
}
