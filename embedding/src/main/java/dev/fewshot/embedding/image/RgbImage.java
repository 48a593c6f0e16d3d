package dev.fewshot.embedding.image;

/**
 * A decoded image as 8-bit RGB, interleaved and row-major: pixel (x, y) channel c is at {@code (y * width + x) * 3 + c}.
 * {@code source} keeps what PIL holds before {@code convert("RGB")} for palette, alpha, CMYK and 16-bit grey images
 * (null for RGB and L, where converting first changes nothing). The arrays are shared, not copied: treat them as
 * read-only.
 */
public record RgbImage(int width, int height, byte[] rgb, SourcePixels source) {

    public RgbImage {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("bad size " + width + "x" + height);
        }
        if (rgb == null || rgb.length != (long) width * height * 3) {
            throw new IllegalArgumentException("rgb must hold " + width + "*" + height + "*3 bytes");
        }
        long pixels = (long) width * height;
        if (source instanceof SourcePixels.Alpha a && a.alpha().length != pixels
                || source instanceof SourcePixels.Cmyk c && c.cmyk().length != pixels * 4
                || source instanceof SourcePixels.Int16 v && v.values().length != pixels) {
            throw new IllegalArgumentException("source pixels do not match " + width + "x" + height);
        }
    }

    /** An RGB (or grey) image. */
    public RgbImage(int width, int height, byte[] rgb) {
        this(width, height, rgb, null);
    }

    /** Channel c (0 = R) of pixel (x, y), 0..255. */
    public int get(int x, int y, int c) {
        return rgb[(y * width + x) * 3 + c] & 0xFF;
    }
}
