package dev.fewshot.core.heads;

import dev.fewshot.core.linalg.FloatMatrix;

/**
 * A head whose logits are one product and a per-class affine step, z = s·(x·Wᵀ) + b (prototype, zero-shot and the
 * linear probes): scoring can then reduce the logits where the product is computed
 * ({@link dev.fewshot.core.linalg.Gemm#prepareScoring}) instead of materialising them. {@link #prepare} computes the
 * same z with {@link dev.fewshot.core.linalg.RowScoring#affine}.
 */
public interface AffineLogits extends Head {
    /** W, C×D. */
    FloatMatrix logitWeights();

    /** s, or NaN where the product is not scaled. */
    float logitScale();

    /** b (C entries), or null where there is none. */
    float[] logitBias();
}
