package dev.fewshot.embedding.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Colour model to 8-bit RGB exactly as PIL's {@code convert("RGB")} does on what PIL's decoders produce. Raw samples
 * are read, never {@code getRGB()}, because that applies ICC/colour-space conversions PIL does not do.
 */
final class RgbConversion {

    private RgbConversion() {
    }

    /**
     * The image as PIL's {@code convert("RGB")} gives it, with the pixels PIL holds before that conversion for
     * palette, alpha, 16-bit grey and CMYK sources ({@link SourcePixels}).
     *
     * @param indexedIsPalette whether an indexed image is PIL mode "P" or "1" (resized with NEAREST); false for
     *                         2- and 4-bit grey PNGs, which Java reads as indexed and PIL as "L"
     */
    static RgbImage toImage(BufferedImage image, boolean indexedIsPalette) {
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] out = new byte[Math.multiplyExact(Math.multiplyExact(w, h), 3)];
        if (cm instanceof IndexColorModel icm) {
            fromPalette(icm, raster, w, h, out);
            return new RgbImage(w, h, out, indexedIsPalette ? new SourcePixels.Nearest() : null);
        }
        int space = cm.getColorSpace().getType();
        int bands = raster.getNumBands();
        int bits = raster.getSampleModel().getSampleSize(0);
        int type = raster.getDataBuffer().getDataType();
        boolean integral = type == DataBuffer.TYPE_BYTE || type == DataBuffer.TYPE_USHORT;
        if (space == ColorSpace.TYPE_GRAY && integral && bands <= 2 && cm.getNumColorComponents() == 1) {
            return fromGray(raster, w, h, bits, bands, out);
        } else if (space == ColorSpace.TYPE_RGB && integral && bands >= 3 && (bits == 8 || bits == 16)
                && cm.getNumColorComponents() == 3) {
            byte[] alpha = cm.hasAlpha() && bands >= 4 ? new byte[w * h] : null;
            fromRgb(raster, w, h, bits, out, alpha);
            return new RgbImage(w, h, out, alpha == null ? null : new SourcePixels.Alpha(alpha));
        } else if (space == ColorSpace.TYPE_CMYK && integral && bands >= 4 && bits == 8) {
            return fromCmyk(raster, false);
        } else {
            // Anything else (packed 5-6-5 BMP, float TIFF...): let Java2D map to sRGB. PIL has no exact analogue.
            int[] row = new int[w];
            for (int y = 0, o = 0; y < h; y++) {
                image.getRGB(0, y, w, 1, row, 0, w);
                for (int x = 0; x < w; x++) {
                    int p = row[x];
                    out[o++] = (byte) (p >> 16);
                    out[o++] = (byte) (p >> 8);
                    out[o++] = (byte) p;
                }
            }
        }
        return new RgbImage(w, h, out);
    }

    /** P -> RGB: palette lookup; transparency is ignored, as PIL does. */
    private static void fromPalette(IndexColorModel icm, Raster raster, int w, int h, byte[] out) {
        int n = icm.getMapSize();
        byte[] r = new byte[256];
        byte[] g = new byte[256];
        byte[] b = new byte[256];
        // entries past the map stay black, like PIL's zero-padded palette
        icm.getReds(r);
        icm.getGreens(g);
        icm.getBlues(b);
        int[] idx = new int[w];
        for (int y = 0, o = 0; y < h; y++) {
            raster.getSamples(0, y, w, 1, 0, idx);
            for (int x = 0; x < w; x++) {
                int i = idx[x];
                boolean in = i >= 0 && i < n && i < 256;
                out[o++] = in ? r[i] : 0;
                out[o++] = in ? g[i] : 0;
                out[o++] = in ? b[i] : 0;
            }
        }
    }

    /**
     * L/LA -> RGB: the gray value is copied to all three channels, alpha dropped. PIL expands 1/2/4-bit gray to
     * 0..255; 16-bit gray without alpha is PIL mode "I", whose RGB conversion CLIPS at 255 (it does not scale), and
     * whose values are kept for resizing in that mode; 16-bit gray with alpha is "LA" from the high byte.
     */
    private static RgbImage fromGray(Raster raster, int w, int h, int bits, int bands, byte[] out) {
        int[] v = new int[w];
        int[] a = new int[w];
        int max = (1 << bits) - 1;
        byte[] alpha = bands == 2 ? new byte[w * h] : null;
        char[] wide = bands == 1 && bits == 16 ? new char[w * h] : null;
        for (int y = 0, o = 0; y < h; y++) {
            raster.getSamples(0, y, w, 1, 0, v);
            if (alpha != null) {
                raster.getSamples(0, y, w, 1, 1, a);
            }
            for (int x = 0; x < w; x++) {
                int s = v[x];
                int g;
                if (bits == 8) {
                    g = s;
                } else if (bits < 8) {
                    g = s * 255 / max;
                } else if (bands == 1) {
                    g = Math.min(s, 255);
                    wide[y * w + x] = (char) s;
                } else {
                    g = s >> (bits - 8);
                }
                if (alpha != null) {
                    alpha[y * w + x] = (byte) (bits > 8 ? a[x] >> (bits - 8) : bits < 8 ? a[x] * 255 / max : a[x]);
                }
                byte gb = (byte) g;
                out[o++] = gb;
                out[o++] = gb;
                out[o++] = gb;
            }
        }
        SourcePixels source = alpha != null ? new SourcePixels.Alpha(alpha)
                : wide != null ? new SourcePixels.Int16(wide) : null;
        return new RgbImage(w, h, out, source);
    }

    /**
     * RGB/RGBA -> RGB: first three samples, alpha dropped (not composited), and copied into {@code alpha} when that
     * is not null. 16-bit keeps the high byte, as PIL.
     */
    private static void fromRgb(Raster raster, int w, int h, int bits, byte[] out, byte[] alpha) {
        if (bits == 8 && raster.getDataBuffer() instanceof DataBufferByte db
                && raster.getSampleModel() instanceof ComponentSampleModel sm
                && db.getNumBanks() == 1 && raster.getSampleModelTranslateX() == 0
                && raster.getSampleModelTranslateY() == 0) {
            // Fast path for interleaved bytes (every JPEG, 8-bit PNG): index the backing array directly.
            byte[] data = db.getData();
            int base = db.getOffset();
            int stride = sm.getScanlineStride();
            int step = sm.getPixelStride();
            int[] bo = sm.getBandOffsets();
            int[] banks = sm.getBankIndices();
            if (banks[0] == 0 && banks[1] == 0 && banks[2] == 0) {
                int r0 = bo[0];
                int g0 = bo[1];
                int b0 = bo[2];
                int a0 = alpha != null && banks[3] == 0 ? bo[3] : -1;
                for (int y = 0, o = 0, q = 0; y < h; y++) {
                    int p = base + y * stride;
                    for (int x = 0; x < w; x++, p += step) {
                        out[o++] = data[p + r0];
                        out[o++] = data[p + g0];
                        out[o++] = data[p + b0];
                        if (a0 >= 0) {
                            alpha[q++] = data[p + a0];
                        }
                    }
                }
                if (alpha == null || a0 >= 0) {
                    return;
                }
            }
        }
        int shift = bits - 8;
        int[] r = new int[w];
        int[] g = new int[w];
        int[] b = new int[w];
        int[] a = new int[w];
        for (int y = 0, o = 0; y < h; y++) {
            raster.getSamples(0, y, w, 1, 0, r);
            raster.getSamples(0, y, w, 1, 1, g);
            raster.getSamples(0, y, w, 1, 2, b);
            if (alpha != null) {
                raster.getSamples(0, y, w, 1, 3, a);
            }
            for (int x = 0; x < w; x++) {
                out[o++] = (byte) (r[x] >> shift);
                out[o++] = (byte) (g[x] >> shift);
                out[o++] = (byte) (b[x] >> shift);
                if (alpha != null) {
                    alpha[y * w + x] = (byte) (a[x] >> shift);
                }
            }
        }
    }

    /**
     * CMYK -> RGB with PIL's formula (Convert.c cmyk2rgb): {@code nk = 255 - K; R = nk - MULDIV255(C, nk)}, no ICC
     * profile. {@code inverted}: the samples are stored inverted (Adobe APP14 JPEG), as PIL's "CMYK;I" assumes.
     */
    /**
     * Three-component JPEG samples as stored (no ICC conversion) to RGB: YCbCr with libjpeg's fixed-point tables
     * (jdcolor.c, 16 fraction bits, as libjpeg-turbo and so PIL use), or taken as they are when {@code storedAsRgb}.
     */
    static byte[] fromJpegSamples(Raster raster, boolean storedAsRgb) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        byte[] out = new byte[Math.multiplyExact(Math.multiplyExact(w, h), 3)];
        int[] px = new int[w * 3];
        for (int y = 0, o = 0; y < h; y++) {
            raster.getPixels(raster.getMinX(), raster.getMinY() + y, w, 1, px);
            for (int x = 0; x < w; x++) {
                int i = x * 3;
                if (storedAsRgb) {
                    out[o++] = (byte) px[i];
                    out[o++] = (byte) px[i + 1];
                    out[o++] = (byte) px[i + 2];
                    continue;
                }
                int yy = px[i], cb = px[i + 1] - 128, cr = px[i + 2] - 128;
                out[o++] = (byte) clip8(yy + ((CR_R * cr + HALF) >> SCALE));
                out[o++] = (byte) clip8(yy + ((-CB_G * cb + HALF - CR_G * cr) >> SCALE));
                out[o++] = (byte) clip8(yy + ((CB_B * cb + HALF) >> SCALE));
            }
        }
        return out;
    }

    /** libjpeg's jdcolor.c constants: FIX(x) = (int) (x · 2^16 + 0.5). */
    private static final int SCALE = 16;
    private static final int HALF = 1 << (SCALE - 1);
    private static final int CR_R = (int) (1.40200 * (1 << SCALE) + 0.5);
    private static final int CB_B = (int) (1.77200 * (1 << SCALE) + 0.5);
    private static final int CR_G = (int) (0.71414 * (1 << SCALE) + 0.5);
    private static final int CB_G = (int) (0.34414 * (1 << SCALE) + 0.5);

    static RgbImage fromCmyk(Raster raster, boolean inverted) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        byte[] out = new byte[Math.multiplyExact(Math.multiplyExact(w, h), 3)];
        byte[] cmyk = new byte[Math.multiplyExact(w * h, 4)];
        int[] px = new int[w * raster.getNumBands()];
        int flip = inverted ? 255 : 0;
        for (int y = 0, o = 0; y < h; y++) {
            raster.getPixels(raster.getMinX(), raster.getMinY() + y, w, 1, px);
            int n = raster.getNumBands();
            for (int x = 0; x < w; x++) {
                int i = x * n;
                int k = px[i + 3] ^ flip;
                int q = (y * w + x) * 4;
                cmyk[q] = (byte) (px[i] ^ flip);
                cmyk[q + 1] = (byte) (px[i + 1] ^ flip);
                cmyk[q + 2] = (byte) (px[i + 2] ^ flip);
                cmyk[q + 3] = (byte) k;
                out[o++] = (byte) cmykToRgb(px[i] ^ flip, k);
                out[o++] = (byte) cmykToRgb(px[i + 1] ^ flip, k);
                out[o++] = (byte) cmykToRgb(px[i + 2] ^ flip, k);
            }
        }
        return new RgbImage(w, h, out, new SourcePixels.Cmyk(cmyk));
    }

    /** One RGB channel from its CMY channel and K: {@code nk - MULDIV255(v, nk)} with {@code nk = 255 - K}. */
    static int cmykToRgb(int v, int k) {
        int nk = 255 - k;
        return clip8(nk - ModeResampling.mulDiv255(v, nk));
    }

    private static int clip8(int v) {
        return v < 0 ? 0 : Math.min(v, 255);
    }
}
