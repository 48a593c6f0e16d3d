package dev.fewshot.embedding.image;

/**
 * PIL's resampling coefficients for one axis (Pillow src/libImaging/Resample.c, {@code precompute_coeffs} with the
 * BICUBIC filter and {@code normalize_coeffs_8bpc}), reproduced operation by operation in double precision so the
 * fixed-point weights, and therefore the output bytes, are identical to PIL's.
 *
 * <p>Only the output positions {@code first .. first + count - 1} are tabulated (the crop needs 224 of them, however
 * long the resized side: a 2 x 2,000,000 image would otherwise need tables for 224 million positions). Output
 * position {@code first + i} reads input samples {@code start[i] .. start[i] + length[i] - 1} with the weights
 * {@code coeffs[i * ksize .. i * ksize + length[i] - 1]}, scaled by {@code 1 << PRECISION_BITS}; {@code weights}
 * holds the same weights in double precision, as Pillow's 32-bit (mode I) resampling uses them.
 */
final class BicubicWindows {

    /** 32 - 8 - 2: 8 bits for the result, two for overshoot of the negative lobes, as in Pillow. */
    static final int PRECISION_BITS = 32 - 8 - 2;
    /** Accumulators start at one half, so the final shift rounds to nearest. */
    static final int HALF = 1 << (PRECISION_BITS - 1);
    private static final double SUPPORT = 2.0;

    final int inSize;
    final int outSize;
    final int first;
    final int ksize;
    final int[] start;
    final int[] length;
    final int[] coeffs;
    final double[] weights;

    private BicubicWindows(int inSize, int outSize, int first, int count, int ksize) {
        this.inSize = inSize;
        this.outSize = outSize;
        this.first = first;
        this.ksize = ksize;
        this.start = new int[count];
        this.length = new int[count];
        this.coeffs = new int[Math.multiplyExact(count, ksize)];
        this.weights = new double[count * ksize];
    }

    /** Every output position: for tests and small sizes. */
    static BicubicWindows compute(int inSize, int outSize) {
        return compute(inSize, outSize, 0, outSize);
    }

    static BicubicWindows compute(int inSize, int outSize, int first, int count) {
        if (first < 0 || count < 0 || first + (long) count > outSize) {
            throw new IllegalArgumentException("positions " + first + "+" + count + " outside 0.." + outSize);
        }
        // Pillow passes the box edges as C floats: in1 - in0 is computed in float, then widened.
        double scale = (double) ((float) inSize - 0f) / outSize;
        // Downscaling widens the kernel by the scale (antialiasing); upscaling keeps support 2.
        double filterscale = Math.max(scale, 1.0);
        double support = SUPPORT * filterscale;
        int ksize = (int) Math.ceil(support) * 2 + 1;
        BicubicWindows w = new BicubicWindows(inSize, outSize, first, count, ksize);
        double[] k = new double[ksize];
        double ss = 1.0 / filterscale;
        for (int i = 0; i < count; i++) {
            int xx = first + i;
            double center = 0.0 + (xx + 0.5) * scale;
            double ww = 0.0;
            int xmin = (int) (center - support + 0.5); // C cast: truncation toward zero
            if (xmin < 0) {
                xmin = 0;
            }
            int xmax = (int) (center + support + 0.5);
            if (xmax > inSize) {
                xmax = inSize;
            }
            xmax -= xmin;
            for (int x = 0; x < xmax; x++) {
                double v = bicubic((x + xmin - center + 0.5) * ss);
                k[x] = v;
                ww += v;
            }
            for (int x = 0; x < xmax; x++) {
                if (ww != 0.0) {
                    k[x] /= ww;
                }
                w.weights[i * ksize + x] = k[x];
                // normalize_coeffs_8bpc: round half away from zero, then truncate
                w.coeffs[i * ksize + x] = k[x] < 0
                        ? (int) (-0.5 + k[x] * (1 << PRECISION_BITS))
                        : (int) (0.5 + k[x] * (1 << PRECISION_BITS));
            }
            w.start[i] = xmin;
            w.length[i] = xmax;
        }
        return w;
    }

    /** Keys cubic convolution with a = -0.5, written exactly as Pillow's bicubic_filter. */
    static double bicubic(double x) {
        final double a = -0.5;
        if (x < 0.0) {
            x = -x;
        }
        if (x < 1.0) {
            return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
        }
        if (x < 2.0) {
            return (((x - 5) * x + 8) * x - 4) * a;
        }
        return 0.0;
    }

    /** Pillow's clip8: drop the fraction bits, clamp to 0..255. */
    static int clip8(int acc) {
        int v = acc >> PRECISION_BITS;
        return v < 0 ? 0 : Math.min(v, 255);
    }
}
