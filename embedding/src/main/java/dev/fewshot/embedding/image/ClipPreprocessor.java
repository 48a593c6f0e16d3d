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
 * skipping the rows and columns the crop throws away changes no value. Thread-safe; coefficient tables are cached
 * per (input size, output size).
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
    private final Map<Long, BicubicWindows> windows = new ConcurrentHashMap<>();

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
        int w = img.width();
        int h = img.height();
        int[] size = resizedSize(w, h);
        int newW = size[0];
        int newH = size[1];
        int left = transform.cropStart(newW);
        int top = transform.cropStart(newH);
        boolean horizontal = newW != w;
        boolean vertical = newH != h;

        // Rows of the source the vertical pass will read (Pillow's ybox_first/ybox_last, narrowed to the crop).
        BicubicWindows v = vertical ? windows(h, newH) : null;
        int firstRow = vertical ? v.start[top] : top;
        int lastRow = vertical ? v.start[top + SIZE - 1] + v.length[top + SIZE - 1] : top + SIZE;
        int rows = lastRow - firstRow;
        int rowBytes = SIZE * 3;

        byte[] tmp = new byte[rows * rowBytes];
        byte[] src = img.rgb();
        if (horizontal) {
            horizontalPass(src, w, windows(w, newW), left, firstRow, rows, tmp);
        } else {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(src, ((firstRow + r) * w + left) * 3, tmp, r * rowBytes, rowBytes);
            }
        }
        if (!vertical) {
            return tmp; // rows == SIZE, starting at the crop's top row
        }
        byte[] out = new byte[SIZE * rowBytes];
        verticalPass(tmp, v, top, firstRow, out);
        return out;
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

    /** Output columns [left, left + 224) for source rows [firstRow, firstRow + rows). */
    private static void horizontalPass(byte[] src, int w, BicubicWindows hw, int left, int firstRow, int rows,
                                       byte[] tmp) {
        int ksize = hw.ksize;
        int[] k = hw.coeffs;
        for (int r = 0; r < rows; r++) {
            int rowBase = (firstRow + r) * w * 3;
            int o = r * SIZE * 3;
            for (int xx = left; xx < left + SIZE; xx++) {
                int s = rowBase + hw.start[xx] * 3;
                int kb = xx * ksize;
                int n = hw.length[xx];
                int r0 = BicubicWindows.HALF;
                int g0 = BicubicWindows.HALF;
                int b0 = BicubicWindows.HALF;
                for (int i = 0; i < n; i++, s += 3) {
                    int ki = k[kb + i];
                    r0 += (src[s] & 0xFF) * ki;
                    g0 += (src[s + 1] & 0xFF) * ki;
                    b0 += (src[s + 2] & 0xFF) * ki;
                }
                tmp[o++] = (byte) BicubicWindows.clip8(r0);
                tmp[o++] = (byte) BicubicWindows.clip8(g0);
                tmp[o++] = (byte) BicubicWindows.clip8(b0);
            }
        }
    }

    /** Output rows [top, top + 224) from the horizontally resampled rows that start at source row firstRow. */
    private static void verticalPass(byte[] tmp, BicubicWindows vw, int top, int firstRow, byte[] out) {
        int rowBytes = SIZE * 3;
        int[] acc = new int[rowBytes];
        int ksize = vw.ksize;
        int[] k = vw.coeffs;
        for (int yy = 0; yy < SIZE; yy++) {
            int oy = top + yy;
            java.util.Arrays.fill(acc, BicubicWindows.HALF);
            int first = vw.start[oy] - firstRow;
            int n = vw.length[oy];
            // taps outer, pixels inner: sequential memory; integer sums are order-independent, so still exact
            for (int i = 0; i < n; i++) {
                int ki = k[oy * ksize + i];
                int t = (first + i) * rowBytes;
                for (int j = 0; j < rowBytes; j++) {
                    acc[j] += (tmp[t + j] & 0xFF) * ki;
                }
            }
            int o = yy * rowBytes;
            for (int j = 0; j < rowBytes; j++) {
                out[o + j] = (byte) BicubicWindows.clip8(acc[j]);
            }
        }
    }

    private BicubicWindows windows(int inSize, int outSize) {
        long key = ((long) inSize << 32) | outSize;
        BicubicWindows w = windows.get(key);
        if (w == null) {
            if (windows.size() >= CACHE_LIMIT) {
                windows.clear(); // datasets with endless distinct sizes: keep memory bounded, recomputing is cheap
            }
            w = windows.computeIfAbsent(key, kk -> BicubicWindows.compute(inSize, outSize));
        }
        return w;
    }
}
