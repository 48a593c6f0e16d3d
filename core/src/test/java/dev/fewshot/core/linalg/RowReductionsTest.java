package dev.fewshot.core.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scoring's per-row reductions on ONNX Runtime ({@link OrtRowSoftmax}, {@link OrtRowScoring}) against the
 * double-precision reference ({@link RowSoftmax#java}): within 1e-6 on log-MSP and energy for CLIP-shaped logits
 * (1000 classes, confident and unsure rows), the reference's own answer on rows a float softmax cannot reduce, the
 * same bits whatever the row blocks, and the fused graph bit for bit the unfused route.
 */
class RowReductionsTest {
    private static final int C = 1000;
    private static OrtGemm ort;

    @BeforeAll
    static void open() throws Exception {
        ort = new OrtGemm(2);
    }

    @AfterAll
    static void close() {
        ort.close();
    }

    /** Logits as a CLIP head gives them (about 25 ± 3 at scale 100), with confident rows mixed in. */
    private static float[] logits(int rows, long seed) {
        return logits(rows, C, seed);
    }

    private static float[] logits(int rows, int classes, long seed) {
        Random r = new Random(seed);
        float[] z = new float[rows * classes];
        for (int i = 0; i < rows; i++) {
            int kind = i % 8;
            // kinds 0-5 lift one class from unsure to rest ≈ e^-300 · 999; 6 is near-uniform (an OOD row of a linear
            // probe: the other classes' sum is all that counts); 7 puts half the mass on one class, half spread
            double spread = kind >= 6 ? 0.01 : 3;
            double lift = kind < 6 ? new double[] {0, 5, 15, 40, 90, 300}[kind]
                    : kind == 7 ? Math.log(classes - 1) : 0;
            for (int j = 0; j < classes; j++) {
                z[i * classes + j] = (float) (25 + spread * r.nextGaussian());
            }
            z[i * classes + r.nextInt(classes)] += (float) lift;
        }
        return z;
    }

    @Test
    void ortReductionsAreWithinOneMillionthOfTheDoubleReference() {
        int m = 3000;
        float[] z = logits(m, 1);
        double mcm = 0.01; // MCM's 1/(scale · T) at CLIP's scale 100
        Reduced ref = reduce(RowSoftmax.java(C, mcm), z, m, true);
        Reduced got;
        try (RowSoftmax s = ort.rowSoftmax(C, mcm)) {
            got = reduce(s, z, m, true);
        }
        assertArrayEquals(ref.arg, got.arg);
        for (int i = 0; i < m; i++) {
            // log-MSP = −log1p(rest), energy = max + log1p(rest), MCM = −log1p(restScaled)
            assertEquals(Math.log1p(ref.rest[i]), Math.log1p(got.rest[i]), 1e-6, "log-MSP of row " + i);
            assertEquals(Math.log1p(ref.scaled[i]), Math.log1p(got.scaled[i]), 1e-6, "MCM of row " + i);
            // relative precision too, so that confident rows keep their order by MSP; rows too confident for
            // float probabilities (rest < 1e-25) are the reference's, bit for bit
            if (ref.rest[i] < 1e-25 || ref.scaled[i] < 1e-25) {
                assertEquals(ref.rest[i], got.rest[i], "row " + i);
                assertEquals(ref.scaled[i], got.scaled[i], "row " + i);
            }
            if (ref.rest[i] < 0.01) {
                assertEquals(1, got.rest[i] / ref.rest[i], 1e-6, "rest of row " + i + ": " + ref.rest[i]);
            }
        }
        assertTrue(ref.rest[5] < 1e-100 && ref.rest[5] > 0, "a very confident row is in the set: " + ref.rest[5]);
        assertTrue(ref.rest[6] > 900 && Math.abs(ref.rest[7] - 1) < 0.1, "near-uniform and half-mass rows: "
                + ref.rest[6] + ", " + ref.rest[7]);
    }

    @Test
    void tiesAndRowsAFloatSoftmaxCannotReduceKeepTheReferenceAnswer() {
        float[] z = logits(6, 2);
        z[3] = z[7] = 80; // row 0: a tie at the top, the first one wins and the other counts as exp(0) = 1
        for (int j = 0; j < C; j += 2) {
            z[C + j] = Float.NEGATIVE_INFINITY; // row 1: half the classes impossible
        }
        z[2 * C + 5] = Float.POSITIVE_INFINITY; // row 2
        z[3 * C + 9] = Float.NaN; // row 3
        java.util.Arrays.fill(z, 4 * C, 5 * C, Float.NEGATIVE_INFINITY); // row 4
        Reduced ref = reduce(RowSoftmax.java(C, 0.01), z, 6, true);
        Reduced got;
        try (RowSoftmax s = ort.rowSoftmax(C, 0.01)) {
            got = reduce(s, z, 6, true);
        }
        assertArrayEquals(ref.arg, got.arg);
        assertEquals(3, got.arg[0]);
        assertTrue(got.rest[0] >= 1, "the tied class counts: " + got.rest[0]);
        for (int i : new int[] {0, 1, 5}) {
            assertEquals(ref.rest[i], got.rest[i], 1e-6 * (1 + ref.rest[i]), "row " + i);
        }
        for (int i : new int[] {2, 3, 4}) { // the reference's answer, bit for bit (NaN where it gives NaN)
            assertEquals(ref.rest[i], got.rest[i], "row " + i);
            assertEquals(ref.scaled[i], got.scaled[i], "row " + i);
        }
    }

    @Test
    void oneClassHasNothingToSum() {
        float[] z = {3f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        Reduced ref = reduce(RowSoftmax.java(1, 0.01), z, 4, true);
        try (RowSoftmax s = ort.rowSoftmax(1, 0.01)) {
            Reduced got = reduce(s, z, 4, true);
            assertArrayEquals(ref.arg, got.arg);
            assertArrayEquals(ref.rest, got.rest);
            assertArrayEquals(ref.scaled, got.scaled);
        }
        assertEquals(2048, OrtRowSoftmax.blockRows(1000));
        assertEquals(16, OrtRowSoftmax.blockRows(262_144)); // 16 MB blocks however many classes
        assertEquals(1, OrtRowSoftmax.blockRows(50_000_000));
    }

    @Test
    void theSameBitsWhateverTheRowBlocks() {
        // 37 classes: rows start at every alignment, which changes the sum order of a reduction that follows it
        for (int classes : new int[] {C, 37}) {
            int m = 2100; // more than one block
            float[] z = logits(m, classes, 3);
            try (RowSoftmax s = ort.rowSoftmax(classes, 0.01)) {
                Reduced whole = reduce(s, z, m, true);
                assertArrayEquals(whole.rest, reduce(s, z, m, true).rest, "run to run");
                for (int[] range : new int[][] {{0, 1}, {5, 12}, {2047, 2100}, {1, 2099}, {3, 40}}) {
                    int rows = range[1] - range[0];
                    float[] part = java.util.Arrays.copyOfRange(z, range[0] * classes, range[1] * classes);
                    Reduced r = reduce(s, part, rows, true);
                    String where = classes + " classes, rows " + range[0] + ".." + range[1];
                    assertArrayEquals(java.util.Arrays.copyOfRange(whole.rest, range[0], range[1]), r.rest, where);
                    assertArrayEquals(java.util.Arrays.copyOfRange(whole.scaled, range[0], range[1]), r.scaled, where);
                }
            }
        }
    }

    @Test
    void fusedScoringIsTheUnfusedRouteBitForBit() {
        for (int[] shape : new int[][] {{512, C}, {13, 37}}) {
            fusedEqualsUnfused(shape[0], shape[1]);
        }
    }

    private static void fusedEqualsUnfused(int d, int classes) {
        Random r = new Random(4);
        int m = 2100;
        FloatMatrix x = GemmTestSupport.random(r, m, d);
        FloatMatrix w = GemmTestSupport.random(r, classes, d);
        float[] bias = new float[classes];
        for (int j = 0; j < classes; j++) {
            bias[j] = (float) r.nextGaussian();
        }
        Object[][] heads = {{2.5f, null, 0.01}, {Float.NaN, bias, Double.NaN}, {4f, bias, 0.02}};
        for (Object[] h : heads) {
            float scale = (Float) h[0];
            float[] b = (float[]) h[1];
            double mcm = (Double) h[2];
            String what = d + "x" + classes + ", scale " + scale + (b == null ? "" : " + bias") + " mcm " + mcm;
            try (RowScoring fused = ort.prepareScoring(w, scale, b, mcm);
                 RowScoring unfused = RowScoring.unfused(ort, w, scale, b, mcm)) {
                for (int[] range : new int[][] {{0, m}, {7, 1}, {100, 5}, {3, 40}}) {
                    Scored f = score(fused, x, range[0], range[1], !Double.isNaN(mcm));
                    Scored u = score(unfused, x, range[0], range[1], !Double.isNaN(mcm));
                    String where = what + ", rows " + range[0] + "+" + range[1];
                    assertArrayEquals(u.arg, f.arg, where);
                    assertArrayEquals(u.max, f.max, where);
                    assertArrayEquals(u.rest, f.rest, where);
                    assertArrayEquals(u.scaled, f.scaled, where);
                }
            }
        }
    }

    private record Reduced(int[] arg, double[] rest, double[] scaled) {
    }

    private static Reduced reduce(RowSoftmax s, float[] z, int m, boolean scaled) {
        Reduced r = new Reduced(new int[m], new double[m], scaled ? new double[m] : null);
        s.apply(z, m, r.arg, r.rest, r.scaled);
        return r;
    }

    private record Scored(int[] arg, float[] max, double[] rest, double[] scaled) {
    }

    private static Scored score(RowScoring s, FloatMatrix x, int from, int rows, boolean scaled) {
        Scored r = new Scored(new int[rows], new float[rows], new double[rows], scaled ? new double[rows] : null);
        s.apply(x, from, rows, r.arg, r.max, r.rest, r.scaled);
        return r;
    }
}
