package dev.fewshot.core.linalg;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Map;

/**
 * {@link RowSoftmax} on ONNX Runtime: ArgMax, then Softmax (MLAS's vectorised exp), the arg entry zeroed and the rest
 * summed ({@link OnnxGraphs#rowSoftmax}), in blocks of at most {@link #BLOCK_ROWS} rows; {@link #rest} turns that into
 * Σ_{j≠arg} exp(z_j − z_arg) within 1e-6 of the double reference (RowReductionsTest). Rows below
 * {@link #FLOAT_FLOOR} (so confident that float probabilities go subnormal, and would tie at 0 where double still
 * orders them) and rows that are not finite (a logit of ±∞ or NaN) are reduced by the reference instead.
 */
public final class OrtRowSoftmax implements RowSoftmax {
    /**
     * Rows per native call (8 MB at 1000 classes). Measured per 2048 × 1000 logits: 3.6 ms in blocks of 256 (the
     * per-call cost of six operators dominates), 2.3 ms in one block; the Java reference takes 6.3 ms.
     */
    static final int BLOCK_ROWS = 2048;

    /**
     * The smallest rest trusted from float: below 1.2e-38 float probabilities are subnormal, and 999 of them then
     * change a rest of 1e-25 by at most 1e-10, relative.
     */
    static final double FLOAT_FLOOR = 1e-25;

    /** Floats per block at most (16 MB), so very many classes take fewer rows per call, not more memory. */
    static final long BLOCK_FLOATS = 4L << 20;

    private final OrtGemm parent;
    private final OrtSession session;
    private final NativeLifecycle lifecycle = new NativeLifecycle("OrtRowSoftmax");
    private final int classes;
    private final double scale;
    private final boolean scaled;
    private final RowSoftmax reference;

    OrtRowSoftmax(OrtGemm parent, int classes, double scale) throws OrtException {
        this.parent = parent;
        this.classes = classes;
        this.scale = scale;
        this.scaled = !Double.isNaN(scale);
        this.reference = RowSoftmax.java(classes, scale);
        this.session = parent.newSession(OnnxGraphs.rowSoftmax(classes, scaled ? (float) scale : null));
    }

    @Override
    public void apply(float[] z, int m, int[] arg, double[] rest, double[] restScaled) {
        if ((long) m * classes > z.length || arg.length < m || rest.length < m
                || restScaled != null && (!scaled || restScaled.length < m)) {
            throw new IllegalArgumentException("row softmax of " + m + " rows × " + classes + " classes: arrays too"
                    + " small, or a scaled sum asked of a softmax without a scale");
        }
        if (classes == 1) { // nothing to sum: the reference's answer whatever the logit
            java.util.Arrays.fill(arg, 0, m, 0);
            java.util.Arrays.fill(rest, 0, m, 0.0);
            if (restScaled != null) {
                java.util.Arrays.fill(restScaled, 0, m, 0.0);
            }
            return;
        }
        int rowsPerCall = blockRows(classes);
        int block = Math.max(Math.min(m, rowsPerCall), parent.minRows());
        lifecycle.enter();
        OrtGemm.Workspace ws = null;
        try {
            ws = parent.take((long) block * classes, 0, 0);
            for (int r0 = 0; r0 < m; r0 += rowsPerCall) {
                reduce(z, r0, Math.min(rowsPerCall, m - r0), ws.a(block * classes), arg, rest, restScaled);
            }
        } finally {
            parent.give(ws);
            lifecycle.exit();
        }
    }

    /** Rows per native call for this many classes: {@link #BLOCK_ROWS}, fewer where a block would pass 16 MB. */
    static int blockRows(int classes) {
        return (int) Math.max(1, Math.min(BLOCK_ROWS, BLOCK_FLOATS / classes));
    }

    /**
     * One block: rows [r0, r0 + rows) through the graph, copied into {@code in} (a pooled direct buffer) and
     * zero-padded to {@link OrtGemm#MIN_ROWS} rows, so the row sums' product always takes MLAS's regular kernel.
     */
    private void reduce(float[] z, int r0, int rows, FloatBuffer in, int[] arg, double[] rest, double[] restScaled) {
        int padded = Math.max(rows, parent.minRows());
        in.put(z, r0 * classes, rows * classes);
        for (int i = rows * classes; i < padded * classes; i++) {
            in.put(0f);
        }
        in.flip();
        try (OnnxTensor t = OnnxTensor.createTensor(parent.env(), in, new long[] {padded, classes});
             OrtSession.Result out = session.run(Map.of("Z", t))) {
            Outputs o = new Outputs(out, restScaled != null);
            for (int i = 0; i < rows; i++) {
                int row = r0 + i;
                o.read(i, row, arg, rest, restScaled);
                if (needsReference(rest[row], restScaled == null ? 1 : restScaled[row], z[row * classes + arg[row]])) {
                    referenceRow(z, row, arg, rest, restScaled);
                }
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime row softmax failed", e);
        }
    }

    /** The reductions' outputs of one run of either graph (A, PA, R, and QA when scaled), read row by row. */
    static final class Outputs {
        private final LongBuffer a;
        private final FloatBuffer pa;
        private final FloatBuffer r;
        private final FloatBuffer qa;

        Outputs(OrtSession.Result out, boolean scaled) throws OrtException {
            this.a = ((OnnxTensor) output(out, "A")).getLongBuffer();
            this.pa = floats(out, "PA");
            this.r = floats(out, "R");
            this.qa = scaled ? floats(out, "QA") : null;
        }

        /** Row i's argmax, rest and (when scaled) MCM rest, into slot {@code slot} of the arrays. */
        void read(int i, int slot, int[] arg, double[] rest, double[] restScaled) {
            arg[slot] = (int) a.get(i);
            rest[slot] = OrtRowSoftmax.rest(r.get(i), pa.get(i));
            if (restScaled != null) {
                restScaled[slot] = restFromTotal(qa.get(i));
            }
        }

        static FloatBuffer floats(OrtSession.Result out, String name) throws OrtException {
            return ((OnnxTensor) output(out, name)).getFloatBuffer();
        }

        private static OnnxValue output(OrtSession.Result out, String name) {
            return out.get(name).orElseThrow(() -> new IllegalStateException("no output " + name));
        }
    }

    /**
     * Whether a row is outside what float keeps to 1e-6: a sum NaN, ∞ or below {@link #FLOAT_FLOOR}, or a top logit
     * that is not finite (checked apart, whatever a kernel makes of NaN).
     */
    static boolean needsReference(double rest, double restScaled, float maxLogit) {
        return !(rest >= FLOAT_FLOOR && rest < Double.POSITIVE_INFINITY && restScaled >= FLOAT_FLOOR
                && restScaled < Double.POSITIVE_INFINITY && Float.isFinite(maxLogit));
    }

    /**
     * Σ_{j≠a} exp(z_j − z_a) = R/p_a from the graph's float outputs: the other entries' sum R and the softmax at the
     * top p_a; it keeps rest's relative precision however confident the row. (Tried: (1 − p_a)/p_a, from MLAS's
     * vectorised softmax sum, where p_a ≤ 0.99: no better on 50,000 near-uniform rows of 1000 classes, 5.6e-7 off
     * double either way, the float exp's error; worse on CLIP-like rows, 5.3e-7 against 4.2e-7.) NaN where p_a is 0
     * or an output is not finite.
     */
    static double rest(float restSum, float atArg) {
        return atArg > 0 && Float.isFinite(restSum) && Float.isFinite(atArg) ? (double) restSum / atArg : Double.NaN;
    }

    /** Σ_{j≠a} q_j / q_a from the softmax summing to 1: (1 − q_a)/q_a, in double; NaN where q_a is 0 or NaN. */
    static double restFromTotal(float atArg) {
        return atArg > 0 ? (1.0 - atArg) / atArg : Double.NaN;
    }


    private void referenceRow(float[] z, int row, int[] arg, double[] rest, double[] restScaled) {
        float[] one = java.util.Arrays.copyOfRange(z, row * classes, (row + 1) * classes);
        int[] a = new int[1];
        double[] r = new double[1];
        double[] rs = restScaled == null ? null : new double[1];
        reference.apply(one, 1, a, r, rs);
        arg[row] = a[0];
        rest[row] = r[0];
        if (restScaled != null) {
            restScaled[row] = rs[0];
        }
    }

    /** Releases the native session; waits for calls in progress. Idempotent. */
    @Override
    public void close() {
        lifecycle.close(() -> { }, session);
    }
}
