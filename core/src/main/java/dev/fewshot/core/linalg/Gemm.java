package dev.fewshot.core.linalg;

/**
 * Single-precision matrix products, the hot path of fitting and scoring. Implementations must be
 * deterministic: the same inputs give bit-identical outputs, and row i of the result depends only
 * on row i of {@code a} (so scoring in chunks gives the same numbers as scoring all at once).
 */
public interface Gemm {

    /** Returns A · Bᵀ, where A is m×k and B is n×k; the result is m×n. */
    FloatMatrix mulTransB(FloatMatrix a, FloatMatrix b);

    /** Returns Aᵀ · B, where A is m×k and B is m×n; the result is k×n. */
    FloatMatrix mulTransA(FloatMatrix a, FloatMatrix b);

    /** Returns A · B, where A is m×k and B is k×n; the result is m×n. */
    FloatMatrix mul(FloatMatrix a, FloatMatrix b);

    /** Short name for logs and benchmark reports. */
    String name();

    /**
     * Prepares B for many products A · Bᵀ with the same B (a head's weights, scored chunk by
     * chunk). Implementations may prepack B; results are deterministic and chunk-invariant but
     * need not equal {@link #mulTransB} bit for bit, so scoring always goes through this path.
     */
    default Prepared prepareTransB(FloatMatrix b) {
        return new Prepared() {
            @Override
            public FloatMatrix apply(FloatMatrix a) {
                return mulTransB(a, b);
            }

            @Override
            public void close() {
            }
        };
    }

    /**
     * Fixes X (N×D) for the two products an iterative solver repeats on it: X·Wᵀ and Pᵀ·X. Results are
     * bit-identical to {@link #mulTransB}(X, W) and {@link #mulTransA}(P, X); implementations may keep X
     * and their work buffers in native memory so that an iteration copies and allocates nothing large.
     */
    default FixedRows fixRows(FloatMatrix x) {
        return new FixedRows() {
            @Override
            public void mulTransB(FloatMatrix w, float[] out) {
                float[] z = Gemm.this.mulTransB(x, w).data();
                System.arraycopy(z, 0, out, 0, z.length);
            }

            @Override
            public FloatMatrix transAMul(float[] p, int width) {
                return mulTransA(new FloatMatrix(x.rows(), width, p), x);
            }

            @Override
            public void close() {
            }
        };
    }

    /**
     * The per-row softmax reductions of scoring for logits of {@code classes} columns ({@link RowSoftmax}), with a
     * second scale for MCM or NaN for none. Scoring reduces through this, so one kernel set gives one set of values.
     */
    default RowSoftmax rowSoftmax(int classes, double scale) {
        return RowSoftmax.java(classes, scale);
    }

    /**
     * Prepares scoring against logits z = s·(x·Wᵀ) + b (s NaN: none; b null: none), reduced per row as
     * {@link #rowSoftmax} does, with MCM's scale or NaN ({@link RowScoring}). Implementations may fuse the product
     * and the reductions; the values must equal {@link RowScoring#unfused} on this kernel set bit for bit.
     */
    default RowScoring prepareScoring(FloatMatrix w, float scale, float[] bias, double mcmScale) {
        return RowScoring.unfused(this, w, scale, bias, mcmScale);
    }

    /** A left-hand operand fixed by {@link #fixRows}. Close it to free native memory. */
    interface FixedRows extends AutoCloseable {
        /** Writes X·Wᵀ (N × W.rows, row-major) into out[0, N·W.rows). */
        void mulTransB(FloatMatrix w, float[] out);

        /** Returns Pᵀ·X (width × D), P given as N rows of {@code width} floats. */
        FloatMatrix transAMul(float[] p, int width);

        @Override
        void close();
    }

    /** A right-hand operand prepared by {@link #prepareTransB}. Close it to free native memory. */
    interface Prepared extends AutoCloseable {
        /** Returns A · Bᵀ. */
        FloatMatrix apply(FloatMatrix a);

        @Override
        void close();
    }
}
