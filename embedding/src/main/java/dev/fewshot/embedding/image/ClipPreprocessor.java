package dev.fewshot.embedding.image;

import java.nio.FloatBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CLIP image preprocessing exactly as PIL + torchvision (OpenAI's transform, the default) or PIL + Hugging Face's
 * {@code CLIPImageProcessor} do it ({@link ClipTransform}):
 * <ol>
 *   <li>resize so the shorter side is 224 and the longer one {@code int(224 * long / short)}, with PIL's BICUBIC
 *       filter (fixed point, antialiased when downscaling) — bit-exact for 8-bit RGB;</li>
 *   <li>centre crop 224x224 at the convention's offset (torchvision rounds half to even, transformers floors);</li>
 *   <li>scale to [0, 1] and {@code (x - mean) / std} in float32, written CHW.</li>
 * </ol>
 * Only the pixels inside the crop are computed: each output pixel depends only on its own coefficient window, so
 * skipping the rows and columns the crop throws away changes no value, and work and memory depend on the 224x224
 * output, not on the input's aspect ratio. OpenAI's transform resizes before converting to RGB, so palette, alpha,
 * CMYK and 16-bit sources are resampled in their own mode, as PIL does ({@link ModeResampling}).
 * Thread-safe; coefficient tables are cached per (input size, output size, crop offset).
 */
public final class ClipPreprocessor {

    public static final int SIZE = 224;
    /** Floats per image in a CHW tensor. */
    public static final int IMAGE_FLOATS = 3 * SIZE * SIZE;
    private static final float[] MEAN = {0.48145466f, 0.4578275f, 0.40821073f};
    private static final float[] STD = {0.26862954f, 0.26130258f, 0.27577711f};
    private static final int CACHE_LIMIT = 4096;

    /** uint8 value -> normalised float per channel: exact, since the float32 arithmetic has only 256 inputs. */
    private static final float[][] NORMALISED = new float[3][256];

    static {
        for (int c = 0; c < 3; c++) {
            for (int v = 0; v < 256; v++) {
                float x = (float) (v * (1.0 / 255)); // transformers: float64 multiply, cast; equals torch's v / 255f
                NORMALISED[c][v] = (x - MEAN[c]) / STD[c]; // normalize: float32 subtract and divide
            }
        }
    }

    private final ClipTransform transform;
    private final Map<Key, BicubicWindows> windows = new ConcurrentHashMap<>();

    /** OpenAI's transform, the one CLIP was trained with. */
    public ClipPreprocessor() {
        this(ClipTransform.OPENAI);
    }

    public ClipPreprocessor(ClipTransform transform) {
        this.transform = transform;
    }

    public ClipTransform transform() {
        return transform;
    }

    /** The size before cropping: shorter side 224, longer side truncated (transformers, default_to_square=False). */
    public static int[] resizedSize(int width, int height) {
        int shortSide = Math.min(width, height);
        int longSide = Math.max(width, height);
        int newLong = (int) ((double) ((long) SIZE * longSide) / shortSide);
        return width <= height ? new int[] {SIZE, newLong} : new int[] {newLong, SIZE};
    }

    /** The 224x224 uint8 RGB crop (interleaved HWC), byte for byte what PIL + the convention produce before scaling. */
    public byte[] resizeAndCrop(RgbImage img) {
        Crop c = crop(img.width(), img.height());
        SourcePixels source = transform == ClipTransform.OPENAI ? img.source() : null;
        if (source == null || !c.resizes()) {
            // RGB and L, Hugging Face's convert-first order, or no resize at all (PIL then only copies the image)
            return ModeResampling.resample8(img.rgb(), 3, c);
        }
        if (source instanceof SourcePixels.Nearest) {
            return ModeResampling.nearest(img.rgb(), c);
        }
        if (source instanceof SourcePixels.Alpha a) {
            return ModeResampling.premultiplied(img.rgb(), a.alpha(), c);
        }
        if (source instanceof SourcePixels.Cmyk k) {
            return ModeResampling.cmyk(k.cmyk(), c);
        }
        return ModeResampling.int16(((SourcePixels.Int16) source).values(), c);
    }

    /** Where the crop lies in the resized image, and the resampling windows of its 224 rows and columns. */
    Crop crop(int w, int h) {
        int[] size = resizedSize(w, h);
        int newW = size[0];
        int newH = size[1];
        int left = transform.cropStart(newW);
        int top = transform.cropStart(newH);
        BicubicWindows hw = newW != w ? windows(w, newW, left) : null;
        BicubicWindows vw = newH != h ? windows(h, newH, top) : null;
        return new Crop(w, h, newW, newH, left, top, hw, vw);
    }

    /** CHW float32, normalised: {@code [3][224][224]} flattened. */
    public float[] preprocess(RgbImage img) {
        float[] out = new float[IMAGE_FLOATS];
        preprocess(img, FloatBuffer.wrap(out), 0);
        return out;
    }

    /**
     * Writes the normalised CHW tensor of {@code img} into {@code dst} at float index
     * {@code imageIndex * IMAGE_FLOATS} (absolute puts: the buffer's position and limit are left alone).
     */
    public void preprocess(RgbImage img, FloatBuffer dst, int imageIndex) {
        long base = (long) imageIndex * IMAGE_FLOATS;
        if (imageIndex < 0 || base + IMAGE_FLOATS > dst.capacity()) {
            throw new IndexOutOfBoundsException("image " + imageIndex + " does not fit a buffer of "
                    + dst.capacity() + " floats");
        }
        byte[] crop = resizeAndCrop(img);
        float[] row = new float[SIZE];
        for (int c = 0; c < 3; c++) {
            float[] lut = NORMALISED[c];
            int plane = (int) base + c * SIZE * SIZE;
            for (int y = 0; y < SIZE; y++) {
                int p = y * SIZE * 3 + c;
                for (int x = 0; x < SIZE; x++, p += 3) {
                    row[x] = lut[crop[p] & 0xFF];
                }
                dst.put(plane + y * SIZE, row);
            }
        }
    }

    private BicubicWindows windows(int inSize, int outSize, int first) {
        // Keyed by the crop offset too: only the crop's 224 positions are tabulated.
        Key key = new Key(inSize, outSize, first);
        BicubicWindows w = windows.get(key);
        if (w == null) {
            if (windows.size() >= CACHE_LIMIT) {
                windows.clear(); // datasets with endless distinct sizes: keep memory bounded, recomputing is cheap
            }
            w = windows.computeIfAbsent(key, kk -> BicubicWindows.compute(inSize, outSize, first, SIZE));
        }
        return w;
    }

    private record Key(int inSize, int outSize, int first) {
    }
}
