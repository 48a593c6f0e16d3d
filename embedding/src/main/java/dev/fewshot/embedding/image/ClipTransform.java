package dev.fewshot.embedding.image;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which CLIP preprocessing convention to reproduce. Both resize the shorter side to 224 with PIL's bicubic filter
 * (the longer side truncated) and normalise with CLIP's mean and std in float32; torchvision's {@code v / 255} and
 * transformers' {@code float32(v * (1/255))} give the same floats for all 256 values (checked against both in
 * {@code ClipPreprocessorPilReferenceTest}). They differ in where the crop starts (docs/preprocessing.md):
 * <ul>
 *   <li>{@link #OPENAI}: OpenAI's {@code clip.load} transform, torchvision {@code Resize(224, BICUBIC)},
 *       {@code CenterCrop(224)}, {@code ToTensor}, {@code Normalize}: the crop starts at
 *       {@code int(round((size - 224) / 2.0))}, Python rounding half to even, so a side whose excess over 224 is
 *       3 (mod 4) is cut one pixel further right or down than by transformers. The weights were trained, and the
 *       study evaluated, with this one.</li>
 *   <li>{@link #HF}: Hugging Face's {@code CLIPImageProcessor}: the crop starts at {@code (size - 224) // 2}.</li>
 * </ul>
 * And in the order of resizing and converting to RGB: OpenAI's transform resizes first, so palette, alpha, 16-bit
 * and CMYK sources are resampled in their own mode ({@link ModeResampling}); transformers converts first.
 */
public enum ClipTransform {
    OPENAI, HF;

    /** The crop's first row or column in a resized side of {@code size} pixels. */
    int cropStart(int size) {
        int excess = size - ClipPreprocessor.SIZE;
        return this == OPENAI ? (int) Math.rint(excess / 2.0) : excess / 2;
    }

    /** The name used in settings and on the command line: "openai" or "hf". */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ClipTransform fromId(String id) {
        for (ClipTransform t : values()) {
            if (t.id().equals(id)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown preprocessing '" + id + "'; use one of "
                + Arrays.stream(values()).map(ClipTransform::id).collect(Collectors.joining(", ")));
    }
}
