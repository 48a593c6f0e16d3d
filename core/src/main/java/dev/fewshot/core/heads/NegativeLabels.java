package dev.fewshot.core.heads;

import dev.fewshot.core.linalg.FloatMatrix;

/**
 * A zero-shot head that carries a bank of negative labels (NegLabel, Jiang et al., ICLR 2024): text embeddings of
 * words far from every class name, in the order their groups are cut from. The {@code neglabel} score applies.
 */
public interface NegativeLabels extends CosineLogits {
    /** The unit negative-label rows, M×D (M = 0: no bank). */
    FloatMatrix negativeLabels();
}
