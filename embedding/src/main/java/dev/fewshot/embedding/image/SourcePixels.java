package dev.fewshot.embedding.image;

/**
 * The pixels of a source that PIL does not hold as RGB or L, as PIL holds them before {@code convert("RGB")}.
 * OpenAI's transform resizes first and converts after, so these sources are resampled in their own mode
 * ({@link ClipPreprocessor}); Hugging Face's converts first and never looks at them.
 */
public sealed interface SourcePixels {

    /** Palette ("P") and bilevel ("1") images: PIL resizes them with NEAREST whatever filter is asked for. */
    record Nearest() implements SourcePixels {
    }

    /**
     * RGBA and LA images: PIL premultiplies by alpha ("RGBa", "La"), resamples, and divides again. One alpha byte
     * per pixel, row-major; the colours are the image's RGB (grey repeated three times for LA).
     */
    record Alpha(byte[] alpha) implements SourcePixels {
    }

    /** CMYK images: four 8-bit channels resampled, then PIL's cmyk2rgb. Interleaved, not inverted. */
    record Cmyk(byte[] cmyk) implements SourcePixels {
    }

    /**
     * 16-bit grey ("I" in PIL): resampled as 32-bit integers with double weights, clipped to 0..255 only by the
     * final conversion to RGB. One unsigned 16-bit value per pixel.
     */
    record Int16(char[] values) implements SourcePixels {
    }
}
