package dev.fewshot.embedding.image;

/**
 * What {@link ImageDecoder} accepts before it spends memory: the encoded size and the pixel count read from the
 * header. The pixel limit is PIL's {@code Image.MAX_IMAGE_PIXELS}, so an image PIL would flag as a bomb is refused.
 */
public record ImageLimits(long maxBytes, long maxPixels) {

    public static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;
    /** PIL's {@code MAX_IMAGE_PIXELS}: 1024 * 1024 * 1024 // 4 // 3. */
    public static final long DEFAULT_MAX_PIXELS = 89_478_485L;
    public static final ImageLimits DEFAULTS = new ImageLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS);

    public ImageLimits {
        if (maxBytes <= 0 || maxPixels <= 0) {
            throw new IllegalArgumentException("limits must be positive: maxBytes=" + maxBytes + ", maxPixels=" + maxPixels);
        }
    }
}
