package dev.fewshot.core.heads.cache;

import dev.fewshot.core.heads.SupportRows;
import dev.fewshot.core.heads.HeadKind;
import dev.fewshot.core.linalg.FloatMatrix;
import dev.fewshot.core.linalg.Gemm;
import java.nio.ByteBuffer;

/**
 * Tip-Adapter's training-free cache model (Zhang et al., ECCV 2022):
 * {@code logits = 100·x·Tᵀ + α · exp(−β(1 − x·Fᵀ)) · L}, with T the unit class text weights, F the unit support
 * rows (the cache keys) and L their one-hot labels (the cache values).
 */
public final class TipAdapterHead implements SupportRows {
    private final FloatMatrix textLogitWeights;
    private final FloatMatrix keys;
    private final int[] labels;
    private final double alpha;
    private final double beta;

    /**
     * @param textLogitWeights 100 · unit text weights, C×D
     * @param keys             unit support rows, N×D
     * @param labels           their classes, N
     */
    public TipAdapterHead(FloatMatrix textLogitWeights, FloatMatrix keys, int[] labels, double alpha, double beta) {
        if (keys.cols() != textLogitWeights.cols() || keys.rows() != labels.length) {
            throw new IllegalArgumentException("cache of " + keys.rows() + "x" + keys.cols() + " with " + labels.length
                    + " labels for text weights of dimension " + textLogitWeights.cols());
        }
        for (int y : labels) {
            if (y < 0 || y >= textLogitWeights.rows()) {
                throw new IllegalArgumentException("cache label " + y + " outside [0, " + textLogitWeights.rows() + ")");
            }
        }
        if (!(alpha >= 0) || !(beta >= 0) || Double.isInfinite(alpha) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("alpha and beta must be finite and >= 0, got " + alpha + ", " + beta);
        }
        this.textLogitWeights = textLogitWeights;
        this.keys = keys;
        this.labels = labels;
        this.alpha = alpha;
        this.beta = beta;
    }

    public double alpha() {
        return alpha;
    }

    public double beta() {
        return beta;
    }

    @Override
    public FloatMatrix supportKeys() {
        return keys;
    }

    @Override
    public HeadKind kind() {
        return HeadKind.TIP_ADAPTER;
    }

    @Override
    public int numClasses() {
        return textLogitWeights.rows();
    }

    @Override
    public int dim() {
        return textLogitWeights.cols();
    }

    @Override
    public Logits prepare(Gemm gemm) {
        Gemm.Prepared text = gemm.prepareTransB(textLogitWeights);
        Gemm.Prepared cache = gemm.prepareTransB(keys);
        return new Logits() {
            @Override
            public FloatMatrix of(FloatMatrix x) {
                FloatMatrix z = text.apply(x);
                if (alpha > 0 && keys.rows() > 0) {
                    addCache(z.data(), cache.apply(x).data(), x.rows(), numClasses(), labels, alpha, beta);
                }
                return z;
            }

            @Override
            public void close() {
                text.close();
                cache.close();
            }
        };
    }

    /**
     * Adds {@code α · Σ_j exp(−β(1 − a_ij)) · onehot(y_j)} to each row's logits; a holds the rows' affinities to
     * the cache keys. Summed in double, in key order, per row: the same numbers whatever the chunking.
     */
    static void addCache(float[] z, float[] a, int n, int c, int[] labels, double alpha, double beta) {
        int m = labels.length;
        double[] acc = new double[c];
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(acc, 0);
            int base = i * m;
            for (int j = 0; j < m; j++) {
                acc[labels[j]] += Math.exp(-beta * (1.0 - a[base + j]));
            }
            for (int k = 0; k < c; k++) {
                z[i * c + k] = (float) (z[i * c + k] + alpha * acc[k]);
            }
        }
    }

    @Override
    public int payloadBytes() {
        return 4 * 3 + 8 * 2 + 4 * (textLogitWeights.data().length + keys.data().length + labels.length);
    }

    @Override
    public void writePayload(ByteBuffer out) {
        out.putInt(numClasses()).putInt(dim()).putInt(keys.rows()).putDouble(alpha).putDouble(beta);
        for (float v : textLogitWeights.data()) {
            out.putFloat(v);
        }
        for (float v : keys.data()) {
            out.putFloat(v);
        }
        for (int y : labels) {
            out.putInt(y);
        }
    }

    /** Reads what {@link #writePayload} wrote (the codec's header already consumed). */
    public static TipAdapterHead read(ByteBuffer in) {
        int c = in.getInt();
        int d = in.getInt();
        int n = in.getInt();
        if (c <= 0 || d <= 0 || n < 0 || ((long) c * d + (long) n * d + n) * 4 > in.remaining()) {
            throw new IllegalArgumentException("bad tip-adapter sizes " + c + "x" + d + ", cache " + n);
        }
        double alpha = in.getDouble();
        double beta = in.getDouble();
        float[] t = new float[c * d];
        for (int i = 0; i < t.length; i++) {
            t[i] = in.getFloat();
        }
        float[] f = new float[n * d];
        for (int i = 0; i < f.length; i++) {
            f[i] = in.getFloat();
        }
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = in.getInt();
        }
        return new TipAdapterHead(new FloatMatrix(c, d, t), new FloatMatrix(n, d, f), y, alpha, beta);
    }
}
