package dev.fewshot.core.heads;

import dev.fewshot.core.linalg.FloatMatrix;
import dev.fewshot.core.linalg.Gemm;
import java.nio.ByteBuffer;

/**
 * Zero-shot and prototype heads: logits = scale · cosine to one unit vector per class. The class
 * vectors are text embeddings (zero-shot) or normalised class means of the shots (prototype).
 */
public final class CosineHead implements CosineLogits {
    /** CLIP's learned logit scale, exp(4.6052) = 100. */
    public static final float CLIP_LOGIT_SCALE = 100f;

    private final HeadKind kind;
    private final FloatMatrix classVectors;
    private final float scale;

    public CosineHead(HeadKind kind, FloatMatrix unitClassVectors, float scale) {
        if (kind != HeadKind.ZERO_SHOT && kind != HeadKind.PROTOTYPE) {
            throw new IllegalArgumentException("a cosine head is zero-shot or prototype, not " + kind);
        }
        this.kind = kind;
        this.classVectors = unitClassVectors;
        this.scale = scale;
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
        Gemm.Prepared product = gemm.prepareTransB(classVectors);
        return new Logits() {
            @Override
            public FloatMatrix of(FloatMatrix x) {
                FloatMatrix z = product.apply(x);
                float[] d = z.data();
                for (int i = 0; i < d.length; i++) {
                    d[i] *= scale;
                }
                return z;
            }

            @Override
            public void close() {
                product.close();
            }
        };
    }

    @Override
    public double cosineScale() {
        return scale;
    }

    @Override
    public int payloadBytes() {
        return 4 + 4 + 4 + 4 * classVectors.data().length;
    }

    @Override
    public void writePayload(ByteBuffer out) {
        out.putInt(classVectors.rows()).putInt(classVectors.cols()).putFloat(scale);
        HeadCodec.writeFloats(out, classVectors.data());
    }

    static CosineHead read(HeadKind kind, ByteBuffer in) {
        int c = in.getInt();
        int d = in.getInt();
        float scale = in.getFloat();
        return new CosineHead(kind, HeadCodec.readMatrix(in, c, d), scale);
    }
}
