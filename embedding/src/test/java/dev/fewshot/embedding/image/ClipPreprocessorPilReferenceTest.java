package dev.fewshot.embedding.image;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Decode + resize + crop + normalise against PIL / transformers, using the committed fixtures. PNG sources must be
 * bit-exact (same decoded pixels, same fixed-point bicubic). JPEG sources differ only by the IDCT/upsampling of the
 * JDK's libjpeg 6b versus PIL's libjpeg-turbo, so they get the tolerance measured in docs/preprocessing.md.
 */
class ClipPreprocessorPilReferenceTest {

    /** Measured on the fixtures: 0 (JDK libjpeg 6b and libjpeg-turbo share the ISLOW IDCT and fancy upsampling); 1 allows for other encoders. */
    static final int JPEG_MAX_ABS = 1;
    static final double JPEG_MEAN_ABS = 0.05;
    /** The smallest std: one uint8 step is 1 / 255 / 0.26130258 = 0.0150 after normalisation. */
    static final double STEP = 1.0 / 255 / 0.26130258;

    static final ImageDecoder DECODER = new ImageDecoder();
    static final List<String> TABLE = new ArrayList<>();
    /** Every fixture under both conventions: OpenAI's resizes palette, alpha, 16-bit and CMYK in their own mode. */
    static List<org.junit.jupiter.params.provider.Arguments> entries() throws IOException {
        List<org.junit.jupiter.params.provider.Arguments> out = new ArrayList<>();
        for (ImageFixtures.Entry e : ImageFixtures.entries()) {
            for (ClipTransform t : ClipTransform.values()) {
                out.add(org.junit.jupiter.params.provider.Arguments.of(e, t));
            }
        }
        return out;
    }

    @BeforeAll
    static void header() {
        TABLE.clear();
    }

    @AfterAll
    static void printTable() {
        System.out.println("| image | convention | PIL mode | max abs uint8 | mean abs uint8 | max abs float |");
        System.out.println("|---|---|---|---|---|---|");
        TABLE.stream().sorted().forEach(System.out::println);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("entries")
    void matchesPil(ImageFixtures.Entry e, ClipTransform transform) throws IOException {
        ClipPreprocessor pre = new ClipPreprocessor(transform);
        ImageFixtures.Convention want = e.of(transform);
        assertEquals(want.cropLeft(), transform.cropStart(e.resizedWidth()), e.file() + " crop left");
        assertEquals(want.cropTop(), transform.cropStart(e.resizedHeight()), e.file() + " crop top");
        RgbImage img = DECODER.decode(ImageFixtures.dir().resolve(e.file()));
        assertEquals(e.width(), img.width());
        assertEquals(e.height(), img.height());
        assertArrayEquals(new int[] {e.resizedWidth(), e.resizedHeight()},
                ClipPreprocessor.resizedSize(img.width(), img.height()));

        byte[] crop = pre.resizeAndCrop(img);
        byte[] ref = readReference(e.referenceFile(transform));
        int max = 0;
        long total = 0;
        for (int i = 0; i < crop.length; i++) {
            int d = Math.abs((crop[i] & 0xFF) - (ref[i] & 0xFF));
            max = Math.max(max, d);
            total += d;
        }
        double mean = (double) total / crop.length;

        float[] x = pre.preprocess(img);
        float[] xr = normalise(ref);
        double maxFloat = 0;
        double sum = 0;
        float min = Float.MAX_VALUE;
        float mx = -Float.MAX_VALUE;
        for (int i = 0; i < x.length; i++) {
            maxFloat = Math.max(maxFloat, Math.abs(x[i] - xr[i]));
            sum += x[i];
            min = Math.min(min, x[i]);
            mx = Math.max(mx, x[i]);
        }
        TABLE.add(String.format(Locale.ROOT, "| %s | %s | %s | %d | %.4f | %.4f |", e.file(), transform.id(), e.pilMode(),
                max, mean, maxFloat));

        if (e.jpeg()) {
            assertTrue(max <= JPEG_MAX_ABS, e.file() + ": max abs diff " + max);
            assertTrue(mean < JPEG_MEAN_ABS, e.file() + ": mean abs diff " + mean);
            assertTrue(maxFloat <= JPEG_MAX_ABS * STEP + 1e-6, e.file() + ": max float diff " + maxFloat);
            // the sum moves by at most (mean uint8 diff) steps per element
            assertEquals(want.tensorSum(), sum, mean * STEP * x.length + 1e-3, e.file() + ": tensor sum");
            assertEquals(want.tensorMin(), min, JPEG_MAX_ABS * STEP + 1e-6, e.file() + ": tensor min");
            assertEquals(want.tensorMax(), mx, JPEG_MAX_ABS * STEP + 1e-6, e.file() + ": tensor max");
        } else {
            assertEquals(0, max, e.file() + ": PNG must be bit-exact, max abs diff " + max);
            assertEquals(0.0, maxFloat, e.file() + ": float tensor must be bit-exact");
            assertEquals((float) want.tensorMin(), min, 0f, e.file() + ": tensor min");
            assertEquals((float) want.tensorMax(), mx, 0f, e.file() + ": tensor max");
            assertEquals(want.tensorSum(), sum, Math.abs(want.tensorSum()) * 1e-9 + 1e-6, e.file() + ": tensor sum");
        }
    }

    /** torch's ToTensor + Normalize and transformers' float64 rescale give the same float for every uint8 value. */
    @org.junit.jupiter.api.Test
    void bothConventionsNormaliseLikeTheirLibraries() throws IOException {
        int n = ClipPreprocessor.SIZE * ClipPreprocessor.SIZE;
        for (ClipTransform t : ClipTransform.values()) {
            float[][] lut = ImageFixtures.lut(t.id());
            ClipPreprocessor pre = new ClipPreprocessor(t);
            for (int v = 0; v < 256; v++) {
                byte[] flat = new byte[n * 3];
                java.util.Arrays.fill(flat, (byte) v);
                float[] x = pre.preprocess(new RgbImage(ClipPreprocessor.SIZE, ClipPreprocessor.SIZE, flat));
                for (int c = 0; c < 3; c++) {
                    assertEquals(Float.floatToIntBits(lut[c][v]), Float.floatToIntBits(x[c * n]),
                            t.id() + " channel " + c + " value " + v);
                }
            }
        }
    }

    private static byte[] readReference(java.nio.file.Path file) throws IOException {
        BufferedImage ref = ImageIO.read(file.toFile());
        assertEquals(ClipPreprocessor.SIZE, ref.getWidth());
        assertEquals(ClipPreprocessor.SIZE, ref.getHeight());
        int[] px = ref.getRaster().getPixels(0, 0, ClipPreprocessor.SIZE, ClipPreprocessor.SIZE, (int[]) null);
        assertEquals(ClipPreprocessor.SIZE * ClipPreprocessor.SIZE * 3, px.length, "reference must be 8-bit RGB");
        byte[] out = new byte[px.length];
        for (int i = 0; i < px.length; i++) {
            out[i] = (byte) px[i];
        }
        return out;
    }

    /** The reference crop through the same float32 steps transformers uses, written out independently. */
    private static float[] normalise(byte[] hwc) {
        float[] mean = {0.48145466f, 0.4578275f, 0.40821073f};
        float[] std = {0.26862954f, 0.26130258f, 0.27577711f};
        int n = ClipPreprocessor.SIZE * ClipPreprocessor.SIZE;
        float[] out = new float[3 * n];
        for (int p = 0; p < n; p++) {
            for (int c = 0; c < 3; c++) {
                float v = (float) ((hwc[p * 3 + c] & 0xFF) * (1.0 / 255));
                out[c * n + p] = (v - mean[c]) / std[c];
            }
        }
        return out;
    }
}
