package dev.fewshot.embedding.image;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClipPreprocessorTest {

    final ClipPreprocessor pre = new ClipPreprocessor();

    @Test
    void shortSideBecomes224AndLongSideIsTruncated() {
        assertArrayEquals(new int[] {298, 224}, ClipPreprocessor.resizedSize(500, 375)); // 298.66 -> 298
        assertArrayEquals(new int[] {224, 298}, ClipPreprocessor.resizedSize(375, 500));
        assertArrayEquals(new int[] {280, 224}, ClipPreprocessor.resizedSize(100, 80)); // upscale
        assertArrayEquals(new int[] {1493, 224}, ClipPreprocessor.resizedSize(1000, 150));
        assertArrayEquals(new int[] {224, 224}, ClipPreprocessor.resizedSize(224, 224));
        assertArrayEquals(new int[] {225, 224}, ClipPreprocessor.resizedSize(225, 224));
        assertArrayEquals(new int[] {224, 224}, ClipPreprocessor.resizedSize(7, 7));
    }

    @Test
    void fixedPointWeightsSumToOne() {
        for (int[] io : List.of(new int[] {500, 298}, new int[] {80, 224}, new int[] {4000, 224}, new int[] {1, 224})) {
            BicubicWindows w = BicubicWindows.compute(io[0], io[1]);
            for (int i = 0; i < io[1]; i++) {
                int sum = 0;
                for (int k = 0; k < w.length[i]; k++) {
                    sum += w.coeffs[i * w.ksize + k];
                }
                assertTrue(Math.abs(sum - (1 << BicubicWindows.PRECISION_BITS)) <= w.length[i], "window " + i);
                assertTrue(w.start[i] >= 0 && w.start[i] + w.length[i] <= io[0]);
            }
        }
    }

    @Test
    void constantImageStaysConstant() {
        byte[] rgb = new byte[37 * 53 * 3];
        for (int i = 0; i < rgb.length; i += 3) {
            rgb[i] = (byte) 200;
            rgb[i + 1] = 17;
            rgb[i + 2] = (byte) 255;
        }
        byte[] crop = pre.resizeAndCrop(new RgbImage(37, 53, rgb));
        for (int i = 0; i < crop.length; i += 3) {
            assertEquals(200, crop[i] & 0xFF);
            assertEquals(17, crop[i + 1] & 0xFF);
            assertEquals(255, crop[i + 2] & 0xFF);
        }
    }

    @Test
    void writesChwAtTheImageOffsetOfADirectBuffer() {
        RgbImage a = random(300, 200, 1);
        RgbImage b = random(150, 400, 2);
        FloatBuffer dst = ByteBuffer.allocateDirect(3 * ClipPreprocessor.IMAGE_FLOATS * 4)
                .order(ByteOrder.nativeOrder()).asFloatBuffer();
        pre.preprocess(b, dst, 2);
        pre.preprocess(a, dst, 0);
        float[] got = new float[3 * ClipPreprocessor.IMAGE_FLOATS];
        dst.get(0, got);
        float[] fa = pre.preprocess(a);
        float[] fb = pre.preprocess(b);
        int n = ClipPreprocessor.IMAGE_FLOATS;
        assertArrayEquals(fa, java.util.Arrays.copyOfRange(got, 0, n));
        assertArrayEquals(new float[n], java.util.Arrays.copyOfRange(got, n, 2 * n), "image 1 untouched");
        assertArrayEquals(fb, java.util.Arrays.copyOfRange(got, 2 * n, 3 * n));
        assertEquals(0, dst.position(), "absolute puts leave the position alone");
        assertThrows(IndexOutOfBoundsException.class, () -> pre.preprocess(a, dst, 3));
    }

    @Test
    void channelPlanesAndNormalisation() {
        byte[] rgb = new byte[224 * 224 * 3];
        for (int i = 0; i < rgb.length; i += 3) {
            rgb[i] = (byte) 255;
        }
        float[] x = pre.preprocess(new RgbImage(224, 224, rgb));
        int n = 224 * 224;
        assertEquals((1f - 0.48145466f) / 0.26862954f, x[0], 0f);
        assertEquals((0f - 0.4578275f) / 0.26130258f, x[n], 0f);
        assertEquals((0f - 0.40821073f) / 0.27577711f, x[2 * n + n - 1], 0f);
    }

    @Test
    void threadSafeAndDeterministic() {
        List<RgbImage> imgs = IntStream.range(0, 16).mapToObj(i -> random(180 + i * 37, 160 + i * 11, i)).toList();
        List<byte[]> serial = imgs.stream().map(pre::resizeAndCrop).toList();
        ClipPreprocessor shared = new ClipPreprocessor();
        List<byte[]> parallel = imgs.parallelStream().map(shared::resizeAndCrop).toList();
        for (int i = 0; i < imgs.size(); i++) {
            assertArrayEquals(serial.get(i), parallel.get(i));
        }
    }

    /**
     * A 2 x 2,000,000 image resizes to 224 x 224,000,000: the tables and buffers must follow the 224 x 224 crop, not
     * the resized long side (once sized for it, this ran out of a 4 GB heap). Every source mode, both orientations.
     */
    @Test
    void extremeAspectRatiosCostOnlyTheCrop() {
        for (int[] wh : List.of(new int[] {2, 2_000_000}, new int[] {2_000_000, 2}, new int[] {1, 1_000_000})) {
            int w = wh[0];
            int h = wh[1];
            int pixels = w * h;
            Crop c = pre.crop(w, h);
            assertEquals(ClipPreprocessor.SIZE, c.hw().start.length, "column windows");
            assertEquals(ClipPreprocessor.SIZE, c.vw().start.length, "row windows");
            RgbImage rgb = random(w, h, 7);
            byte[] alpha = new byte[pixels];
            java.util.Arrays.fill(alpha, (byte) 128);
            char[] wide = new char[pixels];
            java.util.Arrays.fill(wide, (char) 300);
            byte[] cmyk = new byte[pixels * 4];
            for (SourcePixels source : List.of(new SourcePixels.Nearest(), new SourcePixels.Alpha(alpha),
                    new SourcePixels.Cmyk(cmyk), new SourcePixels.Int16(wide))) {
                byte[] crop = pre.resizeAndCrop(new RgbImage(w, h, rgb.rgb(), source));
                assertEquals(ClipPreprocessor.SIZE * ClipPreprocessor.SIZE * 3, crop.length, source.toString());
            }
            float[] x = pre.preprocess(rgb);
            assertEquals(ClipPreprocessor.IMAGE_FLOATS, x.length);
        }
    }

    static RgbImage random(int w, int h, long seed) {
        byte[] rgb = new byte[w * h * 3];
        new Random(seed).nextBytes(rgb);
        return new RgbImage(w, h, rgb);
    }
}
