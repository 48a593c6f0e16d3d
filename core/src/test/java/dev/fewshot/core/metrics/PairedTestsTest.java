package dev.fewshot.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PairedTestsTest {

    @Test
    void mcNemarByHand() {
        // 3 rows right for A only, 1 for B only: p = P(Bin(4, ½) >= 3) = 5/16.
        boolean[] a = {true, true, true, false, true, false};
        boolean[] b = {false, false, false, true, true, false};
        PairedTests.Comparison c = PairedTests.accuracy(a, b);
        assertEquals(5.0 / 16, c.pValue(), 1e-15);
        assertEquals(2.0 / 6, c.difference(), 1e-15);
        // no discordant rows, or none in A's favour: no evidence
        assertEquals(1.0, PairedTests.accuracy(a, a).pValue());
        assertEquals(1.0, PairedTests.accuracy(b, a).pValue() > 0.9 ? 1.0 : 0.0);
        assertThrows(IllegalArgumentException.class, () -> PairedTests.accuracy(a, new boolean[2]));
    }

    @Test
    void deLongByHand() {
        // A separates perfectly, B not at all, on 2 ID and 2 OOD rows.
        double[] idA = {3, 4}, oodA = {1, 2}, idB = {1, 2}, oodB = {3, 4};
        PairedTests.Comparison c = PairedTests.auroc(idA, oodA, idB, oodB);
        assertEquals(1.0, c.difference(), 0);
        assertEquals(0.0, c.pValue(), 0); // both placements constant: zero variance, A better
        // The same scores on both sides: difference 0, p = 1.
        PairedTests.Comparison same = PairedTests.auroc(idA, oodA, idA, oodA);
        assertEquals(0.0, same.difference(), 0);
        assertEquals(1.0, same.pValue(), 0);
        assertTrue(Double.isNaN(PairedTests.auroc(new double[] {1}, oodA, new double[] {2}, oodB).pValue()));
    }

    @Test
    void deLongMatchesAHandComputedCase() {
        // ID A = {0.9, 0.6, 0.4}, OOD A = {0.5, 0.1}; ID B = {0.7, 0.2, 0.6}, OOD B = {0.3, 0.65}.
        // A's placements: V10 = {1, 1, 0.5}, V01 = {2/3, 1}; B's: V10 = {1, 0, 0.5}, V01 = {2/3, 1/3}.
        double[] idA = {0.9, 0.6, 0.4}, oodA = {0.5, 0.1}, idB = {0.7, 0.2, 0.6}, oodB = {0.3, 0.65};
        double aucA = 2.5 / 3, aucB = 1.5 / 3;
        double s10 = var(new double[] {0, 1, 0}) / 3; // V10A − V10B = {0, 1, 0}
        double s01 = var(new double[] {0, 2.0 / 3}) / 2; // V01A − V01B
        double z = (aucA - aucB) / Math.sqrt(s10 + s01);
        PairedTests.Comparison c = PairedTests.auroc(idA, oodA, idB, oodB);
        assertEquals(aucA - aucB, c.difference(), 1e-15);
        assertEquals(0.5 * org.apache.commons.math3.special.Erf.erfc(z / Math.sqrt(2)), c.pValue(), 1e-15);
    }

    private static double var(double[] v) {
        double m = 0;
        for (double x : v) {
            m += x / v.length;
        }
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return s / (v.length - 1);
    }

    @Test
    void rowOrderCannotChangeABit() {
        Random r = new Random(5);
        int n = 3000, m = 2000;
        double[] idA = new double[n], idB = new double[n], oodA = new double[m], oodB = new double[m];
        boolean[] ca = new boolean[n], cb = new boolean[n];
        for (int i = 0; i < n; i++) {
            idA[i] = Math.round(r.nextGaussian() * 20) / 10.0 + 0.3; // ties on purpose
            idB[i] = idA[i] + r.nextGaussian();
            ca[i] = r.nextDouble() < 0.7;
            cb[i] = r.nextDouble() < 0.65;
        }
        for (int j = 0; j < m; j++) {
            oodA[j] = Math.round(r.nextGaussian() * 20) / 10.0;
            oodB[j] = oodA[j] + r.nextGaussian();
        }
        PairedTests.Comparison before = PairedTests.auroc(idA, oodA, idB, oodB);
        PairedTests.Comparison accBefore = PairedTests.accuracy(ca, cb);
        shuffle(r, idA, idB, ca, cb);
        shuffle(r, oodA, oodB, null, null);
        PairedTests.Comparison after = PairedTests.auroc(idA, oodA, idB, oodB);
        assertEquals(Double.doubleToRawLongBits(before.pValue()), Double.doubleToRawLongBits(after.pValue()));
        assertEquals(Double.doubleToRawLongBits(before.difference()), Double.doubleToRawLongBits(after.difference()));
        assertEquals(accBefore, PairedTests.accuracy(ca, cb));
    }

    private static void shuffle(Random r, double[] a, double[] b, boolean[] c, boolean[] d) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            double t = a[i]; a[i] = a[j]; a[j] = t;
            t = b[i]; b[i] = b[j]; b[j] = t;
            if (c != null) {
                boolean u = c[i]; c[i] = c[j]; c[j] = u;
                u = d[i]; d[i] = d[j]; d[j] = u;
            }
        }
    }
}
