package dev.fewshot.core.linalg;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * A·Wᵀ against a fixed weight matrix W (n×k), for scoring many rows against one head. Wᵀ is baked
 * into an ONNX MatMul graph as a constant initializer, so ONNX Runtime prepacks it once (about 10-15%
 * faster than {@link OrtGemm#mulTransB} on 50,000×512 · 1000×512, see docs/benchmarks.md), and
 * {@link #applyRows} writes straight into a caller's array, avoiding the per-call allocations of
 * the {@link Gemm} interface.
 *
 * <p>W is copied at creation: later changes to the matrix are not seen. Thread-safe; close it
 * when the head is dropped (it holds a native session of about 4·n·k bytes).
 *
 * <p>Deterministic and chunk-invariant (row i depends only on row i of A; small chunks are
 * zero-padded to {@link OrtGemm#MIN_ROWS} rows), but the prepacked kernel may round differently
 * from {@link OrtGemm#mulTransB}: do not mix the two for the same scores.
 */
public final class OrtPreparedTransB implements Gemm.Prepared {

    private final OrtGemm parent;
    private final OrtSession session;
    private final int n;
    private final int k;
    private final NativeLifecycle lifecycle = new NativeLifecycle("OrtPreparedTransB");

    OrtPreparedTransB(OrtGemm parent, FloatMatrix w) throws OrtException {
        this.parent = parent;
        this.n = w.rows();
        this.k = w.cols();
        if (n == 0 || k == 0) {
            throw new IllegalArgumentException("empty weight matrix " + w);
        }
        // MatMul on Wᵀ measured a little faster than Gemm(transB=1) with W as the initializer.
        this.session = parent.newSession(OnnxGraphs.matMul(
                new Long[] {null, (long) k}, new Long[] {(long) k, (long) n}, w.transpose().data()));
    }

    /** Rows of W (the output width). */
    public int outputCols() {
        return n;
    }

    /** Columns of W (the required input width). */
    public int inputCols() {
        return k;
    }

    /** Returns A·Wᵀ (m×n) for A m×k. */
    public FloatMatrix apply(FloatMatrix a) {
        if (a.cols() != k) {
            throw new IllegalArgumentException("shape mismatch for A·Wᵀ: " + a + " and W " + n + "x" + k);
        }
        float[] out = new float[Math.multiplyExact(a.rows(), n)];
        applyRows(a.data(), 0, a.rows(), out, 0);
        return new FloatMatrix(a.rows(), n, out);
    }

    /**
     * Writes rows [fromRow, toRow) of A·Wᵀ into {@code out} starting at {@code outOffset}
     * (row-major, n floats per row). {@code a} is row-major with k floats per row.
     */
    public void applyRows(float[] a, int fromRow, int toRow, float[] out, int outOffset) {
        if (fromRow < 0 || toRow < fromRow || (long) toRow * k > a.length) {
            throw new IllegalArgumentException("rows [" + fromRow + ", " + toRow + ") out of range for "
                    + a.length / k + " rows of width " + k);
        }
        int m = toRow - fromRow;
        if ((long) outOffset + (long) m * n > out.length || outOffset < 0) {
            throw new IllegalArgumentException("output array too small");
        }
        if (m == 0) {
            return;
        }
        int minRows = parent.minRows();
        int chunk = Math.min(parent.chunkRows(k, n), Math.max(m, minRows));
        lifecycle.enter();
        OrtGemm.Workspace ws = null;
        try {
            ws = parent.take((long) chunk * k, 0, (long) chunk * n);
            for (int r0 = 0; r0 < m; r0 += chunk) {
                int rows = Math.min(chunk, m - r0);
                int padded = Math.max(rows, minRows);
                FloatBuffer ab = ws.a(padded * k);
                ab.put(a, (fromRow + r0) * k, rows * k);
                for (int i = rows * k; i < padded * k; i++) {
                    ab.put(0f);
                }
                ab.rewind();
                FloatBuffer yb = ws.y(padded * n);
                try (OnnxTensor ta = OnnxTensor.createTensor(parent.env(), ab, new long[] {padded, k});
                     OnnxTensor ty = OnnxTensor.createTensor(parent.env(), yb, new long[] {padded, n});
                     OrtSession.Result ignored = session.run(Map.of("A", ta), Map.of("Y", ty))) {
                    yb.rewind().get(out, outOffset + r0 * n, rows * n);
                } catch (OrtException e) {
                    throw new IllegalStateException("ONNX Runtime Gemm failed", e);
                }
            }
        } finally {
            parent.give(ws);
            lifecycle.exit();
        }
    }

    /** Releases the native session; waits for calls in progress. Idempotent. */
    @Override
    public void close() {
        lifecycle.close(() -> { }, session);
    }
}
