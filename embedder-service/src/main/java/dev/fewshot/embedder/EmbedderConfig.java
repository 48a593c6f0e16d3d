package dev.fewshot.embedder;

import dev.fewshot.service.config.RetryConfig;
import dev.fewshot.service.config.TopicNames;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The embedder's settings, one typed view of application.properties ({@code fewshot.*}; docs/embedding.md). */
@ConfigMapping(prefix = "fewshot")
public interface EmbedderConfig {
    TopicNames topics();

    Embedder embedder();

    /** {@code fewshot.embedder.*} */
    interface Embedder {
        @WithName("model-id")
        String modelId();

        @WithName("model-dir")
        Path modelDir();

        /** cpu or cuda. */
        @WithName("execution-provider")
        String executionProvider();

        @WithName("cuda-device-id")
        int cudaDeviceId();

        /** 0 = one per available processor. */
        @WithName("intra-op-threads")
        int intraOpThreads();

        /** 0 = one per available processor. */
        @WithName("decode-threads")
        int decodeThreads();

        @WithName("batch-size")
        int batchSize();

        /** CLIP preprocessing convention, {@code openai} or {@code hf} (docs/preprocessing.md); for embedding and /classify. */
        @WithName("preprocess")
        String preprocess();

        @WithName("data-roots")
        List<Path> dataRoots();

        @WithName("max-image-bytes")
        long maxImageBytes();

        @WithName("max-image-pixels")
        long maxImagePixels();

        @WithName("progress-interval")
        Duration progressInterval();

        /**
         * /classify requests decoded at once: each may hold up to about 6 bytes per pixel of {@code max-image-pixels}
         * while it decodes, so this bounds the heap /classify can take (docs/reliability.md).
         */
        @WithName("classify.max-concurrent")
        int classifyMaxConcurrent();

        /** How long a /classify request waits for a decode slot before it is answered 503 with Retry-After. */
        @WithName("classify.queue-wait")
        Duration classifyQueueWait();

        /**
         * The one RetryPolicy's settings for service-common's Db. The embedder's own writes are single statements: a
         * failed one fails the request or leaves it unacknowledged for redelivery, so none of them waits on it.
         */
        @WithName("db-retry")
        RetryConfig dbRetry();
    }
}
