package dev.fewshot.embedding.image;

/**
 * A decoded image as 8-bit RGB, interleaved and row-major: pixel (x, y) channel c is at {@code (y * width + x) * 3 + c}.
 * The array is shared, not copied: treat it as read-only.
 */
public record RgbImage(int width, int height, byte[] rgb) {

    public RgbImage {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("bad size " + width + "x" + height);
        }
        if (rgb == null || rgb.length != (long) width * height * 3) {
            throw new IllegalArgumentException("rgb must hold " + width + "*" + height + "*3 bytes");
        }
    }

    /** Channel c (0 = R) of pixel (x, y), 0..255. */
    public int get(int x, int y, int c) {
        return rgb[(y * width + x) * 3 + c] & 0xFF;
    }
}
