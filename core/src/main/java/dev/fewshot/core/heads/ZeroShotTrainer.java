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
