package dev.fewshot.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Seeded random inputs against brute-force definitions. */
class OodMetricsPropertyTest {
    private static final int ROUNDS = 600;

    /** Scores of one of three kinds: continuous, a few values (heavy ties), or grid values incl. ±0. */
    private static double[] scores(Random rnd, int size, int kind, double shift) {
        double[] s = new double[size];
        for (int i = 0; i < size; i++) {
            s[i] = switch (kind) {
                case 0 -> rnd.nextGaussian() + shift;
                case 1 -> rnd.nextInt(3) + (rnd.nextDouble() < shift / 4 ? 1 : 0);
                default -> {
                    double v = (rnd.nextInt(7) - 3) * 0.25;
                    yield v == 0 && rnd.nextBoolean() ? -0.0 : v;
                }
            };
        }
        return s;
    }

    private interface Case {
        void check(double[] id, double[] ood, Random rnd);
    }

    private static void forRandomInputs(long seed, Case c) {
        Random rnd = new Random(seed);
        for (int round = 0; round < ROUNDS; round++) {
            int n = 1 + rnd.nextInt(round % 10 == 0 ? 400 : 40);
            int m = 1 + rnd.nextInt(round % 7 == 0 ? 300 : 30);
            int kind = rnd.nextInt(3);
            double[] id = scores(rnd, n, kind, rnd.nextDouble() * 2);
            double[] ood = scores(rnd, m, kind, 0);
            c.check(id, ood, rnd);
        }
    }

    // ---- brute-force definitions ----

    static double bruteAuroc(double[] id, double[] ood) {
        double u = 0;
        for (double a : id) {
            for (double b : ood) {
                u += a > b ? 1.0 : a == b ? 0.5 : 0.0;
            }
        }
        return u / ((double) id.length * ood.length);
    }

    static double bruteFpr95(double[] id, double[] ood) {
        int n = id.length;
        int k = new BigDecimal(n).multiply(new BigDecimal("0.95")).setScale(0, RoundingMode.CEILING).intValueExact();
        double[] desc = Arrays.stream(id).boxed().sorted(Comparator.reverseOrder()).mapToDouble(Double::doubleValue)
                .toArray();
        double t = desc[k - 1];
        int accepted = 0;
        for (double o : ood) {
            if (o >= t) {
                accepted++;
            }
        }
        return accepted / (double) ood.length;
    }

    /**
     * sklearn.metrics.average_precision_score, transcribed: sort by score descending, thresholds at
     * the last index of each run of equal scores, tps = cumsum(y), fps = 1 + idx - tps,
     * precision = tps / (tps + fps), recall = tps / tps[-1], AP = Σ (R_i − R_{i−1}) P_i.
     */
    static double bruteAveragePrecision(double[] score, boolean[] positive) {
        Integer[] order = new Integer[score.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(score[y] + 0.0, score[x] + 0.0));
        int[] cum = new int[order.length];
        int tp = 0;
        for (int i = 0; i < order.length; i++) {
            tp += positive[order[i]] ? 1 : 0;
            cum[i] = tp;
        }
        double total = cum[order.length - 1];
        double ap = 0;
        double prevRecall = 0;
        for (int i = 0; i < order.length; i++) {
            boolean lastOfRun = i == order.length - 1 || score[order[i]] != score[order[i + 1]];
            if (lastOfRun) {
                double tps = cum[i];
                double fps = 1 + i - tps;
                double precision = tps / (tps + fps);
                double recall = tps / total;
                ap += (recall - prevRecall) * precision;
                prevRecall = recall;
            }
        }
        return ap;
    }

    static double bruteAuprIn(double[] id, double[] ood) {
        double[] s = new double[id.length + ood.length];
        boolean[] pos = new boolean[s.length];
        for (int i = 0; i < id.length; i++) {
            s[i] = id[i];
            pos[i] = true;
        }
        for (int j = 0; j < ood.length; j++) {
            s[id.length + j] = ood[j];
        }
        return bruteAveragePrecision(s, pos);
    }

    static double bruteAuprOut(double[] id, double[] ood) {
        double[] s = new double[id.length + ood.length];
        boolean[] pos = new boolean[s.length];
        for (int i = 0; i < id.length; i++) {
            s[i] = -id[i];
        }
        for (int j = 0; j < ood.length; j++) {
            s[id.length + j] = -ood[j];
            pos[id.length + j] = true;
        }
        return bruteAveragePrecision(s, pos);
    }

    // ---- properties ----

    @Test
    void aurocEqualsPairwiseCount() {
        forRandomInputs(1, (id, ood, rnd) -> assertEquals(bruteAuroc(id, ood), OodMetrics.auroc(id, ood), 1e-12));
    }

    @Test
    void fpr95EqualsDefinition() {
        forRandomInputs(2, (id, ood, rnd) -> assertEquals(bruteFpr95(id, ood), OodMetrics.fpr95(id, ood), 0.0));
    }

    @Test
    void averagePrecisionEqualsSklearnDefinition() {
        forRandomInputs(3, (id, ood, rnd) -> {
            OodMetrics r = OodMetrics.of(id, ood);
            assertEquals(bruteAuprIn(id, ood), r.auprIn(), 1e-12);
            assertEquals(bruteAuprOut(id, ood), r.auprOut(), 1e-12);
        });
    }

    @Test
    void shufflingChangesNothingBitForBit() {
        forRandomInputs(4, (id, ood, rnd) -> {
            OodMetrics before = OodMetrics.of(id, ood);
            double tBefore = RankedScores.of(id, ood).fpr95Threshold();
            for (int s = 0; s < 3; s++) {
                double[] id2 = shuffled(id, rnd);
                double[] ood2 = shuffled(ood, rnd);
                OodMetrics after = OodMetrics.of(id2, ood2);
                assertBits(before.auroc(), after.auroc());
                assertBits(before.fpr95(), after.fpr95());
                assertBits(before.auprIn(), after.auprIn());
                assertBits(before.auprOut(), after.auprOut());
                assertBits(tBefore, RankedScores.of(id2, ood2).fpr95Threshold());
            }
        });
    }

    @Test
    void separatedAndReversed() {
        Random rnd = new Random(5);
        for (int round = 0; round < 300; round++) {
            int n = 1 + rnd.nextInt(100);
            int m = 1 + rnd.nextInt(100);
            double[] id = new double[n];
            double[] ood = new double[m];
            for (int i = 0; i < n; i++) {
                id[i] = 1 + rnd.nextInt(4) * rnd.nextDouble(); // in [1, 4), with ties at 1
            }
            for (int j = 0; j < m; j++) {
                ood[j] = rnd.nextInt(3) * rnd.nextDouble() - 3; // in [-3, -1), with ties at -3
            }
            OodMetrics sep = OodMetrics.of(id, ood);
            assertEquals(1.0, sep.auroc());
            assertEquals(0.0, sep.fpr95());
            assertEquals(1.0, sep.auprIn(), 1e-12);
            assertEquals(1.0, sep.auprOut(), 1e-12);
            OodMetrics rev = OodMetrics.of(ood, id); // ID below every OOD
            assertEquals(0.0, rev.auroc());
            assertEquals(1.0, rev.fpr95());
        }
    }

    @Test
    void fastOnFiftyThousandScores() {
        Random rnd = new Random(6);
        double[] id = new double[50_000];
        double[] ood = new double[2_000];
        for (int i = 0; i < id.length; i++) {
            id[i] = rnd.nextGaussian() + 1;
        }
        for (int j = 0; j < ood.length; j++) {
            ood[j] = rnd.nextGaussian();
        }
        OodMetrics warm = null;
        for (int i = 0; i < 30; i++) {
            warm = OodMetrics.of(id, ood);
        }
        long[] nanos = new long[15];
        for (int i = 0; i < nanos.length; i++) {
            long t0 = System.nanoTime();
            OodMetrics r = OodMetrics.of(id, ood);
            nanos[i] = System.nanoTime() - t0;
            assertEquals(warm, r);
        }
        Arrays.sort(nanos);
        double medianMs = nanos[nanos.length / 2] / 1e6;
        System.out.printf("OodMetrics.of(50,000 ID, 2,000 OOD): median %.2f ms%n", medianMs);
        // "a few milliseconds"; the bound is loose so that a busy shared machine does not fail it
        assertTrue(medianMs < 100, "median " + medianMs + " ms");
    }

    static double[] shuffled(double[] a, Random rnd) {
        double[] s = a.clone();
        for (int i = s.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            double t = s[i];
            s[i] = s[j];
            s[j] = t;
        }
        return s;
    }

    static void assertBits(double expected, double actual) {
        assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual),
                () -> expected + " vs " + actual);
    }
}
