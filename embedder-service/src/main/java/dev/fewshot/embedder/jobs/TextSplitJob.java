package dev.fewshot.embedder.jobs;

import dev.fewshot.contracts.EmbedRequest;
import dev.fewshot.contracts.Split;
import dev.fewshot.core.linalg.FloatMatrix;
import dev.fewshot.embedding.classes.ClassList;
import dev.fewshot.embedding.classes.PromptTemplates;
import dev.fewshot.embedding.model.ClipModel;
import dev.fewshot.embedding.source.DataRoots;
import dev.fewshot.embedding.text.PromptEnsemble;
import dev.fewshot.vectors.VectorPublisher;
import java.sql.SQLException;

/** Embeds the text split: one zero-shot classifier row per class (prompt ensemble, normalised). */
final class TextSplitJob {
    private final ClipModel model;
    private final DataRoots roots;
    private final String bootstrapServers;
    private final String topic;

    TextSplitJob(ClipModel model, DataRoots roots, String bootstrapServers, String topic) {
        this.model = model;
        this.roots = roots;
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
    }

    EmbedJobs.Outcome run(EmbedRequest r, ClassList classes, Progress progress) throws SQLException, InterruptedException {
        PromptTemplates templates = templates(r.templates());
        progress.total(classes.size());
        FloatMatrix w = new PromptEnsemble(model.tokenizer(), model.text()).build(classes, templates);
        try (VectorPublisher publisher = new VectorPublisher(bootstrapServers, topic)) {
            publisher.publish(r.modelId(), r.datasetId(), r.requestId(), Split.TEXT, w, null, VectorPublisher.DEFAULT_BATCH);
        }
        progress.embedded(classes.size());
        return new EmbedJobs.Outcome(classes.size(), classes.size(), 0);
    }

    private PromptTemplates templates(String spec) {
        return switch (spec == null ? "imagenet80" : spec) {
            case "imagenet80" -> PromptTemplates.imagenet80();
            case "single" -> PromptTemplates.single();
            default -> PromptTemplates.fromFile(roots.resolve(spec));
        };
    }
}
