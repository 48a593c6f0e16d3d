package dev.fewshot.embedding.pipeline;

import dev.fewshot.embedding.source.ImageItem;
import java.nio.FloatBuffer;
import java.util.List;

/** Where embedded images go (Kafka in the service, a counter in benchmarks). Called from one thread, in item order. */
public interface EmbeddingSink {
    /**
     * One embedded batch.
     *
     * @param items   the images of the batch that decoded, in listing order
     * @param vectors items.size() × dim L2-normalised vectors, row-major
     */
    void accept(List<ImageItem> items, float[] vectors, int dim) throws InterruptedException;

    /**
     * The preprocessed pixels of a batch, just before the model sees them: {@code items.size()} CHW float32 tensors
     * of 3 × 224 × 224 from the buffer's position. Only for sinks that keep them (parity checks); the buffer is
     * reused after the call.
     */
    default void pixels(List<ImageItem> items, FloatBuffer pixels) {
    }

    /** An image that could not be embedded; the split goes on without it. */
    void failed(ImageItem item, String reason);
}
