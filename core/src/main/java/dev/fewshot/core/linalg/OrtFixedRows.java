package dev.fewshot.core.linalg;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * X held in native memory for a solver's repeated X·Wᵀ and Pᵀ·X, on the same ONNX Runtime sessions
 * as {@link OrtGemm#mulTransB} and {@link OrtGemm#mulTransA} (so the same bits: MLAS rows do not
 * depend on how many rows a call has, at or above {@link OrtGemm#MIN_ROWS}). Per call only W (or
 * the C×D result) and the N×C logits cross between the Java heap and native memory, into buffers
 * allocated once: the generic path copied X and allocated a new N×C native buffer on every call,
 * which cost as much as the product at 1000 classes. One caller at a time.
 */
final class OrtFixedRows implements Gemm.FixedRows {
    private final OrtGemm parent;
    private final int n, d, padded;
    private final FloatBuffer x;
    private FloatBuffer wide = OrtGemm.Workspace.alloc(0);
    private FloatBuffer small = OrtGemm.Workspace.alloc(0);

    OrtFixedRows(OrtGemm parent, FloatMatrix x) {
        this.parent = parent;
        this.n = x.rows();
        this.d = x.cols();
        if (n == 0 || d == 0) {
            throw new IllegalArgumentException("empty row matrix " + x);
        }
        this.padded = Math.max(n, parent.minRows());
        this.x = OrtGemm.Workspace.alloc((long) padded * d);
        this.x.put(x.data(), 0, n * d);
    }

    @Override
    public void mulTransB(FloatMatrix w, float[] out) {
        if (w.cols() != d) {
            throw new IllegalArgumentException("shape mismatch for X·Wᵀ: X " + n + "x" + d + " and W " + w);
        }
        int c = w.rows();
        if ((long) n * c > out.length) {
            throw new IllegalArgumentException("output has " + out.length + " floats, X·Wᵀ needs " + n + "x" + c);
        }
        FloatBuffer wb = small(c * d).put(w.data(), 0, c * d).rewind();
        FloatBuffer yb = wide((long) padded * c);
        parent.runFixed(true, view(x, padded * d), new long[] {padded, d}, wb, new long[] {c, d}, yb,
                new long[] {padded, c});
        yb.rewind().get(out, 0, n * c);
    }

    @Override
    public FloatMatrix transAMul(float[] p, int width) {
        if ((long) n * width > p.length) {
            throw new IllegalArgumentException("P has " + p.length + " floats, expected " + n + "x" + width);
        }
        // As OrtGemm.mulTransA: output rows below MIN_ROWS are padded with zero columns of P.
        int wp = Math.max(width, parent.minRows());
        FloatBuffer pb = wide((long) n * wp);
        if (wp == width) {
            pb.put(p, 0, n * width);
        } else {
            float[] zeros = new float[wp - width];
            for (int r = 0; r < n; r++) {
                pb.put(p, r * width, width).put(zeros);
            }
        }
        FloatBuffer yb = small(wp * d);
        parent.runFixed(false, pb.rewind(), new long[] {n, wp}, view(x, n * d), new long[] {n, d}, yb,
                new long[] {wp, d});
        float[] out = new float[width * d];
        yb.rewind().get(out, 0, width * d);
        return new FloatMatrix(width, d, out);
    }

    private FloatBuffer wide(long floats) {
        if (wide.capacity() < floats) {
            wide = OrtGemm.Workspace.alloc(floats);
        }
        return view(wide, Math.toIntExact(floats));
    }

    private FloatBuffer small(int floats) {
        if (small.capacity() < floats) {
            small = OrtGemm.Workspace.alloc(floats);
        }
        return view(small, floats);
    }

    private static FloatBuffer view(FloatBuffer buf, int len) {
        return buf.duplicate().clear().limit(len).slice();
    }

    @Override
    public void close() {
        // Direct buffers are freed by the garbage collector; nothing native is held beyond them.
    }
}
