package dev.fewshot.core.heads;

import dev.fewshot.core.linalg.FloatMatrix;
import dev.fewshot.core.linalg.Gemm;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * A fitted head: immutable parameters that turn feature rows into class logits. Fitting happens
 * once (see {@link HeadTrainer}); a head is then serialised with {@link HeadCodec}, stored, and
 * used for scoring any number of rows. What a head offers besides logits is a capability it implements
 * ({@link CosineLogits}, {@link GaussianLogits}, {@link SupportRows}); the OOD scores test for those.
 */
public interface Head {

    HeadKind kind();

    int numClasses();

    int dim();

    /**
     * Prepares the head for scoring many chunks of rows (weights prepacked by the Gemm). Row i of
     * every result depends only on row i of the input, so scoring in chunks gives the same numbers
     * as scoring all rows at once. Close it when done.
     */
    Logits prepare(Gemm gemm);

    /** Logits for one batch of rows (n×D in, n×C out), through {@link #prepare}. */
    default FloatMatrix logits(FloatMatrix x, Gemm gemm) {
        try (Logits l = prepare(gemm)) {
            return l.of(x);
        }
    }

    /** A head ready to score rows. */
    interface Logits extends AutoCloseable {
        FloatMatrix of(FloatMatrix x);

        @Override
        void close();

        /** For rows that already are logits (computed elsewhere): returns them as they are. */
        static Logits precomputed() {
            return new Logits() {
                @Override
                public FloatMatrix of(FloatMatrix x) {
                    return x;
                }

                @Override
                public void close() {
                }
            };
        }
    }

    /** How the head's iterative solver ended; empty for heads fitted in closed form. */
    default Optional<SolverOutcome> solver() {
        return Optional.empty();
    }

    /** Exact size of {@link #writePayload(ByteBuffer)}'s output. */
    int payloadBytes();

    /** Writes the parameters (little-endian) after the codec's header. */
    void writePayload(ByteBuffer out);
}
