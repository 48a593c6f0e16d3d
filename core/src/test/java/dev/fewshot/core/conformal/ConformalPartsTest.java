package dev.fewshot.core.conformal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fewshot.core.linalg.FloatMatrix;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Hand-checked cases and hostile inputs for the conformal parts. */
class ConformalPartsTest {

    @Test
    void pValuesCountTiesAsAtMost() {
        PValues pv = PValues.calibrate(new double[] {3, 1, 2, 2, -0.0});
        assertEquals(1 / 6.0, pv.pValue(-5));
        assertEquals(2 / 6.0, pv.pValue(0.0), "0.0 ties with -0.0");
        assertEquals(5 / 6.0, pv.pValue(2), "both 2s count");
        assertEquals(1.0, pv.pValue(Double.POSITIVE_INFINITY));
        assertTrue(pv.accepts(2, 0.05));
        assertTrue(!pv.accepts(-5, 1 / 6.0), "p = α is refused");
        assertThrows(IllegalArgumentException.class, () -> pv.pValue(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> PValues.calibrate(new double[0]));
        assertThrows(IllegalArgumentException.class, () -> PValues.calibrate(new double[] {1, Double.NaN}));
    }

    @Test
    void splitQuantileIsTheCeilRank() {
        double[] s = {0.5, 0.1, 0.9, 0.3};
        // n = 4, α = 0.2: k = ceil(5 · 0.8) = 4 → the largest
        assertEquals(0.9, SplitQuantile.threshold(s, 0.2));
        // α = 0.5: k = ceil(2.5) = 3
        assertEquals(0.5, SplitQuantile.threshold(s, 0.5));
        // α = 0.1: k = 5 > n → every label
        assertEquals(Double.POSITIVE_INFINITY, SplitQuantile.threshold(s, 0.1));
        assertThrows(IllegalArgumentException.class, () -> SplitQuantile.threshold(s, 0));
        assertThrows(IllegalArgumentException.class, () -> SplitQuantile.threshold(s, 1));
        assertThrows(IllegalArgumentException.class, () -> SplitQuantile.threshold(s, Double.NaN));
    }

    @Test
    void apsSetsTakeWholeTieGroups() {
        double[] p = {0.4, 0.2, 0.2, 0.2};
        assertEquals(0.4, SetScores.score(SetScores.Method.APS, p, 0), 1e-15);
        assertEquals(1.0, SetScores.score(SetScores.Method.APS, p, 3), 1e-15, "ties enter together");
        assertEquals(1, SetScores.set(SetScores.Method.APS, p, 0, 0.99).size());
        assertEquals(4, SetScores.set(SetScores.Method.APS, p, 0, 1.0).size());
        assertArrayEquals(new int[] {0}, SetScores.members(SetScores.Method.APS, p, 0.5));
        assertArrayEquals(new int[] {0, 1, 2, 3}, SetScores.members(SetScores.Method.LAC, p, 0.8));
        assertEquals(0, SetScores.set(SetScores.Method.LAC, p, 1, 0.5).size(), "an empty set: none of the classes");
    }

    @Test
    void benjaminiHochbergStepsUp() {
        // N = 4, q = 0.1: thresholds 0.025, 0.05, 0.075, 0.1; p(3) = 0.07 ≤ 0.075 → the three smallest
        boolean[] f = BenjaminiHochberg.flag(new double[] {0.07, 0.01, 0.5, 0.04}, 0.1);
        assertArrayEquals(new boolean[] {true, true, false, true}, f);
        assertArrayEquals(new boolean[] {false, false}, BenjaminiHochberg.flag(new double[] {0.9, 0.8}, 0.1));
        assertThrows(IllegalArgumentException.class, () -> BenjaminiHochberg.flag(new double[] {1.5}, 0.1));
        assertThrows(IllegalArgumentException.class, () -> BenjaminiHochberg.flag(new double[] {Double.NaN}, 0.1));
    }

    @Test
    void bandNarrowsWithRows() {
        AcceptanceBand small = AcceptanceBand.of(100, 0.05);
        AcceptanceBand large = AcceptanceBand.of(10_000, 0.05);
        assertTrue(small.hi() - small.lo() > large.hi() - large.lo());
        assertEquals(new AcceptanceBand(10, 0.05, 1, 1, 1), AcceptanceBand.of(10, 0.05), "l = 0: all accepted");
        int n = AcceptanceBand.rowsFor(0.05, 0.01);
        AcceptanceBand b = AcceptanceBand.of(n, 0.05);
        assertTrue(b.hi() - b.mean() <= 0.01 && b.mean() - b.lo() <= 0.01, b.toString());
        assertTrue(n > 1000 && n < 3000, "rows for ±1% at α = 0.05: " + n);
    }

    @Test
    void calibrationSplitDependsOnRowsNotOrder() {
        Random r = new Random(5);
        int n = 2000;
        FloatMatrix x = new FloatMatrix(n, 8);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(10);
            for (int j = 0; j < 8; j++) {
                x.set(i, j, (float) r.nextGaussian());
            }
        }
        CalibrationSplit s = CalibrationSplit.of(x, y);
        assertEquals(n, s.calibration().length + s.evaluation().length);
        assertEquals(0.2, s.calibration().length / (double) n, 0.03);
        // reversed rows: the same rows are held out
        int[] rev = new int[n];
        Arrays.setAll(rev, i -> n - 1 - i);
        int[] ry = new int[n];
        Arrays.setAll(ry, i -> y[n - 1 - i]);
        CalibrationSplit t = CalibrationSplit.of(x.selectRows(rev), ry);
        int[] back = Arrays.stream(t.calibration()).map(i -> n - 1 - i).sorted().toArray();
        assertArrayEquals(s.calibration(), back);
        // too few rows for a split: every row is evaluated
        CalibrationSplit one = CalibrationSplit.of(x.selectRows(new int[] {0}), new int[] {y[0]});
        assertTrue(!one.calibrates() && one.evaluation().length == 1);
    }
}
