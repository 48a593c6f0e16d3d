package dev.fewshot.embedder.jobs;

import dev.fewshot.contracts.EmbedRequest;
import dev.fewshot.contracts.Split;
import dev.fewshot.contracts.VectorBatch;
import dev.fewshot.embedder.EmbedderConfig;
import dev.fewshot.embedder.model.ImageInput;
import dev.fewshot.embedding.classes.ClassList;
import dev.fewshot.embedding.model.ClipModel;
import dev.fewshot.embedding.pipeline.EmbeddingSink;
import dev.fewshot.embedding.pipeline.ImageEmbedder;
import dev.fewshot.embedding.source.DataRoots;
import dev.fewshot.embedding.source.FailedItem;
import dev.fewshot.embedding.source.ImageItem;
import dev.fewshot.embedding.source.SourceLayouts;
import dev.fewshot.embedding.source.SourceListing;
import dev.fewshot.embedding.source.SupportSubset;
import dev.fewshot.vectors.VectorPublisher;
import dev.fewshot.vectors.VectorStream;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Embeds an image split: lists the layout inside the data roots, keeps only the planned K-shot
 * support sets for a train split, decodes and embeds in parallel, and publishes batches followed by
 * the end marker carrying both counts.
 */
final class ImageSplitJob {
    private final ClipModel model;
    private final ImageInput images;
    private final EmbedderConfig config;
    private final String bootstrapServers;
    private final String topic;

    ImageSplitJob(ClipModel model, ImageInput images, EmbedderConfig config, String bootstrapServers, String topic) {
        this.model = model;
        this.images = images;
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
    }

    EmbedJobs.Outcome run(EmbedRequest r, DataRoots roots, ClassList classes, Progress progress)
            throws SQLException, InterruptedException {
        Split split = r.splitId();
        Map<String, String> params = r.layout().params() == null ? Map.of() : r.layout().params();
        SourceListing listing = SourceLayouts.of(r.layout().type(), params).list(roots, classes, split != Split.OOD);
        List<ImageItem> items = listing.items();
        dev.fewshot.contracts.VectorBatch.EmbedPlan plan = null;
        if (split == Split.TRAIN && !r.all()) {
            // Only what the planned runs will sample: the union over seeds of the largest nested K-shot set.
            // K=0 (zero-shot) needs no images.
            List<Integer> shots = r.plan().shots().stream().filter(k -> k != null && k > 0).toList();
            items = shots.isEmpty() ? List.of() : SupportSubset.select(items, classes.size(), shots, r.plan().seeds());
            // The end marker says which support sets the split can serve: a run asking for others is refused.
            plan = new dev.fewshot.contracts.VectorBatch.EmbedPlan(shots, r.plan().seeds());
        }
        progress.total(items.size() + listing.failed().size());
        for (FailedItem f : listing.failed()) {
            progress.failed(f.itemId(), f.reason());
        }
        int threads = decodeThreads(config);
        int batch = r.batchSize() != null ? r.batchSize() : config.embedder().batchSize();
        try (VectorPublisher publisher = new VectorPublisher(bootstrapServers, topic);
             ImageEmbedder embedder = new ImageEmbedder(model.vision(), images.decoder(), images.preprocessor(), threads,
                     batch)) {
            VectorStream stream = publisher.stream(r.modelId(), r.datasetId(), r.requestId(), split, model.dim(), plan);
            embedder.embed(items, new Sink(stream, progress));
            stream.finish(progress.failed());
        }
        return new EmbedJobs.Outcome(progress.total(), progress.embedded(), progress.failed());
    }

    /**
     * Decode workers. Automatic: on CPU the model is the bottleneck (ViT-B/32: ~10 images/s per core against
     * ~180 decoded per core), so an eighth of the cores feeds it; on a GPU decoding is, so every core decodes.
     */
    static int decodeThreads(EmbedderConfig config) {
        if (config.embedder().decodeThreads() > 0) {
            return config.embedder().decodeThreads();
        }
        int cores = Runtime.getRuntime().availableProcessors();
        return "cuda".equalsIgnoreCase(config.embedder().executionProvider()) ? cores : Math.max(1, cores / 8);
    }

    /** Publishes each batch as one vector record and records failures as they come. */
    private record Sink(VectorStream stream, Progress progress) implements EmbeddingSink {
        @Override
        public void accept(List<ImageItem> items, float[] vectors, int dim) throws InterruptedException {
            List<VectorBatch.Item> out = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                ImageItem it = items.get(i);
                float[] v = Arrays.copyOfRange(vectors, i * dim, (i + 1) * dim);
                if (!finite(v)) {
                    // A vector readers would refuse (NaN, Inf) fails its image, not the whole batch.
                    failed(it, "the model produced a non-finite embedding");
                    continue;
                }
                out.add(new VectorBatch.Item(it.itemId(), it.label(), v));
            }
            stream.send(out);
            try {
                progress.embedded(out.size());
            } catch (SQLException e) {
                throw new IllegalStateException("database unavailable while recording progress: " + e.getMessage(), e);
            }
        }

        private static boolean finite(float[] v) {
            for (float f : v) {
                if (!Float.isFinite(f)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void failed(ImageItem item, String reason) {
            try {
                progress.failed(item.itemId(), reason);
            } catch (SQLException e) {
                throw new IllegalStateException("database unavailable while recording failed item " + item.itemId()
                        + ": " + e.getMessage(), e);
            }
        }
    }
}
