package dev.fewshot.core.heads;

import dev.fewshot.core.linalg.FloatMatrix;
import dev.fewshot.core.linalg.Gemm;

/** Prototype head: each class is the normalised mean of its shots; logits = 100 · cosine. */
public final class PrototypeTrainer implements HeadTrainer {

    @Override
    public HeadKind kind() {
        return HeadKind.PROTOTYPE;
    }

    @Override
    public Head fit(TrainingSet support, Gemm gemm) {
        double[][] means = support.classMeans();
        return new CosineHead(HeadKind.PROTOTYPE, unitRows(means), CosineHead.CLIP_LOGIT_SCALE);
    }

    /** Normalises double rows into a float matrix (the normalisation happens in double). */
    static FloatMatrix unitRows(double[][] rows) {
        int c = rows.length, d = rows[0].length;
        float[] out = new float[c * d];
        for (int i = 0; i < c; i++) {
            double s = 0;
            for (double v : rows[i]) {
                s += v * v;
            }
            double inv = s > 0 ? 1.0 / Math.sqrt(s) : 0.0;
            for (int j = 0; j < d; j++) {
                out[i * d + j] = (float) (rows[i][j] * inv);
            }
        }
        return new FloatMatrix(c, d, out);
    }
}
