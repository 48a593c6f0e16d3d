package dev.fewshot.core.heads;

import dev.fewshot.core.linalg.FloatMatrix;
import dev.fewshot.core.linalg.Gemm;
import java.nio.ByteBuffer;

/**
 * Zero-shot and prototype heads: logits = scale · cosine to one unit vector per class, computed as x · (scale · v)
 * (the scale folded into the class vectors, so scoring is one product). The class
 * vectors are text embeddings (zero-shot) or normalised class means of the shots (prototype).
 */
public final class CosineHead implements NegativeLabels, AffineLogits {
    /** CLIP's learned logit scale, exp(4.6052) = 100. */
    public static final float CLIP_LOGIT_SCALE = 100f;

    private final HeadKind kind;
    private final FloatMatrix classVectors;
    private final float scale;
    private final FloatMatrix negatives;
    /** s·v per class vector: the logits are x·(s·v) (one product, no scaling pass over the logits). */
    private final FloatMatrix scaledVectors;

    public CosineHead(HeadKind kind, FloatMatrix unitClassVectors, float scale) {
        this(kind, unitClassVectors, scale, new FloatMatrix(0, unitClassVectors.cols(), new float[0]));
    }

    /** @param negatives unit negative-label rows (NegLabel's mined bank; zero-shot only), M×D, M may be 0 */
    public CosineHead(HeadKind kind, FloatMatrix unitClassVectors, float scale, FloatMatrix negatives) {
        if (kind != HeadKind.ZERO_SHOT && kind != HeadKind.PROTOTYPE) {
            throw new IllegalArgumentException("a cosine head is zero-shot or prototype, not " + kind);
        }
        if (negatives.cols() != unitClassVectors.cols() || (kind != HeadKind.ZERO_SHOT && negatives.rows() > 0)) {
            throw new IllegalArgumentException("a " + kind + " head cannot carry " + negatives.rows() + "x"
                    + negatives.cols() + " negative labels");
        }
        this.kind = kind;
        this.classVectors = unitClassVectors;
        this.scale = scale;
        this.negatives = negatives;
        float[] sv = unitClassVectors.data().clone();
        for (int i = 0; i < sv.length; i++) {
            sv[i] *= scale;
        }
        this.scaledVectors = new FloatMatrix(unitClassVectors.rows(), unitClassVectors.cols(), sv);
    }

    @Override
    public FloatMatrix negativeLabels() {
        return negatives;
    }

    /** The class vectors (C×D, unit rows). */
    public FloatMatrix classVectors() {
        return classVectors;
    }

    @Override
    public HeadKind kind() {
        return kind;
    }

    @Override
    public int numClasses() {
        return classVectors.rows();
    }

    @Override
    public int dim() {
        return classVectors.cols();
    }

    @Override
    public Logits prepare(Gemm gemm) {
        Gemm.Prepared product = gemm.prepareTransB(scaledVectors);
        return new Logits() {
            @Override
            public FloatMatrix of(FloatMatrix x) {
                return product.apply(x);
            }

            @Override
            public void close() {
                product.close();
            }
        };
    }

    @Override
    public FloatMatrix logitWeights() {
        return scaledVectors;
    }

    @Override
    public float logitScale() {
        return Float.NaN; // in the weights
    }

    @Override
    public float[] logitBias() {
        return null;
    }

    @Override
    public double cosineScale() {
        return scale;
    }

    @Override
    public int payloadBytes() {
        return 4 + 4 + 4 + 4 * classVectors.data().length + 4 + 4 * negatives.data().length;
    }

    /** Format 3 appends the negative-label bank: its row count, then its rows. */
    @Override
    public void writePayload(ByteBuffer out) {
        out.putInt(classVectors.rows()).putInt(classVectors.cols()).putFloat(scale);
        HeadCodec.writeFloats(out, classVectors.data());
        out.putInt(negatives.rows());
        HeadCodec.writeFloats(out, negatives.data());
    }

    static CosineHead read(HeadKind kind, ByteBuffer in, int version) {
        int c = in.getInt();
        int d = in.getInt();
        float scale = in.getFloat();
        FloatMatrix vectors = HeadCodec.readMatrix(in, c, d);
        FloatMatrix negatives = version >= 3 ? HeadCodec.readMatrix(in, in.getInt(), d) : new FloatMatrix(0, d,
                new float[0]);
        return new CosineHead(kind, vectors, scale, negatives);
    }
}
