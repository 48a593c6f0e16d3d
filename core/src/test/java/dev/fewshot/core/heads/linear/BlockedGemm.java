package dev.fewshot.core.heads.linear;

import dev.fewshot.core.linalg.FloatMatrix;
import dev.fewshot.core.linalg.Gemm;
import java.util.stream.IntStream;

/**
 * A test-only blocked, multithreaded float Gemm, fast enough for the larger tests. Each output
 * element is accumulated by one thread in a fixed order, so results are deterministic.
 */
final class BlockedGemm implements Gemm {
    private static final int ROWS = 8, COLS = 256, PANEL = 64;

    @Override
    public FloatMatrix mulTransB(FloatMatrix a, FloatMatrix b) {
        check(a.cols() == b.cols());
        return times(a, b.transpose());
    }

    @Override
    public FloatMatrix mul(FloatMatrix a, FloatMatrix b) {
        check(a.cols() == b.rows());
        return times(a, b);
    }

    @Override
    public FloatMatrix mulTransA(FloatMatrix a, FloatMatrix b) {
        check(a.rows() == b.rows());
        int m = a.rows(), k = a.cols(), n = b.cols();
        float[] x = a.data(), y = b.data(), out = new float[k * n];
        IntStream.range(0, (k + PANEL - 1) / PANEL).parallel().forEach(blk -> {
            int p1 = Math.min(k, (blk + 1) * PANEL);
            for (int i = 0; i < m; i++) {
                int yb = i * n;
                for (int p = blk * PANEL; p < p1; p++) {
                    float s = x[i * k + p];
                    if (s != 0) {
                        int ob = p * n;
                        for (int j = 0; j < n; j++) {
                            out[ob + j] += s * y[yb + j];
                        }
                    }
                }
            }
        });
        return new FloatMatrix(k, n, out);
    }

    /** A (m×k) · B (k×n). */
    private static FloatMatrix times(FloatMatrix a, FloatMatrix b) {
        int m = a.rows(), k = a.cols(), n = b.cols();
        float[] x = a.data(), y = b.data(), out = new float[m * n];
        IntStream.range(0, (m + ROWS - 1) / ROWS).parallel().forEach(blk -> {
            int i1 = Math.min(m, (blk + 1) * ROWS);
            for (int j0 = 0; j0 < n; j0 += COLS) {
                int j1 = Math.min(n, j0 + COLS);
                for (int i = blk * ROWS; i < i1; i++) {
                    int ob = i * n;
                    for (int p = 0; p < k; p++) {
                        float s = x[i * k + p];
                        int yb = p * n;
                        for (int j = j0; j < j1; j++) {
                            out[ob + j] += s * y[yb + j];
                        }
                    }
                }
            }
        });
        return new FloatMatrix(m, n, out);
    }

    @Override
    public String name() {
        return "blocked-test";
    }

    private static void check(boolean ok) {
        if (!ok) {
            throw new IllegalArgumentException("shape mismatch");
        }
    }
}
