package dev.fewshot.embedding.model;

import dev.fewshot.embedding.text.ClipTokenizer;

/**
 * One CLIP model ready to run: the image tower, the text tower and the tokenizer of one
 * {@link ModelDirectory}, opened with one {@link ExecutionSettings}. Both towers must agree on the
 * embedding width, otherwise image and text vectors could not be compared.
 */
public final class ClipModel implements AutoCloseable {
    private final ModelDirectory directory;
    private final ClipVisionEncoder vision;
    private final ClipTextEncoder text;
    private final ClipTokenizer tokenizer;

    private ClipModel(ModelDirectory directory, ClipVisionEncoder vision, ClipTextEncoder text, ClipTokenizer tokenizer) {
        this.directory = directory;
        this.vision = vision;
        this.text = text;
        this.tokenizer = tokenizer;
    }

    /** @throws ModelException for any file that is missing, of the wrong kind, or fails its probe */
    public static ClipModel open(ModelDirectory directory, ExecutionSettings settings) {
        ClipVisionEncoder vision = null;
        ClipTextEncoder text = null;
        try {
            vision = ClipVisionEncoder.open(directory.visionModel(), settings);
            text = ClipTextEncoder.open(directory.textModel(), settings);
            if (vision.dim() != text.dim()) {
                throw new ModelException("model " + directory + ": vision embeddings have D=" + vision.dim()
                        + " but text embeddings have D=" + text.dim());
            }
            return new ClipModel(directory, vision, text, ClipTokenizer.open(directory));
        } catch (RuntimeException e) {
            if (text != null) {
                text.close();
            }
            if (vision != null) {
                vision.close();
            }
            throw e;
        }
    }

    public ModelDirectory directory() {
        return directory;
    }

    public String modelId() {
        return directory.modelId();
    }

    /** The shared embedding width D (checked equal for both towers at open). */
    public int dim() {
        return vision.dim();
    }

    public ClipVisionEncoder vision() {
        return vision;
    }

    public ClipTextEncoder text() {
        return text;
    }

    public ClipTokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public void close() {
        try (ClipTokenizer t = tokenizer; ClipTextEncoder te = text; ClipVisionEncoder v = vision) {
            // try-with-resources closes all three even if one close throws
        }
    }
}
