package dev.fewshot.cli.commands;

import dev.fewshot.core.io.Npy;
import dev.fewshot.core.linalg.FloatMatrix;
import dev.fewshot.embedding.classes.PromptTemplates;
import dev.fewshot.embedding.model.ClipModel;
import dev.fewshot.embedding.model.ExecutionSettings;
import dev.fewshot.embedding.model.ModelDirectory;
import dev.fewshot.embedding.model.ModelException;
import dev.fewshot.embedding.text.NegativeLabelVocabulary;
import dev.fewshot.embedding.text.PromptEnsemble;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fewshot embed-negatives}: NegLabel's candidate negative labels for {@code fewshot sweep --negatives-x}, in one
 * process: the bundled WordNet nouns and adjectives through a local CLIP text tower, the same words and prompt as
 * the embedder's negatives split.
 */
@Command(name = "embed-negatives", mixinStandardHelpOptions = true,
        description = "Embed NegLabel's candidate negative labels (WordNet 3.1 nouns and adjectives, about 70,000 words,"
                + " in the prompt \"The nice {}.\") with a local CLIP model: X.npy (float32 [M, D], L2-normalised) and"
                + " X.npy.words.txt (row i's word).")
public final class EmbedNegativesCommand implements Callable<Integer> {
    @Option(names = "--model-dir", required = true, description = "CLIP ONNX export (text_model.onnx, tokenizer, ...)")
    Path modelDir;
    @Option(names = "--out", required = true, description = "vectors, .npy")
    Path out;
    @Option(names = "--limit", defaultValue = "0", description = "embed only the first N words (0: all)")
    int limit;

    @Override
    public Integer call() throws Exception {
        if (limit < 0) {
            throw new IllegalArgumentException("--limit must be >= 0, got " + limit);
        }
        List<String> words = NegativeLabelVocabulary.words();
        if (limit > 0 && limit < words.size()) {
            words = words.subList(0, limit);
        }
        ModelDirectory dir;
        try {
            dir = ModelDirectory.open(modelDir);
        } catch (ModelException e) {
            throw new IllegalArgumentException(modelDir + ": " + e.getMessage(), e);
        }
        try (ClipModel model = ClipModel.open(dir, ExecutionSettings.cpu())) {
            int total = words.size();
            FloatMatrix w = new PromptEnsemble(model.tokenizer(), model.text()).embedWords(words,
                    PromptTemplates.negLabel(), done -> System.err.printf("\rembedded %d of %d words", done, total));
            System.err.println();
            Npy.writeFloat32(out, w);
            java.nio.file.Files.write(Path.of(out + ".words.txt"), words, java.nio.charset.StandardCharsets.UTF_8);
            System.err.printf("wrote %d negative-label candidates x %d dims to %s%n", w.rows(), w.cols(), out);
        }
        return 0;
    }
}
