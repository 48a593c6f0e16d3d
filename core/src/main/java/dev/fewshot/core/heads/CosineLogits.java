package dev.fewshot.core.heads;

/**
 * A head whose logits are {@code s · cosine(x, class vector)} (zero-shot and prototype): the max-cosine score, and
 * for zero-shot MCM, apply to it. A capability the OOD scores test for, instead of a sentinel value on every head.
 */
public interface CosineLogits extends Head {
    /** s, the logit scale over the cosine (> 0). */
    double cosineScale();
}
