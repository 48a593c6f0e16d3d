package dev.fewshot.embedding.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fewshot.core.io.Npy;
import dev.fewshot.embedding.Fixtures;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image tower against the tiny-clip reference outputs (PyTorch, atol 1e-4). */
class ClipVisionEncoderTest {
    private static final int D = 512;
    private static ClipVisionEncoder encoder;
    private static JsonNode reference;

    @BeforeAll
    static void open() {
        encoder = ClipVisionEncoder.open(Fixtures.tinyClip().resolve("vision_model.onnx"), ExecutionSettings.cpu(2));
        reference = Fixtures.json(Fixtures.tinyClip().resolve("reference-outputs.json")).get("vision");
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    /** The fixture README's two patterns, computed in float32 exactly as written there. */
    static void fillPattern(FloatBuffer buf, int image, int pattern) {
        int base = image * ClipVisionEncoder.FLOATS_PER_IMAGE;
        for (int c = 0; c < 3; c++) {
            for (int h = 0; h < 224; h++) {
                for (int w = 0; w < 224; w++) {
                    float v = pattern == 0
                            ? ((c * 31 + h * 7 + w * 13) % 256) / 255.0f - 0.5f
                            : ((c * 5 + h * h + 3 * w + 11) % 97) / 96.0f - 0.5f;
                    buf.put(base + (c * 224 + h) * 224 + w, v);
                }
            }
        }
    }

    /** n images cycling pattern a, b, a, ... */
    static FloatBuffer patterns(int n) {
        FloatBuffer buf = ClipVisionEncoder.allocatePixels(n);
        for (int i = 0; i < n; i++) {
            fillPattern(buf, i, i % 2);
        }
        return buf;
    }

    @Test
    void readsSignatureFromTheModel() {
        assertEquals(D, encoder.dim());
        assertEquals("pixel_values", encoder.inputName());
        assertEquals("image_embeds", encoder.outputName());
    }

    @Test
    void patternsMatchTheirRecordedStatistics() {
        FloatBuffer buf = patterns(2);
        for (int p = 0; p < 2; p++) {
            JsonNode stats = reference.get("input_stats").get(p == 0 ? "pattern_a" : "pattern_b");
            double sum = 0;
            for (int i = 0; i < ClipVisionEncoder.FLOATS_PER_IMAGE; i++) {
                sum += buf.get(p * ClipVisionEncoder.FLOATS_PER_IMAGE + i);
            }
            assertEquals(stats.get("sum").asDouble(), sum, 1e-3);
            for (int i = 0; i < 5; i++) {
                assertEquals(stats.get("first5").get(i).floatValue(), buf.get(p * ClipVisionEncoder.FLOATS_PER_IMAGE + i));
            }
        }
    }

    @Test
    void rawEmbeddingsMatchReferenceWithin1e4() {
        float[] raw = encoder.embedRaw(patterns(2), 2);
        float[] npy = Npy.read(Fixtures.tinyClip().resolve("reference_image_embeds.npy")).toFloatArray();
        for (int r = 0; r < 2; r++) {
            float[] expected = Fixtures.floats(reference.get("image_embeds").get(r));
            float[] row = java.util.Arrays.copyOfRange(raw, r * D, (r + 1) * D);
            assertArrayEquals(expected, row, 1e-4f, "row " + r + " vs reference-outputs.json");
            assertArrayEquals(java.util.Arrays.copyOfRange(npy, r * D, (r + 1) * D), row, 1e-4f, "row " + r + " vs npy");
        }
    }

    @Test
    void embedIsTheRawOutputScaledToUnitNorm() {
        float[] raw = encoder.embedRaw(patterns(2), 2);
        float[] unit = encoder.embed(patterns(2), 2);
        for (int r = 0; r < 2; r++) {
            double norm = 0;
            double rawNorm = 0;
            for (int j = 0; j < D; j++) {
                norm += unit[r * D + j] * unit[r * D + j];
                rawNorm += raw[r * D + j] * raw[r * D + j];
            }
            assertEquals(1.0, norm, 1e-5);
            for (int j = 0; j < D; j++) {
                assertEquals(raw[r * D + j] / Math.sqrt(rawNorm), unit[r * D + j], 1e-6);
            }
        }
    }

    @Test
    void batchOfFiveEqualsFiveSingles() {
        FloatBuffer five = patterns(5);
        // make every image distinct: scale image i by (1 + i/10)
        for (int i = 0; i < 5; i++) {
            for (int k = 0; k < ClipVisionEncoder.FLOATS_PER_IMAGE; k++) {
                int at = i * ClipVisionEncoder.FLOATS_PER_IMAGE + k;
                five.put(at, five.get(at) * (1 + i / 10f));
            }
        }
        float[] batch = encoder.embed(five, 5);
        for (int i = 0; i < 5; i++) {
            FloatBuffer one = five.duplicate();
            one.position(i * ClipVisionEncoder.FLOATS_PER_IMAGE).limit((i + 1) * ClipVisionEncoder.FLOATS_PER_IMAGE);
            float[] single = encoder.embed(one.slice(), 1);
            assertArrayEquals(single, java.util.Arrays.copyOfRange(batch, i * D, (i + 1) * D), 1e-5f, "image " + i);
        }
    }

    @Test
    void fourThreadsGiveTheSequentialResult() throws Exception {
        FloatBuffer input = patterns(3);
        float[] expected = encoder.embed(input, 3);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit(() -> encoder.embed(input.duplicate(), 3)));
            }
            for (Future<float[]> f : results) {
                assertArrayEquals(expected, f.get(), 1e-6f);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rejectsWrongSizesAndByteOrder() {
        assertThrows(IllegalArgumentException.class, () -> encoder.embed(ClipVisionEncoder.allocatePixels(2), 1));
        FloatBuffer bigEndian = java.nio.ByteBuffer.allocateDirect(ClipVisionEncoder.FLOATS_PER_IMAGE * 4)
                .order(java.nio.ByteOrder.BIG_ENDIAN).asFloatBuffer();
        if (java.nio.ByteOrder.nativeOrder() != java.nio.ByteOrder.BIG_ENDIAN) {
            assertThrows(IllegalArgumentException.class, () -> encoder.embed(bigEndian, 1));
        }
    }

    @Test
    void heapBufferGivesTheSameResult() {
        FloatBuffer direct = patterns(2);
        float[] heap = new float[2 * ClipVisionEncoder.FLOATS_PER_IMAGE];
        direct.duplicate().get(heap);
        assertArrayEquals(encoder.embed(direct, 2), encoder.embed(FloatBuffer.wrap(heap), 2), 1e-6f);
    }

    @Test
    void namesAndWidthComeFromTheModelNotFromConvention(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("means.onnx");
        Files.write(file, TinyOnnx.channelMeans());
        try (ClipVisionEncoder means = ClipVisionEncoder.open(file, ExecutionSettings.cpu(1))) {
            assertEquals("img", means.inputName());
            assertEquals("feat", means.outputName());
            assertEquals(3, means.dim(), "width found by the probe run; the graph declares it symbolic");
            FloatBuffer buf = patterns(1);
            float[] raw = means.embedRaw(buf, 1);
            for (int c = 0; c < 3; c++) {
                double sum = 0;
                for (int k = 0; k < 224 * 224; k++) {
                    sum += buf.get(c * 224 * 224 + k);
                }
                assertEquals(sum / (224 * 224), raw[c], 1e-5);
            }
        }
    }
}
