package dev.fewshot.core.linalg;

import java.util.Arrays;

/**
 * A dense row-major float32 matrix. Features, weights and logits all use this one shape so that
 * every kernel can work on a plain {@code float[]} without copies.
 */
public final class FloatMatrix {
    private final int rows;
    private final int cols;
    private final float[] data;

    public FloatMatrix(int rows, int cols) {
        this(rows, cols, new float[Math.multiplyExact(rows, cols)]);
    }

    public FloatMatrix(int rows, int cols, float[] data) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("negative shape " + rows + "x" + cols);
        }
        if (data.length != (long) rows * cols) {
            throw new IllegalArgumentException(
                    "data length " + data.length + " does not match shape " + rows + "x" + cols);
        }
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** The backing array, row-major. Shared, not copied. */
    public float[] data() {
        return data;
    }

    public float get(int r, int c) {
        return data[r * cols + c];
    }

    public void set(int r, int c, float v) {
        data[r * cols + c] = v;
    }

    public float[] row(int r) {
        return Arrays.copyOfRange(data, r * cols, (r + 1) * cols);
    }

    /** Copies rows [from, to) into a new matrix. */
    public FloatMatrix rowRange(int from, int to) {
        return new FloatMatrix(to - from, cols, Arrays.copyOfRange(data, from * cols, to * cols));
    }

    /** Gathers the given rows, in the given order, into a new matrix. */
    public FloatMatrix selectRows(int[] indices) {
        float[] out = new float[indices.length * cols];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(data, indices[i] * cols, out, i * cols, cols);
        }
        return new FloatMatrix(indices.length, cols, out);
    }

    public FloatMatrix transpose() {
        float[] out = new float[data.length];
        final int block = 64;
        for (int r0 = 0; r0 < rows; r0 += block) {
            int r1 = Math.min(rows, r0 + block);
            for (int c0 = 0; c0 < cols; c0 += block) {
                int c1 = Math.min(cols, c0 + block);
                for (int r = r0; r < r1; r++) {
                    for (int c = c0; c < c1; c++) {
                        out[c * rows + r] = data[r * cols + c];
                    }
                }
            }
        }
        return new FloatMatrix(cols, rows, out);
    }

    public FloatMatrix copy() {
        return new FloatMatrix(rows, cols, data.clone());
    }

    /**
     * Scales every row to unit L2 norm, in place. Norms are accumulated in double so that the
     * result does not depend on summation order quirks of float. Zero rows stay zero.
     */
    public FloatMatrix l2NormalizeRows() {
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            double s = 0;
            for (int c = 0; c < cols; c++) {
                double v = data[base + c];
                s += v * v;
            }
            if (s > 0) {
                double inv = 1.0 / Math.sqrt(s);
                for (int c = 0; c < cols; c++) {
                    data[base + c] = (float) (data[base + c] * inv);
                }
            }
        }
        return this;
    }

    /** ‖row‖² of every row, accumulated in double. */
    public double[] rowSquaredNorms() {
        double[] out = new double[rows];
        for (int i = 0; i < rows; i++) {
            double s = 0;
            for (int j = 0; j < cols; j++) {
                double v = data[i * cols + j];
                s += v * v;
            }
            out[i] = s;
        }
        return out;
    }

    @Override
    public String toString() {
        return "FloatMatrix[" + rows + "x" + cols + "]";
    }
}
