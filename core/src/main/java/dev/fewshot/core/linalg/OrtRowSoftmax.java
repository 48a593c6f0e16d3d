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
 * summed ({@link OnnxGraphs#rowSoftmax}); rest = Σ_{j≠arg} p_j / p_arg, in blocks of {@link #BLOCK_ROWS} rows. In float,
 * rest is within about 1e-6 of the double reference, relative (RowReductionsTest), down to {@link #FLOAT_FLOOR}.
 * Rows below it (so confident that float probabilities go subnormal, and would tie at 0 where double still orders
 * them) and rows that are not finite (logits of ±∞ or NaN) are reduced by the reference instead.
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

    private final OrtGemm parent;
    private final OrtSession session;
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
        int block = Math.max(Math.min(m, BLOCK_ROWS), parent.minRows());
        OrtGemm.Workspace ws = parent.take((long) block * classes, 0, 0);
        try {
            for (int r0 = 0; r0 < m; r0 += BLOCK_ROWS) {
                reduce(z, r0, Math.min(BLOCK_ROWS, m - r0), ws.a(block * classes), arg, rest, restScaled);
            }
        } finally {
            parent.give(ws);
        }
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
            LongBuffer a = ((OnnxTensor) out.get("A").orElseThrow()).getLongBuffer();
            FloatBuffer pa = floats(out, "PA"), r = floats(out, "R");
            FloatBuffer qa = restScaled != null ? floats(out, "QA") : null;
            for (int i = 0; i < rows; i++) {
                int row = r0 + i;
                arg[row] = (int) a.get(i);
                rest[row] = ratio(r.get(i), pa.get(i));
                if (restScaled != null) {
                    restScaled[row] = restFromTotal(qa.get(i));
                }
                if (needsReference(rest[row], restScaled == null ? 1 : restScaled[row])) {
                    referenceRow(z, row, arg, rest, restScaled);
                }
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime row softmax failed", e);
        }
    }

    private static FloatBuffer floats(OrtSession.Result out, String name) throws OrtException {
        OnnxValue v = out.get(name).orElseThrow(() -> new IllegalStateException("no output " + name));
        return ((OnnxTensor) v).getFloatBuffer();
    }

    /** Whether a row's float sums are outside what float keeps to 1e-6 (NaN, ∞, or below {@link #FLOAT_FLOOR}). */
    static boolean needsReference(double rest, double restScaled) {
        return !(rest >= FLOAT_FLOOR && rest < Double.POSITIVE_INFINITY && restScaled >= FLOAT_FLOOR
                && restScaled < Double.POSITIVE_INFINITY);
    }

    /** Σ_{j≠a} q_j / q_a from the softmax summing to 1: (1 − q_a)/q_a, in double; NaN where q_a is 0 or NaN. */
    static double restFromTotal(float atArg) {
        return atArg > 0 ? (1.0 - atArg) / atArg : Double.NaN;
    }

    /** Σ_{j≠a} p_j / p_a = Σ_{j≠a} exp(z_j − z_a); NaN where p_a is 0 or either is not finite. */
    static double ratio(float restSum, float atArg) {
        return atArg > 0 && Float.isFinite(restSum) ? (double) restSum / atArg : Double.NaN;
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

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException ignored) {
            // nothing useful to do at close
        }
    }
}
