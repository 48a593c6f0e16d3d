package dev.fewshot.core.linalg;

/**
 * Scoring rows against a head whose logits are one product and an affine step, z = s·(x·Wᵀ) + b, reduced per row as
 * {@link RowSoftmax} does, without handing the logits back: the argmax, the logit there, and the sums of
 * exp(z_j − z_max) over the other classes (at scale 1, and at MCM's scale when asked). Prepared by
 * {@link Gemm#prepareScoring}; results are chunk-invariant and deterministic, and equal, bit for bit, to the same
 * kernel set's {@link Gemm#prepareTransB} product, {@link #affine} step and {@link Gemm#rowSoftmax}.
 */
public interface RowScoring extends AutoCloseable {

    /**
     * Scores rows [from, from + rows) of x (row-major, D per row); outputs are written from index 0.
     *
     * @param restScaled the sums at MCM's scale, or null when none was prepared
     */
    void apply(FloatMatrix x, int from, int rows, int[] arg, float[] maxLogit, double[] rest, double[] restScaled);

    @Override
    void close();

    /** z ← s·z + b in place, row-major with b.length columns (s NaN: no scale; b null: no bias). */
    static void affine(float[] z, int rows, int cols, float scale, float[] bias) {
        if (!Float.isNaN(scale)) {
            for (int i = 0; i < rows * cols; i++) {
                z[i] *= scale;
            }
        }
        if (bias != null) {
            for (int i = 0; i < rows; i++) {
                int base = i * cols;
                for (int j = 0; j < cols; j++) {
                    z[base + j] += bias[j];
                }
            }
        }
    }

    /** The unfused route, for any kernel set: the product, the affine step in Java, then {@link Gemm#rowSoftmax}. */
    static RowScoring unfused(Gemm gemm, FloatMatrix w, float scale, float[] bias, double mcmScale) {
        Gemm.Prepared product = gemm.prepareTransB(w);
        RowSoftmax softmax = gemm.rowSoftmax(w.rows(), mcmScale);
        return new RowScoring() {
            @Override
            public void apply(FloatMatrix x, int from, int rows, int[] arg, float[] maxLogit, double[] rest,
                              double[] restScaled) {
                FloatMatrix z = product.apply(x.rowRange(from, from + rows));
                int c = w.rows();
                affine(z.data(), rows, c, scale, bias);
                softmax.apply(z.data(), rows, arg, rest, restScaled);
                for (int i = 0; i < rows; i++) {
                    maxLogit[i] = z.data()[i * c + arg[i]];
                }
            }

            @Override
            public void close() {
                product.close();
                softmax.close();
            }
        };
    }
}
