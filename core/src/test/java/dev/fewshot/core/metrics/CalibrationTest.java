package dev.fewshot.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CalibrationTest {
    private static final double TOL = 1e-15;

    @Test
    void edgesGoToTheLowerBin() {
        assertEquals(15, Calibration.DEFAULT_BINS);
        assertEquals(0, Calibration.bin(0.0, 15)); // 0 joins bin 0
        assertEquals(0, Calibration.bin(Double.MIN_VALUE, 15));
        assertEquals(14, Calibration.bin(1.0, 15)); // 1 is the top edge of the last bin
        for (int b = 1; b <= 15; b++) {
            double edge = b / 15.0;
            assertEquals(b - 1, Calibration.bin(edge, 15), "edge " + b + "/15");
            assertEquals(b - 1, Calibration.bin(Math.nextDown(edge), 15), "below edge " + b + "/15");
            if (b < 15) {
                assertEquals(b, Calibration.bin(Math.nextUp(edge), 15), "above edge " + b + "/15");
            }
        }
        assertEquals(7, Calibration.bin(0.5, 15)); // 7/15 < 0.5 <= 8/15
    }

    @Test
    void binMatchesLinearScanOfEdges() {
        Random rnd = new Random(11);
        for (int round = 0; round < 20_000; round++) {
            int bins = 1 + rnd.nextInt(40);
            double c = switch (rnd.nextInt(3)) {
                case 0 -> rnd.nextDouble();
                case 1 -> rnd.nextInt(bins + 1) / (double) bins; // exactly on an edge
                default -> {
                    double e = rnd.nextInt(bins + 1) / (double) bins;
                    yield Math.min(1.0, Math.max(0.0, rnd.nextBoolean() ? Math.nextUp(e) : Math.nextDown(e)));
                }
            };
            int expected = 0;
            for (int b = 0; b < bins; b++) {
                if (c > b / (double) bins && c <= (b + 1) / (double) bins) {
                    expected = b;
                }
            }
            assertEquals(expected, Calibration.bin(c, bins), c + " in " + bins + " bins");
        }
    }

    @Test
    void handCaseWithEdgesZeroAndOne() {
        double[] conf = {0.0, 1 / 15.0, 0.5, 1.0};
        boolean[] ok = {false, true, true, true};
        // bin 0: {0, 1/15}: count 2, conf 1/30, acc 1/2 -> (2/4)|1/2 - 1/30| = (1/2)(14/30) = 7/30
        // bin 7: {0.5}:     count 1, conf 1/2,  acc 1   -> (1/4)(1/2)                = 1/8
        // bin 14: {1}:      count 1, conf 1,    acc 1   -> 0
        // ECE = 7/30 + 1/8 = 43/120
        assertEquals(43.0 / 120.0, Calibration.ece(conf, ok), TOL);
        assertEquals(43.0 / 120.0, Calibration.ece(conf, ok, 15), TOL);

        Calibration.Bin[] d = Calibration.reliability(conf, ok);
        assertEquals(15, d.length);
        assertEquals(new Calibration.Bin(0.0, 1 / 15.0, 2, 1 / 30.0, 0.5), d[0]);
        assertEquals(new Calibration.Bin(7 / 15.0, 8 / 15.0, 1, 0.5, 1.0), d[7]);
        assertEquals(new Calibration.Bin(14 / 15.0, 1.0, 1, 1.0, 1.0), d[14]);
        assertEquals(new Calibration.Bin(1 / 15.0, 2 / 15.0, 0, 0.0, 0.0), d[1]);
        int total = 0;
        for (Calibration.Bin b : d) {
            total += b.count();
        }
        assertEquals(4, total);
    }

    @Test
    void simpleCases() {
        // confident and right, or unsure and wrong at confidence 0: perfectly calibrated
        assertEquals(0.0, Calibration.ece(new double[] {1, 1, 0}, new boolean[] {true, true, false}));
        // one bin: ECE = |acc - mean conf| = |1/2 - (0.9 + 0.7)/2| = |0.5 - 0.8| = 0.3
        assertEquals(0.3, Calibration.ece(new double[] {0.9, 0.7}, new boolean[] {true, false}, 1), 1e-15);
        // two bins, edge 1/2: 0.5 -> bin 0 (wrong: |0 - 0.5|), 0.75 -> bin 1 (right: |1 - 0.75|)
        // ECE = (1/2)(0.5) + (1/2)(0.25) = 0.375
        assertEquals(0.375, Calibration.ece(new double[] {0.5, 0.75}, new boolean[] {false, true}, 2), TOL);
    }

    @Test
    void shufflingChangesNothingBitForBit() {
        Random rnd = new Random(12);
        for (int round = 0; round < 300; round++) {
            int n = 1 + rnd.nextInt(300);
            double[] conf = new double[n];
            boolean[] ok = new boolean[n];
            for (int i = 0; i < n; i++) {
                conf[i] = rnd.nextInt(4) == 0 ? rnd.nextInt(16) / 15.0 : rnd.nextDouble();
                ok[i] = rnd.nextDouble() < conf[i];
            }
            double ece = Calibration.ece(conf, ok);
            Calibration.Bin[] d = Calibration.reliability(conf, ok);
            double mean = Accuracy.meanConfidence(conf);
            int[] perm = permutation(n, rnd);
            double[] conf2 = new double[n];
            boolean[] ok2 = new boolean[n];
            for (int i = 0; i < n; i++) {
                conf2[i] = conf[perm[i]];
                ok2[i] = ok[perm[i]];
            }
            OodMetricsPropertyTest.assertBits(ece, Calibration.ece(conf2, ok2));
            OodMetricsPropertyTest.assertBits(mean, Accuracy.meanConfidence(conf2));
            assertEquals(java.util.Arrays.asList(d), java.util.Arrays.asList(Calibration.reliability(conf2, ok2)));
            assertTrue(ece >= 0 && ece <= 1);
        }
    }

    private static int[] permutation(int n, Random rnd) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    @Test
    void rejectsBadInput() {
        boolean[] ok = {true};
        assertThrows(IllegalArgumentException.class, () -> Calibration.ece(new double[0], new boolean[0]));
        assertThrows(IllegalArgumentException.class, () -> Calibration.ece(null, ok));
        assertThrows(IllegalArgumentException.class, () -> Calibration.ece(new double[] {0.5}, null));
        assertThrows(IllegalArgumentException.class, () -> Calibration.ece(new double[] {0.5, 0.5}, ok));
        assertThrows(IllegalArgumentException.class, () -> Calibration.ece(new double[] {Double.NaN}, ok));
        assertThrows(IllegalArgumentException.class, () -> Calibration.ece(new double[] {1.5}, ok));
        assertThrows(IllegalArgumentException.class, () -> Calibration.ece(new double[] {-0.1}, ok));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Calibration.ece(new double[] {0.5}, ok, 0));
        assertTrue(e.getMessage().contains("bins"), e.getMessage());
    }
}
