package dev.fewshot.core.heads.linear;

import dev.fewshot.core.linalg.FloatMatrix;

/**
 * The point an anchored ("zero-shot-initialised") probe starts from and is pulled back to:
 * the penalty is ||W − w0||²/(2C), so small C keeps the zero-shot classifier and large C gives the
 * plain probe. The bias is never penalised; b0 is only where it starts.
 *
 * @param w0 C×D, already scaled (e.g. 100 · unit text embeddings)
 * @param b0 C starting biases, or null for zeros
 */
public record Anchor(FloatMatrix w0, float[] b0) {
    public Anchor {
        if (w0 == null) {
            throw new IllegalArgumentException("anchor weights are null");
        }
        if (b0 != null && b0.length != w0.rows()) {
            throw new IllegalArgumentException(
                    "anchor bias has " + b0.length + " entries for " + w0.rows() + " classes");
        }
    }

    public Anchor(FloatMatrix w0) {
        this(w0, null);
    }
}
