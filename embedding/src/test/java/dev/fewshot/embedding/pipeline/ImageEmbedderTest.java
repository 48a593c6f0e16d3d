package dev.fewshot.embedding.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fewshot.embedding.Fixtures;
import dev.fewshot.embedding.image.ClipPreprocessor;
import dev.fewshot.embedding.image.ImageDecoder;
import dev.fewshot.embedding.image.ImageLimits;
import dev.fewshot.embedding.model.ClipVisionEncoder;
import dev.fewshot.embedding.model.ExecutionSettings;
import dev.fewshot.embedding.source.ImageItem;
import dev.fewshot.embedding.testing.TestImages;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The decode/inference pipeline with the tiny CLIP model and generated images (some broken). */
class ImageEmbedderTest {
    @TempDir
    static Path dir;
    static ClipVisionEncoder encoder;
    static List<ImageItem> items;

    @BeforeAll
    static void setUp() throws Exception {
        encoder = ClipVisionEncoder.open(Fixtures.tinyClip().resolve("vision_model.onnx"), ExecutionSettings.cpu(1));
        List<String> good = TestImages.classFolders(dir, List.of("a", "b", "c"), 5, 3);
        List<String> broken = TestImages.brokenFiles(dir.resolve("b"));
        items = new ArrayList<>();
        for (String rel : good) {
            items.add(new ImageItem(rel, dir.resolve(rel), rel.charAt(0) - 'a'));
        }
        for (String name : broken) {
            items.add(new ImageItem("b/" + name, dir.resolve("b").resolve(name), 1));
        }
        items.sort((x, y) -> x.itemId().compareTo(y.itemId()));
    }

    @AfterAll
    static void tearDown() {
        encoder.close();
    }

    /** Collects what the pipeline hands over, checking the order. */
    static final class Collected implements EmbeddingSink {
        final Map<String, float[]> vectors = new LinkedHashMap<>();
        final Map<String, String> failed = new LinkedHashMap<>();
        final List<Integer> batchSizes = new ArrayList<>();

        @Override
        public void accept(List<ImageItem> batch, float[] v, int dim) {
            batchSizes.add(batch.size());
            assertEquals(batch.size() * dim, v.length);
            for (int i = 0; i < batch.size(); i++) {
                float[] row = new float[dim];
                System.arraycopy(v, i * dim, row, 0, dim);
                vectors.put(batch.get(i).itemId(), row);
            }
        }

        @Override
        public void failed(ImageItem item, String reason) {
            failed.put(item.itemId(), reason);
        }
    }

    private static Collected run(int decodeThreads, int batch) throws InterruptedException {
        Collected c = new Collected();
        try (ImageEmbedder e = new ImageEmbedder(encoder, new ImageDecoder(ImageLimits.DEFAULTS), new ClipPreprocessor(),
                decodeThreads, batch)) {
            EmbedStats st = e.embed(items, c);
            assertEquals(15, st.embedded());
            assertEquals(3, st.failed());
        }
        return c;
    }

    @Test
    void embedsEveryGoodImageInListingOrderAndReportsTheBrokenOnes() throws Exception {
        Collected c = run(2, 4);
        List<String> expectedOrder = items.stream().map(ImageItem::itemId).filter(id -> !c.failed.containsKey(id)).toList();
        assertEquals(expectedOrder, new ArrayList<>(c.vectors.keySet()));
        assertEquals(List.of("b/empty.jpg", "b/notes.jpg", "b/truncated.jpg"), new ArrayList<>(c.failed.keySet()));
        c.failed.forEach((id, reason) -> assertTrue(reason.contains(id.substring(2)), id + ": " + reason));
        // Each vector is the model's normalised embedding of that file alone.
        ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULTS);
        for (ImageItem it : items.subList(0, 4)) {
            if (c.failed.containsKey(it.itemId())) {
                continue;
            }
            FloatBuffer px = ClipVisionEncoder.allocatePixels(1);
            new ClipPreprocessor().preprocess(decoder.decode(it.path()), px, 0);
            float[] alone = encoder.embed(px, 1);
            float[] got = c.vectors.get(it.itemId());
            for (int j = 0; j < alone.length; j++) {
                assertEquals(alone[j], got[j], 1e-5, it.itemId());
            }
        }
    }

    @Test
    void theSameListingGivesBitIdenticalVectorsWhateverTheDecodeThreads() throws Exception {
        Collected one = run(1, 4);
        Collected three = run(3, 4);
        assertEquals(one.vectors.keySet(), three.vectors.keySet());
        for (String id : one.vectors.keySet()) {
            assertArrayEquals(one.vectors.get(id), three.vectors.get(id), id);
        }
        assertEquals(one.batchSizes, three.batchSizes);
    }

    @Test
    void aFailingSinkStopsTheRunAndTheEmbedderStaysUsable() throws Exception {
        try (ImageEmbedder e = new ImageEmbedder(encoder, new ImageDecoder(ImageLimits.DEFAULTS), new ClipPreprocessor(), 2, 2)) {
            EmbeddingSink failing = new EmbeddingSink() {
                @Override
                public void accept(List<ImageItem> batch, float[] v, int dim) {
                    throw new IllegalStateException("broker down");
                }

                @Override
                public void failed(ImageItem item, String reason) {
                }
            };
            assertThrows(IllegalStateException.class, () -> e.embed(items, failing));
            Collected c = new Collected();
            assertEquals(15, e.embed(items, c).embedded());
        }
    }
}
