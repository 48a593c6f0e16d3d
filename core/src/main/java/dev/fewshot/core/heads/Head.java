package dev.fewshot.core.heads;

import dev.fewshot.core.linalg.FloatMatrix;
import dev.fewshot.core.linalg.Gemm;
import java.nio.ByteBuffer;

/**
 * A fitted head: immutable parameters that turn feature rows into class logits. Fitting happens
 * once (see {@link HeadTrainer}); a head is then serialised with {@link HeadCodec}, stored, and
 * used for scoring any number of rows.
 */
public interface Head {

    HeadKind kind();

    int numClasses();

    int dim();

    /**
     * Logits for a batch of rows (n×D in, n×C out). Row i of the result depends only on row i of
     * {@code x}, so scoring in chunks gives the same numbers as scoring all rows at once.
     */
    FloatMatrix logits(FloatMatrix x, Gemm gemm);

    /** s when logits = s·cosine(x, class vector) (zero-shot and prototype); 0 otherwise. */
    default double cosineScale() {
        return 0;
    }

    /**
     * For Gaussian heads, c such that −(smallest squared Mahalanobis distance) = 2·maxLogit + c;
     * NaN for others.
     */
    default double mahalanobisOffset() {
        return Double.NaN;
    }

    /** Exact size of {@link #writePayload(ByteBuffer)}'s output. */
    int payloadBytes();

    /** Writes the parameters (little-endian) after the codec's header. */
    void writePayload(ByteBuffer out);
}
