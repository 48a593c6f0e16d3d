package dev.fewshot.core.linalg;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * {@link RowScoring} in one ONNX Runtime graph ({@link OnnxGraphs#scoring}): the prepacked product, the affine step
 * and the {@link OrtRowSoftmax} reductions run where the logits are computed, so the logits are neither copied to
 * the Java heap nor back (docs/benchmarks.md, "Whole scoring"). The graph runs without ORT's graph optimisations, so
 * MatMul, Mul and Add stay separate kernels and Z is bit for bit the product and affine step of the unfused route.
 * Rows are zero-padded to {@link OrtGemm#MIN_ROWS} as {@link OrtPreparedTransB} does. Rows whose float sums are not
 * to be trusted ({@link OrtRowSoftmax#needsReference}: very confident, or not finite) are scored again, together, by
 * the unfused route with the double-precision reductions.
 */
final class OrtRowScoring implements RowScoring {
    private final OrtGemm parent;
    private final OrtSession session;
    private final NativeLifecycle lifecycle = new NativeLifecycle("OrtRowScoring");
    private final FloatMatrix w;
    private final float scale;
    private final float[] bias;
    private final double mcmScale;
    private final int dim;
    private final int classes;
    /** The unfused route with the reference reductions, made on first need. */
    private RowScoring reference;

    OrtRowScoring(OrtGemm parent, FloatMatrix w, float scale, float[] bias, double mcmScale) throws OrtException {
        if (w.rows() == 0 || w.cols() == 0) {
            throw new IllegalArgumentException("empty weight matrix " + w);
        }
        if (bias != null && bias.length != w.rows()) {
            throw new IllegalArgumentException("bias has " + bias.length + " entries for " + w.rows() + " classes");
        }
        this.parent = parent;
        this.w = new FloatMatrix(w.rows(), w.cols(), w.data().clone()); // the fallback must see the graph's weights
        this.scale = scale;
        this.bias = bias == null ? null : bias.clone();
        this.mcmScale = mcmScale;
        this.dim = w.cols();
        this.classes = w.rows();
        this.session = parent.newSession(OnnxGraphs.scoring(dim, classes, w.transpose().data(),
                Float.isNaN(scale) ? null : scale, this.bias, Double.isNaN(mcmScale) ? null : (float) mcmScale),
                OrtSession.SessionOptions.OptLevel.NO_OPT);
    }

    @Override
    public void apply(FloatMatrix x, int from, int rows, int[] arg, float[] maxLogit, double[] rest,
                      double[] restScaled) {
        if (x.cols() != dim) {
            throw new IllegalArgumentException("rows have " + x.cols() + " dims, the weights " + dim);
        }
        if (from < 0 || rows < 0 || from + rows > x.rows() || arg.length < rows || maxLogit.length < rows
                || rest.length < rows || restScaled != null && (Double.isNaN(mcmScale) || restScaled.length < rows)) {
            throw new IllegalArgumentException("scoring rows [" + from + ", " + (from + rows) + ") of " + x.rows()
                    + ": out of range, output arrays too small, or MCM sums asked of scoring without MCM");
        }
        if (rows == 0) {
            return;
        }
        int padded = Math.max(rows, parent.minRows());
        lifecycle.enter();
        OrtGemm.Workspace ws = null;
        try {
            ws = parent.take((long) padded * dim, 0, 0);
            FloatBuffer in = ws.a(padded * dim);
            in.put(x.data(), from * dim, rows * dim);
            for (int i = rows * dim; i < padded * dim; i++) {
                in.put(0f);
            }
            in.flip();
            try (OnnxTensor t = OnnxTensor.createTensor(parent.env(), in, new long[] {padded, dim});
                 OrtSession.Result out = session.run(Map.of("X", t))) {
                OrtRowSoftmax.Outputs o = new OrtRowSoftmax.Outputs(out, restScaled != null);
                FloatBuffer za = OrtRowSoftmax.Outputs.floats(out, "ZA");
                int[] redo = new int[rows];
                int redoCount = 0;
                for (int i = 0; i < rows; i++) {
                    o.read(i, i, arg, rest, restScaled);
                    maxLogit[i] = za.get(i);
                    if (classes == 1) { // nothing to sum: the reference's answer whatever the logit
                        rest[i] = 0;
                        if (restScaled != null) {
                            restScaled[i] = 0;
                        }
                    } else if (OrtRowSoftmax.needsReference(rest[i], restScaled == null ? 1 : restScaled[i],
                            maxLogit[i])) {
                        redo[redoCount++] = i;
                    }
                }
                if (redoCount > 0) {
                    byReference(x, from, java.util.Arrays.copyOf(redo, redoCount), arg, maxLogit, rest, restScaled);
                }
            } catch (OrtException e) {
                throw new IllegalStateException("ONNX Runtime scoring failed", e);
            }
        } finally {
            parent.give(ws);
            lifecycle.exit();
        }
    }

    /** Rows {@code from + redo[i]} of x again, through the unfused route with the reference reductions. */
    private synchronized void byReference(FloatMatrix x, int from, int[] redo, int[] arg, float[] maxLogit,
                                          double[] rest, double[] restScaled) {
        int[] rows = new int[redo.length];
        for (int i = 0; i < redo.length; i++) {
            rows[i] = from + redo[i];
        }
        int n = redo.length;
        int[] a = new int[n];
        float[] m = new float[n];
        double[] r = new double[n];
        double[] rs = restScaled == null ? null : new double[n];
        if (reference == null) {
            reference = RowScoring.unfused(new JavaReductions(parent), w, scale, bias, mcmScale);
        }
        reference.apply(x.selectRows(rows), 0, n, a, m, r, rs);
        for (int i = 0; i < n; i++) {
            arg[redo[i]] = a[i];
            maxLogit[redo[i]] = m[i];
            rest[redo[i]] = r[i];
            if (restScaled != null) {
                restScaled[redo[i]] = rs[i];
            }
        }
    }

    /** Releases the native sessions; waits for calls in progress. Idempotent. */
    @Override
    public void close() {
        lifecycle.close(() -> {
            synchronized (this) {
                if (reference != null) {
                    reference.close();
                }
            }
        }, session);
    }
}
