package dev.fewshot.embedding.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A CLIP model directory in the Hugging Face ONNX export layout: {@code vision_model.onnx},
 * {@code text_model.onnx} and {@code tokenizer.json}. The ONNX files may also sit under
 * {@code onnx/} (the hub layout). Checked once at open so that a bad path fails before any
 * session is created, with every missing file named.
 */
public final class ModelDirectory {
    public static final String VISION_FILE = "vision_model.onnx";
    public static final String TEXT_FILE = "text_model.onnx";
    public static final String TOKENIZER_FILE = "tokenizer.json";
    public static final String SPECIAL_TOKENS_FILE = "special_tokens_map.json";

    private final Path dir;
    private final String modelId;
    private final Path visionModel;
    private final Path textModel;
    private final Path tokenizer;

    private ModelDirectory(Path dir, String modelId, Path visionModel, Path textModel, Path tokenizer) {
        this.dir = dir;
        this.modelId = modelId;
        this.visionModel = visionModel;
        this.textModel = textModel;
        this.tokenizer = tokenizer;
    }

    /** Opens {@code dir}, naming the model after the directory. */
    public static ModelDirectory open(Path dir) {
        Path name = dir.toAbsolutePath().normalize().getFileName();
        return open(dir, name == null ? dir.toString() : name.toString());
    }

    /**
     * @param modelId a label for logs and stored features (e.g. {@code openai/clip-vit-base-patch32});
     *                never used to download anything
     * @throws ModelException naming the directory and each missing or unreadable file
     */
    public static ModelDirectory open(Path dir, String modelId) {
        if (modelId == null || modelId.isBlank()) {
            throw new IllegalArgumentException("modelId must not be blank");
        }
        Path abs = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(abs)) {
            throw new ModelException("model directory " + abs + " does not exist or is not a directory");
        }
        List<String> missing = new ArrayList<>();
        Path vision = find(abs, VISION_FILE, true, missing);
        Path text = find(abs, TEXT_FILE, true, missing);
        Path tok = find(abs, TOKENIZER_FILE, false, missing);
        if (!missing.isEmpty()) {
            throw new ModelException("model directory " + abs + " is not a CLIP ONNX export: missing or unreadable "
                    + String.join(", ", missing));
        }
        return new ModelDirectory(abs, modelId, vision, text, tok);
    }

    private static Path find(Path dir, String file, boolean alsoUnderOnnx, List<String> missing) {
        Path direct = dir.resolve(file);
        if (readableFile(direct)) {
            return direct;
        }
        Path hub = dir.resolve("onnx").resolve(file);
        if (alsoUnderOnnx && readableFile(hub)) {
            return hub;
        }
        missing.add(alsoUnderOnnx ? file + " (nor onnx/" + file + ")" : file);
        return null;
    }

    private static boolean readableFile(Path p) {
        return Files.isRegularFile(p) && Files.isReadable(p);
    }

    public Path dir() {
        return dir;
    }

    public String modelId() {
        return modelId;
    }

    public Path visionModel() {
        return visionModel;
    }

    public Path textModel() {
        return textModel;
    }

    public Path tokenizer() {
        return tokenizer;
    }

    /** {@code special_tokens_map.json} next to the tokenizer, if the export has one (it names the pad token). */
    public Optional<Path> specialTokensMap() {
        Path p = dir.resolve(SPECIAL_TOKENS_FILE);
        return readableFile(p) ? Optional.of(p) : Optional.empty();
    }

    @Override
    public String toString() {
        return modelId + " (" + dir + ")";
    }
}
