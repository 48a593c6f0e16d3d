package dev.fewshot.core.linalg;

import static dev.fewshot.core.linalg.GemmTestSupport.assertBitwiseEqual;
import static dev.fewshot.core.linalg.GemmTestSupport.random;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The solver's fixed-rows products give the same bits as the plain products they replace, including
 * the shapes that OrtGemm pads (fewer than 16 rows, fewer than 16 classes) and repeated calls that
 * reuse (and grow) the native buffers.
 */
class FixedRowsTest {

    @Test
    void ortFixedRowsMatchThePlainProductsBitForBit() throws Exception {
        try (OrtGemm gemm = new OrtGemm(2)) {
            Random rng = new Random(3);
            int[][] shapes = {{1000, 64, 200}, {7, 32, 5}, {40, 16, 3}, {15, 8, 40}, {4200, 48, 1000}};
            for (int[] s : shapes) {
                int n = s[0], d = s[1], c = s[2];
                FloatMatrix x = random(rng, n, d);
                try (Gemm.FixedRows rows = gemm.fixRows(x)) {
                    for (int rep = 0; rep < 2; rep++) {
                        FloatMatrix w = random(rng, c, d);
                        float[] out = new float[n * c];
                        rows.mulTransB(w, out);
                        assertBitwiseEqual(gemm.mulTransB(x, w), new FloatMatrix(n, c, out),
                                "X·Wᵀ " + n + "x" + d + "x" + c);
                        FloatMatrix p = random(rng, n, c);
                        assertBitwiseEqual(gemm.mulTransA(p, x), rows.transAMul(p.data(), c),
                                "Pᵀ·X " + n + "x" + d + "x" + c);
                    }
                }
            }
        }
    }

    @Test
    void theGenericFixedRowsAreThePlainProducts() {
        Gemm gemm = new NaiveGemm();
        Random rng = new Random(5);
        FloatMatrix x = random(rng, 9, 6), w = random(rng, 4, 6), p = random(rng, 9, 4);
        Gemm.FixedRows rows = gemm.fixRows(x);
        float[] out = new float[9 * 4];
        rows.mulTransB(w, out);
        assertBitwiseEqual(gemm.mulTransB(x, w), new FloatMatrix(9, 4, out), "X·Wᵀ");
        assertBitwiseEqual(gemm.mulTransA(p, x), rows.transAMul(p.data(), 4), "Pᵀ·X");
    }

    @Test
    void shapeMismatchesAreRefused() throws Exception {
        try (OrtGemm gemm = new OrtGemm(1); Gemm.FixedRows rows = gemm.fixRows(new FloatMatrix(20, 8))) {
            assertThrows(IllegalArgumentException.class, () -> rows.mulTransB(new FloatMatrix(3, 7), new float[60]));
            assertThrows(IllegalArgumentException.class, () -> rows.transAMul(new float[20 * 3 - 1], 3));
            assertThrows(IllegalArgumentException.class, () -> rows.mulTransB(new FloatMatrix(3, 8), new float[59]));
        }
    }
}
