package dev.fewshot.embedding.image;

import dev.fewshot.embedding.image.ImageDecodeException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Every bad input ends as an ImageDecodeException with the right reason and the input's name in the message. */
class ImageDecoderBrokenInputTest {

    @TempDir
    Path dir;

    final ImageDecoder decoder = new ImageDecoder();

    @Test
    void zeroBytes() throws IOException {
        Path p = write("empty.jpg", new byte[0]);
        expect(Reason.EMPTY, p);
        expect(Reason.EMPTY, new byte[0], "inline-empty");
    }

    @Test
    void textFileNamedJpg() throws IOException {
        Path p = write("notes.jpg", "these are not the pixels you are looking for\n".getBytes(StandardCharsets.UTF_8));
        expect(Reason.NOT_AN_IMAGE, p);
    }

    @Test
    void truncatedJpeg() throws IOException {
        byte[] jpeg = encode(noise(320, 240), "jpeg");
        assertEquals(320, decoder.decode(jpeg, "whole.jpg").width(), "the untruncated file decodes");
        Path p = write("half.jpg", Arrays.copyOf(jpeg, jpeg.length / 2));
        ImageDecodeException e = expect(EnumSet.of(Reason.TRUNCATED), p);
        String m = e.getMessage().toLowerCase(java.util.Locale.ROOT);
        assertTrue(m.contains("premature") || m.contains("truncat") || m.contains("end"), e.getMessage());
    }

    @Test
    void truncatedPng() throws IOException {
        byte[] png = encode(noise(320, 240), "png");
        Path p = write("half.png", Arrays.copyOf(png, png.length / 2));
        expect(EnumSet.of(Reason.TRUNCATED, Reason.CORRUPT), p);
    }

    @Test
    void garbageAfterJpegSoi() throws IOException {
        byte[] b = new byte[4096];
        new Random(7).nextBytes(b);
        b[0] = (byte) 0xFF;
        b[1] = (byte) 0xD8;
        Path p = write("garbage.jpg", b);
        expect(Reason.CORRUPT, p);
    }

    @Test
    void webpHasNoReader() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(64).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(56).put("WEBPVP8 ".getBytes(StandardCharsets.US_ASCII));
        Path p = write("photo.webp", b.array());
        ImageDecodeException e = expect(Reason.UNSUPPORTED, p);
        assertTrue(e.getMessage().contains("WebP"), e.getMessage());
    }

    @Test
    void decompressionBombIsRefusedFromTheHeader() throws IOException {
        byte[] bomb = pngBomb(50_000, 50_000);
        assertTrue(bomb.length < 1024, "the bomb is tiny: " + bomb.length + " bytes");
        Path p = write("bomb.png", bomb);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        decoder.decode(write("warmup.png", encode(noise(8, 8), "png"))); // load ImageIO classes first
        long before = mx.getThreadAllocatedBytes(tid);
        long t0 = System.nanoTime();
        ImageDecodeException e = expect(Reason.TOO_LARGE, p);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        long allocated = mx.getThreadAllocatedBytes(tid) - before;
        assertTrue(e.getMessage().contains("50000x50000"), e.getMessage());
        assertTrue(ms < 1000, "refused in " + ms + " ms");
        // 50000 * 50000 * 3 bytes would be 7.5 GB; header parsing needs well under 16 MB
        assertTrue(allocated < 16L << 20, "allocated " + allocated + " bytes");
    }

    @Test
    void pixelLimitAppliesToOrdinaryImages() throws IOException {
        byte[] jpeg = encode(noise(320, 240), "jpeg");
        ImageDecoder strict = new ImageDecoder(new ImageLimits(ImageLimits.DEFAULT_MAX_BYTES, 320 * 240 - 1));
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> strict.decode(jpeg, "big.jpg"));
        assertEquals(Reason.TOO_LARGE, e.reason());
        assertTrue(e.getMessage().contains("big.jpg"));
        ImageDecoder exact = new ImageDecoder(new ImageLimits(ImageLimits.DEFAULT_MAX_BYTES, 320 * 240));
        assertEquals(240, exact.decode(jpeg, "ok.jpg").height());
    }

    @Test
    void byteLimitIsCheckedBeforeReadingTheFile() throws IOException {
        Path p = write("large.png", encode(noise(64, 64), "png"));
        ImageDecoder strict = new ImageDecoder(new ImageLimits(100, ImageLimits.DEFAULT_MAX_PIXELS));
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> strict.decode(p));
        assertEquals(Reason.TOO_LARGE, e.reason());
        assertTrue(e.getMessage().contains("large.png"), e.getMessage());
    }

    @Test
    void invalidPngSizeInHeader() throws IOException {
        expect(EnumSet.of(Reason.CORRUPT), write("zero.png", pngBomb(0, 10)));
    }

    /** Random damage to valid files must never leak another exception type. */
    @Test
    void fuzzedFilesOnlyFailWithImageDecodeException() throws IOException {
        Random rnd = new Random(20240611);
        byte[][] seeds = {encode(noise(96, 64), "jpeg"), encode(noise(96, 64), "png"), encode(noise(96, 64), "gif"),
                encode(noise(96, 64), "bmp")};
        int failures = 0;
        for (int i = 0; i < 400; i++) {
            byte[] b = seeds[i % seeds.length].clone();
            int flips = 1 + rnd.nextInt(8);
            for (int f = 0; f < flips; f++) {
                b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
            }
            if (rnd.nextInt(4) == 0) {
                b = Arrays.copyOf(b, 1 + rnd.nextInt(b.length));
            }
            try {
                RgbImage img = decoder.decode(b, "fuzz-" + i);
                assertEquals((long) img.width() * img.height() * 3, img.rgb().length);
            } catch (ImageDecodeException e) {
                failures++;
                assertTrue(e.getMessage().contains("fuzz-" + i), e.getMessage());
            } catch (Throwable t) {
                fail("fuzz case " + i + " leaked " + t, t);
            }
        }
        assertTrue(failures > 0, "some damage must be detected");
    }

    private ImageDecodeException expect(Reason reason, Path p) {
        return expect(EnumSet.of(reason), p);
    }

    private ImageDecodeException expect(EnumSet<Reason> reasons, Path p) {
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> decoder.decode(p));
        assertTrue(reasons.contains(e.reason()), "expected " + reasons + " but got " + e.reason() + ": " + e.getMessage());
        assertTrue(e.getMessage().contains(p.getFileName().toString()), "message names the file: " + e.getMessage());
        assertEquals(p.toString(), e.name());
        return e;
    }

    private void expect(Reason reason, byte[] bytes, String name) {
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> decoder.decode(bytes, name));
        assertEquals(reason, e.reason());
        assertTrue(e.getMessage().contains(name), e.getMessage());
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    static BufferedImage noise(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Random rnd = new Random(w * 31L + h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, (x * 255 / w) << 16 | (y * 255 / h) << 8 | rnd.nextInt(256));
            }
        }
        return img;
    }

    static byte[] encode(BufferedImage img, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(img, format, out)) {
            throw new IllegalStateException("no writer for " + format);
        }
        return out.toByteArray();
    }

    static byte[] pngBomb(int w, int h) {
        return dev.fewshot.embedding.testing.TestImages.pngBomb(w, h);
    }
}
