package dev.fewshot.core.heads;

import dev.fewshot.core.linalg.FloatMatrix;
import dev.fewshot.core.linalg.Gemm;
import dev.fewshot.core.linalg.RowScoring;
import java.nio.ByteBuffer;
import java.util.Optional;

/** A linear head: logits = W·x + b. The linear probes (plain or zero-shot-anchored), and gda's blend. */
public final class LinearHead implements AffineLogits {
    private final HeadKind kind;
    private final FloatMatrix weights;
    private final float[] bias;
    private final double c;
    private final SolverOutcome solver;

    /**
     * @param weights C×D
     * @param bias    C
     * @param c       its hyperparameter, kept for reports: the probes' regularisation strength C, gda's α
     * @param solver  how the fit ended (null when unknown: heads stored before format version 2)
     */
    public LinearHead(HeadKind kind, FloatMatrix weights, float[] bias, double c, SolverOutcome solver) {
        if (kind != HeadKind.LINEAR && kind != HeadKind.LINEAR_ZS && kind != HeadKind.GDA) {
            throw new IllegalArgumentException("a linear head is linear, linear-zs or gda, not " + kind);
        }
        if (bias.length != weights.rows()) {
            throw new IllegalArgumentException("bias has " + bias.length + " entries for " + weights.rows() + " classes");
        }
        this.kind = kind;
        this.weights = weights;
        this.bias = bias;
        this.c = c;
        this.solver = solver;
    }

    @Override
    public Optional<SolverOutcome> solver() {
        return Optional.ofNullable(solver);
    }

    public FloatMatrix weights() {
        return weights;
    }

    @Override
    public FloatMatrix logitWeights() {
        return weights;
    }

    @Override
    public float logitScale() {
        return Float.NaN;
    }

    @Override
    public float[] logitBias() {
        return bias;
    }

    public float[] bias() {
        return bias.clone();
    }

    public double regularisation() {
        return c;
    }

    @Override
    public HeadKind kind() {
        return kind;
    }

    @Override
    public int numClasses() {
        return weights.rows();
    }

    @Override
    public int dim() {
        return weights.cols();
    }

    @Override
    public Logits prepare(Gemm gemm) {
        Gemm.Prepared product = gemm.prepareTransB(weights);
        return new Logits() {
            @Override
            public FloatMatrix of(FloatMatrix x) {
                FloatMatrix z = product.apply(x);
                RowScoring.affine(z.data(), z.rows(), z.cols(), Float.NaN, bias);
                return z;
            }

            @Override
            public void close() {
                product.close();
            }
        };
    }

    @Override
    public int payloadBytes() {
        return 4 + 4 + 8 + 1 + 4 + 4 * weights.data().length + 4 * bias.length;
    }

    @Override
    public void writePayload(ByteBuffer out) {
        out.putInt(weights.rows()).putInt(weights.cols()).putDouble(c);
        // Stop code 0 = unknown; otherwise ordinal + 1.
        out.put((byte) (solver == null ? 0 : solver.stop().ordinal() + 1)).putInt(solver == null ? 0 : solver.iterations());
        HeadCodec.writeFloats(out, weights.data());
        HeadCodec.writeFloats(out, bias);
    }

    static LinearHead read(HeadKind kind, ByteBuffer in, int version) {
        int rows = in.getInt();
        int cols = in.getInt();
        double c = in.getDouble();
        SolverOutcome solver = null;
        if (version >= 2) {
            int code = Byte.toUnsignedInt(in.get());
            int iterations = in.getInt();
            SolverOutcome.Stop[] stops = SolverOutcome.Stop.values();
            if (code > stops.length || iterations < 0) {
                throw new IllegalArgumentException("bad solver outcome in a linear head: stop code " + code
                        + ", " + iterations + " iterations");
            }
            solver = code == 0 ? null : new SolverOutcome(stops[code - 1], iterations);
        }
        FloatMatrix w = HeadCodec.readMatrix(in, rows, cols);
        float[] b = HeadCodec.readFloats(in, rows);
        return new LinearHead(kind, w, b, c, solver);
    }
}
