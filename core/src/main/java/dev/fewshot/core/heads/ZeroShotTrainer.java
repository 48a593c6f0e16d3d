package dev.fewshot.core.heads;

import dev.fewshot.core.linalg.FloatMatrix;
import dev.fewshot.core.linalg.Gemm;

/**
 * Zero-shot head from class text embeddings. It ignores the support set: K=0 means this head
 * alone.
 */
public final class ZeroShotTrainer implements HeadTrainer {
    private final FloatMatrix classText;
    private final FloatMatrix negativeCandidates;

    /** @param classText C×D class text embeddings, row c for label c (normalised here). */
    public ZeroShotTrainer(FloatMatrix classText) {
        this(classText, null);
    }

    /**
     * @param negativeCandidates M×D text embeddings of candidate negative labels (NegLabel mines its bank from
     *                           them at fit time), or null for a head without the neglabel score
     */
    public ZeroShotTrainer(FloatMatrix classText, FloatMatrix negativeCandidates) {
        this.classText = classText.copy().l2NormalizeRows();
        this.negativeCandidates = negativeCandidates;
    }

    /**
     * The zero-shot classifier from prompt embeddings: per class, L2-normalise each prompt
     * embedding, average them and normalise the average (CLIP's prompt ensembling).
     *
     * @param promptEmbeddings P×D, one row per (class, template)
     * @param classOfPrompt    P class ids
     */
    public static FloatMatrix ensemble(FloatMatrix promptEmbeddings, int[] classOfPrompt, int numClasses) {
        FloatMatrix unit = promptEmbeddings.copy().l2NormalizeRows();
        int d = unit.cols();
        double[][] sums = new double[numClasses][d];
        int[] counts = new int[numClasses];
        for (int p = 0; p < classOfPrompt.length; p++) {
            int c = classOfPrompt[p];
            counts[c]++;
            for (int j = 0; j < d; j++) {
                sums[c][j] += unit.get(p, j);
            }
        }
        for (int c = 0; c < numClasses; c++) {
            if (counts[c] == 0) {
                throw new IllegalArgumentException("class " + c + " has no prompt embeddings");
            }
        }
        return PrototypeTrainer.unitRows(sums);
    }

    public CosineHead head() {
        return new CosineHead(HeadKind.ZERO_SHOT, classText, CosineHead.CLIP_LOGIT_SCALE);
    }

    /** The zero-shot weights as a linear classifier: 100 · text embeddings (the linear-zs anchor). */
    public FloatMatrix scaledWeights() {
        FloatMatrix w = classText.copy();
        float[] d = w.data();
        for (int i = 0; i < d.length; i++) {
            d[i] *= CosineHead.CLIP_LOGIT_SCALE;
        }
        return w;
    }

    @Override
    public HeadKind kind() {
        return HeadKind.ZERO_SHOT;
    }

    @Override
    public Head fit(TrainingSet support, Gemm gemm) {
        if (negativeCandidates == null) {
            return head();
        }
        return new CosineHead(HeadKind.ZERO_SHOT, classText, CosineHead.CLIP_LOGIT_SCALE,
                NegativeLabelMining.mine(classText, negativeCandidates, gemm));
    }
}
