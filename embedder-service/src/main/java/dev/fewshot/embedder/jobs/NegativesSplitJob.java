package dev.fewshot.embedder.jobs;

import dev.fewshot.contracts.EmbedRequest;
import dev.fewshot.contracts.Split;
import dev.fewshot.core.linalg.FloatMatrix;
import dev.fewshot.embedding.classes.PromptTemplates;
import dev.fewshot.embedding.model.ClipModel;
import dev.fewshot.embedding.source.DataRoots;
import dev.fewshot.embedding.text.NegativeLabelVocabulary;
import dev.fewshot.embedding.text.PromptEnsemble;
import dev.fewshot.vectors.VectorPublisher;
import java.sql.SQLException;
import java.util.List;

/**
 * Embeds the negatives split: NegLabel's candidate negative labels, every WordNet noun and adjective of the bundled
 * vocabulary ({@link NegativeLabelVocabulary}) in NegLabel's prompt "The nice {}." (or the request's templates:
 * a file with one template), one unit row per word. The trainer mines the zero-shot head's bank from them.
 */
final class NegativesSplitJob {
    private final ClipModel model;
    private final DataRoots roots;
    private final String bootstrapServers;
    private final String topic;

    NegativesSplitJob(ClipModel model, DataRoots roots, String bootstrapServers, String topic) {
        this.model = model;
        this.roots = roots;
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
    }

    EmbedJobs.Outcome run(EmbedRequest r, Progress progress) throws SQLException, InterruptedException {
        List<String> words = NegativeLabelVocabulary.words();
        PromptTemplates template = r.templates() == null || r.templates().equals("neglabel")
                ? PromptTemplates.negLabel() : PromptTemplates.fromFile(roots.resolve(r.templates()));
        if (template.size() != 1) {
            throw new RequestFailedException("the negatives split takes a file with one prompt template; '"
                    + r.templates() + "' has " + template.size());
        }
        progress.total(words.size());
        FloatMatrix w = new PromptEnsemble(model.tokenizer(), model.text()).embedWords(words, template, done -> {
        });
        try (VectorPublisher publisher = new VectorPublisher(bootstrapServers, topic)) {
            publisher.publish(r.modelId(), r.datasetId(), r.requestId(), Split.NEGATIVES, w, null,
                    VectorPublisher.DEFAULT_BATCH);
        }
        progress.embedded(words.size());
        return new EmbedJobs.Outcome(words.size(), words.size(), 0);
    }
}
