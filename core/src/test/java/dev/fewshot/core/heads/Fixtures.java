package dev.fewshot.core.heads;

import dev.fewshot.core.linalg.FloatMatrix;
import dev.fewshot.core.sampling.KShotSampler;
import dev.fewshot.core.sampling.SupportSet;
import dev.fewshot.core.synth.SyntheticClipData;

/** Small generated datasets for head tests. */
public final class Fixtures {
    private Fixtures() {
    }

    static SyntheticClipData.Data small(int classes, int dim, long seed) {
        return SyntheticClipData.generate(SyntheticClipData.Params.defaults(classes, dim).withSeed(seed)
                .withSizes(20, 10 * classes, 4 * classes));
    }

    public static TrainingSet support(SyntheticClipData.Data d, int classes, int k, long seed) {
        SupportSet s = KShotSampler.forRows(d.trainY(), classes, seed).sample(k);
        return new TrainingSet(d.trainX().selectRows(s.rows()), s.labels(), classes, s.shotIndex(), k);
    }

    /** Share of rows whose largest logit is their label's. */
    public static double accuracy(FloatMatrix logits, int[] labels) {
        int ok = 0;
        for (int i = 0; i < logits.rows(); i++) {
            int best = 0;
            for (int c = 1; c < logits.cols(); c++) {
                if (logits.get(i, c) > logits.get(i, best)) {
                    best = c;
                }
            }
            ok += best == labels[i] ? 1 : 0;
        }
        return (double) ok / logits.rows();
    }

    static FloatMatrix random(int rows, int cols, long seed) {
        java.util.Random r = new java.util.Random(seed);
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return new FloatMatrix(rows, cols, v);
    }
}
