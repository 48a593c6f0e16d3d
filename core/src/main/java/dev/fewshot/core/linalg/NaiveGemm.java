package dev.fewshot.core.linalg;

/**
 * Straightforward triple-loop products with double accumulation. Slow; the reference that the
 * fast kernels are tested against.
 */
public final class NaiveGemm implements Gemm {

    @Override
    public FloatMatrix mulTransB(FloatMatrix a, FloatMatrix b) {
        check(a.cols() == b.cols(), "A·Bᵀ", a, b);
        int m = a.rows(), k = a.cols(), n = b.rows();
        float[] x = a.data(), y = b.data(), out = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += (double) x[i * k + p] * y[j * k + p];
                }
                out[i * n + j] = (float) s;
            }
        }
        return new FloatMatrix(m, n, out);
    }

    @Override
    public FloatMatrix mulTransA(FloatMatrix a, FloatMatrix b) {
        check(a.rows() == b.rows(), "Aᵀ·B", a, b);
        return mul(a.transpose(), b);
    }

    @Override
    public FloatMatrix mul(FloatMatrix a, FloatMatrix b) {
        check(a.cols() == b.rows(), "A·B", a, b);
        return mulTransB(a, b.transpose());
    }

    @Override
    public String name() {
        return "naive";
    }

    static void check(boolean ok, String op, FloatMatrix a, FloatMatrix b) {
        if (!ok) {
            throw new IllegalArgumentException("shape mismatch for " + op + ": " + a + " and " + b);
        }
    }
}
