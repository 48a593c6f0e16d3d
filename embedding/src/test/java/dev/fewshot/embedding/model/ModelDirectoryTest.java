package dev.fewshot.embedding.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fewshot.embedding.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelDirectoryTest {
    @Test
    void opensTheFixtureInTheExportLayout() {
        ModelDirectory dir = ModelDirectory.open(Fixtures.tinyClip(), "tiny-clip");
        assertEquals("tiny-clip", dir.modelId());
        assertEquals(Fixtures.tinyClip().resolve("vision_model.onnx"), dir.visionModel());
        assertEquals(Fixtures.tinyClip().resolve("text_model.onnx"), dir.textModel());
        assertEquals(Fixtures.tinyClip().resolve("tokenizer.json"), dir.tokenizer());
        assertTrue(dir.specialTokensMap().isPresent());
    }

    @Test
    void acceptsTheHubLayoutWithOnnxFilesUnderOnnx(@TempDir Path tmp) throws Exception {
        Files.createDirectories(tmp.resolve("onnx"));
        Files.writeString(tmp.resolve("onnx/vision_model.onnx"), "x");
        Files.writeString(tmp.resolve("onnx/text_model.onnx"), "x");
        Files.writeString(tmp.resolve("tokenizer.json"), "{}");
        ModelDirectory dir = ModelDirectory.open(tmp, "hub");
        assertEquals(tmp.resolve("onnx/vision_model.onnx"), dir.visionModel());
        assertEquals(tmp.resolve("onnx/text_model.onnx"), dir.textModel());
        assertTrue(dir.specialTokensMap().isEmpty());
    }

    @Test
    void missingFileIsNamedWithTheDirectory(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("vision_model.onnx"), "x");
        Files.writeString(tmp.resolve("tokenizer.json"), "{}");
        ModelException e = assertThrows(ModelException.class, () -> ModelDirectory.open(tmp, "m"));
        assertTrue(e.getMessage().contains(tmp.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("text_model.onnx"), e.getMessage());
        assertTrue(!e.getMessage().contains("vision_model.onnx"), e.getMessage());
    }

    @Test
    void aDirectoryInPlaceOfAFileCountsAsMissing(@TempDir Path tmp) throws Exception {
        Files.createDirectories(tmp.resolve("vision_model.onnx"));
        Files.writeString(tmp.resolve("text_model.onnx"), "x");
        ModelException e = assertThrows(ModelException.class, () -> ModelDirectory.open(tmp, "m"));
        assertTrue(e.getMessage().contains("vision_model.onnx") && e.getMessage().contains("tokenizer.json"), e.getMessage());
    }

    @Test
    void missingDirectoryIsNamed(@TempDir Path tmp) {
        Path nowhere = tmp.resolve("no-such-model");
        ModelException e = assertThrows(ModelException.class, () -> ModelDirectory.open(nowhere, "m"));
        assertTrue(e.getMessage().contains(nowhere.toString()), e.getMessage());
    }
}
