package dev.fewshot.embedding.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fewshot.core.io.Npy;
import dev.fewshot.embedding.Fixtures;
import dev.fewshot.embedding.text.ClipTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The text tower against the tiny-clip reference outputs (PyTorch, atol 1e-4). */
class ClipTextEncoderTest {
    private static final int D = 512;
    private static ClipTextEncoder encoder;
    private static ClipTokenizer tokenizer;
    private static JsonNode reference;

    @BeforeAll
    static void open() {
        encoder = ClipTextEncoder.open(Fixtures.tinyClip().resolve("text_model.onnx"), ExecutionSettings.cpu(2));
        tokenizer = ClipTokenizer.open(ModelDirectory.open(Fixtures.tinyClip()));
        reference = Fixtures.json(Fixtures.tinyClip().resolve("reference-outputs.json")).get("text");
    }

    @AfterAll
    static void close() {
        encoder.close();
        tokenizer.close();
    }

    private static long[][] referenceIds(String field) {
        JsonNode rows = reference.get(field);
        long[][] ids = new long[rows.size()][];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = Fixtures.longs(rows.get(i));
        }
        return ids;
    }

    @Test
    void readsSignatureFromTheModel() {
        assertEquals(D, encoder.dim());
        assertEquals("input_ids", encoder.inputName());
        assertEquals("text_embeds", encoder.outputName());
    }

    @Test
    void rawEmbeddingsMatchReferenceWithin1e4() {
        float[] raw = encoder.embedRaw(referenceIds("input_ids"));
        float[] npy = Npy.read(Fixtures.tinyClip().resolve("reference_text_embeds.npy")).toFloatArray();
        for (int r = 0; r < 2; r++) {
            float[] row = Arrays.copyOfRange(raw, r * D, (r + 1) * D);
            assertArrayEquals(Fixtures.floats(reference.get("text_embeds").get(r)), row, 1e-4f, "row " + r);
            assertArrayEquals(Arrays.copyOfRange(npy, r * D, (r + 1) * D), row, 1e-4f, "row " + r + " vs npy");
        }
    }

    @Test
    void tokenizerIdsAndUnpaddedRowsGiveTheReferenceToo() {
        List<String> texts = new ArrayList<>();
        reference.get("texts").forEach(t -> texts.add(t.asText()));
        long[][] ours = tokenizer.encode(texts);
        assertArrayEquals(referenceIds("input_ids"), ours);
        long[][] unpadded = referenceIds("input_ids_unpadded");
        for (int r = 0; r < 2; r++) {
            float[] one = encoder.embedRaw(new long[][]{unpadded[r]});
            assertArrayEquals(Fixtures.floats(reference.get("text_embeds").get(r)), one, 1e-4f, "[1," + unpadded[r].length + "]");
        }
    }

    @Test
    void embedRowsHaveUnitNormAndRawDirection() {
        long[][] ids = referenceIds("input_ids");
        float[] raw = encoder.embedRaw(ids);
        float[] unit = encoder.embed(ids);
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

    private static long[][] fivePrompts() {
        return tokenizer.encode(List.of("a photo of a dog.", "a bad photo of the goldfish.", "itap of a great white shark.",
                "a close-up photo of the tench.", ""));
    }

    @Test
    void batchOfFiveEqualsFiveSingles() {
        long[][] ids = fivePrompts();
        float[] batch = encoder.embed(ids);
        for (int i = 0; i < 5; i++) {
            float[] single = encoder.embed(new long[][]{ids[i]});
            assertArrayEquals(single, Arrays.copyOfRange(batch, i * D, (i + 1) * D), 1e-5f, "prompt " + i);
        }
    }

    @Test
    void fourThreadsGiveTheSequentialResult() throws Exception {
        long[][] ids = fivePrompts();
        float[] expected = encoder.embed(ids);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit(() -> encoder.embed(ids)));
            }
            for (Future<float[]> f : results) {
                assertArrayEquals(expected, f.get(), 1e-6f);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void attentionMaskIsFedWhenTheModelTakesOne(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("masked.onnx");
        Files.write(file, TinyOnnx.maskedIds());
        try (ClipTextEncoder masked = ClipTextEncoder.open(file, ExecutionSettings.cpu(1))) {
            assertEquals("ids", masked.inputName());
            assertEquals(77, masked.dim(), "the probe feeds 77 ids");
            long[] ids = tokenizer.encode("a photo of a dog."); // 8 real ids, then 49407 padding
            float[] out = masked.embedRaw(new long[][]{ids});
            for (int j = 0; j < 77; j++) {
                assertEquals(j < 8 ? ids[j] : 0, (long) out[j], "mask is 1 through the first end-of-text only, position " + j);
            }
        }
    }

    @Test
    void rejectsRaggedAndOverlongRows() {
        assertThrows(IllegalArgumentException.class, () -> encoder.embed(new long[][]{{49406, 49407}, {49406, 320, 49407}}));
        assertThrows(IllegalArgumentException.class, () -> encoder.embed(new long[][]{new long[78]}));
        assertThrows(IllegalArgumentException.class, () -> encoder.embed(new long[0][]));
    }
}
