package dev.fewshot.embedding.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import dev.fewshot.embedding.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening a whole model, and every way a wrong file or setting must fail with a clear ModelException. */
class ClipModelTest {
    private static final Path VISION = Fixtures.tinyClip().resolve("vision_model.onnx");
    private static final Path TEXT = Fixtures.tinyClip().resolve("text_model.onnx");

    @Test
    void opensTinyClip() {
        try (ClipModel m = ClipModel.open(ModelDirectory.open(Fixtures.tinyClip(), "tiny-clip"), ExecutionSettings.cpu(1))) {
            assertEquals(512, m.dim());
            assertEquals(512, m.vision().dim());
            assertEquals(512, m.text().dim());
            assertEquals("tiny-clip", m.modelId());
            float[] e = m.text().embed(m.tokenizer().encode(List.of("a photo of a dog.")));
            assertEquals(512, e.length);
        }
    }

    @Test
    void textModelGivenAsVisionModelNamesBothSignatures() {
        ModelException e = assertThrows(ModelException.class, () -> ClipVisionEncoder.open(TEXT, ExecutionSettings.cpu(1)));
        String msg = e.getMessage();
        assertTrue(msg.startsWith("vision model " + TEXT.toAbsolutePath().normalize()), msg);
        assertTrue(msg.contains("input 'input_ids' int64 [batch_size,sequence_length]"), msg);
        assertTrue(msg.contains("expected one float32 input [N,3,224,224]"), msg);
    }

    @Test
    void visionModelGivenAsTextModelNamesBothSignatures() {
        ModelException e = assertThrows(ModelException.class, () -> ClipTextEncoder.open(VISION, ExecutionSettings.cpu(1)));
        String msg = e.getMessage();
        assertTrue(msg.startsWith("text model " + VISION.toAbsolutePath().normalize()), msg);
        assertTrue(msg.contains("input 'pixel_values' float32 [batch_size,num_channels,height,width]"), msg);
        assertTrue(msg.contains("expected input int64 [N,L<=77]"), msg);
    }

    @Test
    void swappedFilesInADirectoryFailAtOpen(@TempDir Path tmp) throws Exception {
        Files.copy(TEXT, tmp.resolve("vision_model.onnx"));
        Files.copy(VISION, tmp.resolve("text_model.onnx"));
        Files.copy(Fixtures.tinyClip().resolve("tokenizer.json"), tmp.resolve("tokenizer.json"));
        ModelDirectory dir = ModelDirectory.open(tmp, "swapped");
        ModelException e = assertThrows(ModelException.class, () -> ClipModel.open(dir, ExecutionSettings.cpu(1)));
        assertTrue(e.getMessage().contains("'input_ids' int64"), e.getMessage());
    }

    @Test
    void outputThatIsNotRank2IsRejected(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("pool.onnx");
        Files.write(file, TinyOnnx.globalPool());
        ModelException e = assertThrows(ModelException.class, () -> ClipVisionEncoder.open(file, ExecutionSettings.cpu(1)));
        String msg = e.getMessage();
        assertTrue(msg.contains("output 'y' float32 [N,3,1,1]"), msg);
        assertTrue(msg.contains("expected one float32 output [N,D]"), msg);
    }

    @Test
    void fileThatIsNotOnnxCannotLoad(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("vision_model.onnx");
        Files.writeString(file, "this is not a protobuf");
        ModelException e = assertThrows(ModelException.class, () -> ClipVisionEncoder.open(file, ExecutionSettings.cpu(1)));
        assertTrue(e.getMessage().startsWith("cannot load vision model " + file), e.getMessage());
    }

    @Test
    void cudaOnACpuOnlyBuildSaysHowToGetIt() {
        assumeFalse(OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA), "this build has CUDA");
        ModelException e = assertThrows(ModelException.class, () -> ClipVisionEncoder.open(VISION, ExecutionSettings.cuda(0)));
        assertEquals("CUDA execution provider requested but this build has only [CPU]; "
                + "build with the cuda profile (onnxruntime_gpu)", e.getMessage());
    }

    @Test
    void settingsRejectNegativeCounts() {
        assertThrows(IllegalArgumentException.class, () -> new ExecutionSettings(ExecutionSettings.Provider.CPU, -1, 0, 0));
    }
}
