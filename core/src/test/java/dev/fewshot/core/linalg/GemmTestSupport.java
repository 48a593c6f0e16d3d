package dev.fewshot.core.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;

final class GemmTestSupport {
    private GemmTestSupport() {}

    static FloatMatrix random(Random rng, int rows, int cols) {
        float[] d = new float[rows * cols];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) rng.nextGaussian();
        }
        return new FloatMatrix(rows, cols, d);
    }

    /**
     * Element-wise check with relative tolerance {@code rel} against the scale
     * {@code Σ_p |x_ip|·|y_pj|} of each entry (robust where the sum cancels to near zero).
     */
    static void assertClose(FloatMatrix expected, FloatMatrix actual, FloatMatrix absProduct,
                            double rel, String what) {
        assertEquals(expected.rows(), actual.rows(), what + " rows");
        assertEquals(expected.cols(), actual.cols(), what + " cols");
        float[] e = expected.data(), a = actual.data(), s = absProduct.data();
        for (int i = 0; i < e.length; i++) {
            double tol = rel * s[i] + 1e-30;
            if (!(Math.abs(e[i] - a[i]) <= tol)) {
                fail(what + ": element " + i + " expected " + e[i] + " got " + a[i] + " tol " + tol);
            }
        }
    }

    static FloatMatrix abs(FloatMatrix m) {
        float[] d = m.data().clone();
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.abs(d[i]);
        }
        return new FloatMatrix(m.rows(), m.cols(), d);
    }

    static void assertBitwiseEqual(FloatMatrix expected, FloatMatrix actual, String what) {
        assertEquals(expected.rows(), actual.rows(), what + " rows");
        assertEquals(expected.cols(), actual.cols(), what + " cols");
        float[] e = expected.data(), a = actual.data();
        int diff = 0, first = -1;
        for (int i = 0; i < e.length; i++) {
            if (Float.floatToRawIntBits(e[i]) != Float.floatToRawIntBits(a[i])) {
                if (first < 0) {
                    first = i;
                }
                diff++;
            }
        }
        if (diff > 0) {
            fail(what + ": " + diff + " of " + e.length + " elements differ bitwise, first at " + first
                    + " (" + e[first] + " vs " + a[first] + ")");
        }
    }

    /** A·Bᵀ computed in row chunks of A, concatenated. */
    static FloatMatrix chunkedTransB(Gemm g, FloatMatrix a, FloatMatrix b, int chunk) {
        int m = a.rows(), n = b.rows();
        float[] out = new float[m * n];
        for (int r = 0; r < m; r += chunk) {
            int e = Math.min(m, r + chunk);
            FloatMatrix part = g.mulTransB(a.rowRange(r, e), b);
            System.arraycopy(part.data(), 0, out, r * n, part.data().length);
        }
        return new FloatMatrix(m, n, out);
    }

    /** A·B computed in row chunks of A, concatenated. */
    static FloatMatrix chunkedMul(Gemm g, FloatMatrix a, FloatMatrix b, int chunk) {
        int m = a.rows(), n = b.cols();
        float[] out = new float[m * n];
        for (int r = 0; r < m; r += chunk) {
            int e = Math.min(m, r + chunk);
            FloatMatrix part = g.mul(a.rowRange(r, e), b);
            System.arraycopy(part.data(), 0, out, r * n, part.data().length);
        }
        return new FloatMatrix(m, n, out);
    }
}
