package dev.fewshot.embedding.image;

import static dev.fewshot.embedding.image.ClipPreprocessor.SIZE;

/**
 * Pillow's resize of the crop, per source mode (Resample.c and Geometry.c), so that OpenAI's resize-then-convert
 * order is reproduced exactly: 8-bit channels with fixed-point weights (RGB, L, RGBa, CMYK), nearest neighbour for
 * palette images, and 32-bit integers with double weights for 16-bit grey. Every method returns the 224x224 crop as
 * interleaved 8-bit RGB.
 */
final class ModeResampling {

    private ModeResampling() {
    }

    /** RGB (ch = 3) or any other 8-bit interleaved layout: Pillow's 8bpc passes, horizontal first. */
    static byte[] resample8(byte[] src, int ch, Crop c) {
        return resample8(src, 0, ch, c);
    }

    /** As above, where {@code src} holds the source rows from {@code srcRow0} on (a band, not the whole image). */
    static byte[] resample8(byte[] src, int srcRow0, int ch, Crop c) {
        int firstRow = c.firstRow();
        int rows = c.rows();
        int rowBytes = SIZE * ch;
        byte[] tmp = new byte[rows * rowBytes];
        if (c.hw() != null) {
            if (ch == 3) {
                horizontalRgb(src, srcRow0, c.w(), c.hw(), firstRow, rows, tmp);
            } else {
                horizontal(src, srcRow0, ch, c.w(), c.hw(), firstRow, rows, tmp);
            }
        } else {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(src, ((firstRow - srcRow0 + r) * c.w() + c.left()) * ch, tmp, r * rowBytes, rowBytes);
            }
        }
        if (c.vw() == null) {
            return tmp; // rows == SIZE, starting at the crop's top row
        }
        byte[] out = new byte[SIZE * rowBytes];
        vertical(tmp, rowBytes, c.vw(), firstRow, out);
        return out;
    }

    /**
     * Palette and bilevel images: Pillow resizes them with NEAREST (ImagingScaleAffine), source column
     * {@code (int) xo} where {@code xo} starts at half a step and is advanced by one step per output column, in
     * double precision, so the same accumulated sums are formed here. Nearest of the palette indices, then the
     * palette, equals nearest of the colours.
     */
    static byte[] nearest(byte[] rgb, Crop c) {
        int[] xs = nearestIndex(c.w(), c.newW(), c.left());
        int[] ys = nearestIndex(c.h(), c.newH(), c.top());
        byte[] out = new byte[SIZE * SIZE * 3];
        for (int y = 0, o = 0; y < SIZE; y++) {
            int row = ys[y] * c.w();
            for (int x = 0; x < SIZE; x++) {
                int s = (row + xs[x]) * 3;
                out[o++] = rgb[s];
                out[o++] = rgb[s + 1];
                out[o++] = rgb[s + 2];
            }
        }
        return out;
    }

    private static int[] nearestIndex(int inSize, int outSize, int first) {
        double step = (double) (float) inSize / outSize; // Pillow's box edges are C floats
        double pos = step * 0.5;
        int[] idx = new int[SIZE];
        for (int x = 0; x < first + SIZE; x++) {
            if (x >= first) {
                int i = pos < 0.0 ? -1 : (int) pos;
                idx[x - first] = Math.max(0, Math.min(inSize - 1, i));
            }
            pos += step;
        }
        return idx;
    }

    /**
     * RGBA and LA: converted to premultiplied "RGBa"/"La" (MULDIV255), resampled as four 8-bit channels, converted
     * back (255 * c / a, unchanged where a is 0 or 255), alpha dropped by {@code convert("RGB")}. Only the source
     * rows the crop reads are premultiplied.
     */
    static byte[] premultiplied(byte[] rgb, byte[] alpha, Crop c) {
        int w = c.w();
        int firstRow = c.firstRow();
        int rows = c.rows();
        byte[] band = new byte[rows * w * 4];
        for (int p = firstRow * w, end = (firstRow + rows) * w, o = 0; p < end; p++) {
            int a = alpha[p] & 0xFF;
            band[o++] = (byte) mulDiv255(rgb[p * 3] & 0xFF, a);
            band[o++] = (byte) mulDiv255(rgb[p * 3 + 1] & 0xFF, a);
            band[o++] = (byte) mulDiv255(rgb[p * 3 + 2] & 0xFF, a);
            band[o++] = (byte) a;
        }
        byte[] rgba = resample8(band, firstRow, 4, c);
        byte[] out = new byte[SIZE * SIZE * 3];
        for (int p = 0, o = 0; p < SIZE * SIZE; p++) {
            int a = rgba[p * 4 + 3] & 0xFF;
            for (int k = 0; k < 3; k++) {
                int v = rgba[p * 4 + k] & 0xFF;
                out[o++] = (byte) (a == 0 || a == 255 ? v : Math.min(255, 255 * v / a));
            }
        }
        return out;
    }

    /** CMYK: the four channels resampled, then converted with PIL's cmyk2rgb. */
    static byte[] cmyk(byte[] cmyk, Crop c) {
        byte[] k4 = resample8(cmyk, 4, c);
        byte[] out = new byte[SIZE * SIZE * 3];
        for (int p = 0, o = 0; p < SIZE * SIZE; p++) {
            int k = k4[p * 4 + 3] & 0xFF;
            out[o++] = (byte) RgbConversion.cmykToRgb(k4[p * 4] & 0xFF, k);
            out[o++] = (byte) RgbConversion.cmykToRgb(k4[p * 4 + 1] & 0xFF, k);
            out[o++] = (byte) RgbConversion.cmykToRgb(k4[p * 4 + 2] & 0xFF, k);
        }
        return out;
    }

    /**
     * 16-bit grey (PIL mode "I"): Pillow's 32bpc passes, {@code ss += pixel * weight} in double in tap order,
     * rounded with ROUND_UP after each pass; the conversion to RGB clips to 0..255.
     */
    static byte[] int16(char[] values, Crop c) {
        int w = c.w();
        int firstRow = c.firstRow();
        int rows = c.rows();
        int[] tmp = new int[rows * SIZE];
        BicubicWindows hw = c.hw();
        for (int r = 0; r < rows; r++) {
            int rowBase = (firstRow + r) * w;
            for (int i = 0; i < SIZE; i++) {
                if (hw == null) {
                    tmp[r * SIZE + i] = values[rowBase + c.left() + i];
                    continue;
                }
                double ss = 0.0;
                int s = rowBase + hw.start[i];
                for (int t = 0, kb = i * hw.ksize; t < hw.length[i]; t++) {
                    ss += values[s + t] * hw.weights[kb + t];
                }
                tmp[r * SIZE + i] = roundUp(ss);
            }
        }
        BicubicWindows vw = c.vw();
        byte[] out = new byte[SIZE * SIZE * 3];
        for (int y = 0, o = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                int v;
                if (vw == null) {
                    v = tmp[y * SIZE + x];
                } else {
                    double ss = 0.0;
                    int first = vw.start[y] - firstRow;
                    for (int t = 0, kb = y * vw.ksize; t < vw.length[y]; t++) {
                        ss += tmp[(first + t) * SIZE + x] * vw.weights[kb + t];
                    }
                    v = roundUp(ss);
                }
                byte g = (byte) (v <= 0 ? 0 : Math.min(v, 255));
                out[o++] = g;
                out[o++] = g;
                out[o++] = g;
            }
        }
        return out;
    }

    /** Pillow's ROUND_UP: {@code (int) (f >= 0 ? f + 0.5 : f - 0.5)}, truncating toward zero. */
    private static int roundUp(double f) {
        return (int) (f >= 0.0 ? f + 0.5 : f - 0.5);
    }

    static int mulDiv255(int a, int b) {
        int t = a * b + 128;
        return ((t >> 8) + t) >> 8;
    }

    /** The crop's 224 columns of {@code rows} source rows from {@code firstRow}, three channels. */
    private static void horizontalRgb(byte[] src, int srcRow0, int w, BicubicWindows hw, int firstRow, int rows,
                                      byte[] tmp) {
        int ksize = hw.ksize;
        int[] k = hw.coeffs;
        for (int r = 0; r < rows; r++) {
            int rowBase = (firstRow - srcRow0 + r) * w * 3;
            int o = r * SIZE * 3;
            for (int i = 0; i < SIZE; i++) {
                int s = rowBase + hw.start[i] * 3;
                int kb = i * ksize;
                int n = hw.length[i];
                int r0 = BicubicWindows.HALF;
                int g0 = BicubicWindows.HALF;
                int b0 = BicubicWindows.HALF;
                for (int t = 0; t < n; t++, s += 3) {
                    int kt = k[kb + t];
                    r0 += (src[s] & 0xFF) * kt;
                    g0 += (src[s + 1] & 0xFF) * kt;
                    b0 += (src[s + 2] & 0xFF) * kt;
                }
                tmp[o++] = (byte) BicubicWindows.clip8(r0);
                tmp[o++] = (byte) BicubicWindows.clip8(g0);
                tmp[o++] = (byte) BicubicWindows.clip8(b0);
            }
        }
    }

    /** As {@link #horizontalRgb} for {@code ch} interleaved channels. */
    private static void horizontal(byte[] src, int srcRow0, int ch, int w, BicubicWindows hw, int firstRow, int rows,
                                   byte[] tmp) {
        int ksize = hw.ksize;
        int[] k = hw.coeffs;
        int[] acc = new int[ch];
        for (int r = 0; r < rows; r++) {
            int rowBase = (firstRow - srcRow0 + r) * w * ch;
            int o = r * SIZE * ch;
            for (int i = 0; i < SIZE; i++) {
                java.util.Arrays.fill(acc, BicubicWindows.HALF);
                int s = rowBase + hw.start[i] * ch;
                int kb = i * ksize;
                for (int t = 0; t < hw.length[i]; t++, s += ch) {
                    int kt = k[kb + t];
                    for (int q = 0; q < ch; q++) {
                        acc[q] += (src[s + q] & 0xFF) * kt;
                    }
                }
                for (int q = 0; q < ch; q++) {
                    tmp[o++] = (byte) BicubicWindows.clip8(acc[q]);
                }
            }
        }
    }

    /** The crop's 224 rows from the horizontally resampled rows that start at source row firstRow. */
    private static void vertical(byte[] tmp, int rowBytes, BicubicWindows vw, int firstRow, byte[] out) {
        int[] acc = new int[rowBytes];
        int ksize = vw.ksize;
        int[] k = vw.coeffs;
        for (int y = 0; y < SIZE; y++) {
            java.util.Arrays.fill(acc, BicubicWindows.HALF);
            int first = vw.start[y] - firstRow;
            int n = vw.length[y];
            // taps outer, pixels inner: sequential memory; integer sums are order-independent, so still exact
            for (int t = 0; t < n; t++) {
                int kt = k[y * ksize + t];
                int base = (first + t) * rowBytes;
                for (int j = 0; j < rowBytes; j++) {
                    acc[j] += (tmp[base + j] & 0xFF) * kt;
                }
            }
            int o = y * rowBytes;
            for (int j = 0; j < rowBytes; j++) {
                out[o + j] = (byte) BicubicWindows.clip8(acc[j]);
            }
        }
    }
}
