package dev.fewshot.embedding.image;

/**
 * PIL's resampling coefficients for one axis (Pillow src/libImaging/Resample.c, {@code precompute_coeffs} with the
 * BICUBIC filter and {@code normalize_coeffs_8bpc}), reproduced operation by operation in double precision so the
 * fixed-point weights, and therefore the output bytes, are identical to PIL's.
 *
 * <p>Output position {@code i} reads input samples {@code start[i] .. start[i] + length[i] - 1} with the weights
 * {@code coeffs[i * ksize .. i * ksize + length[i] - 1]}, scaled by {@code 1 << PRECISION_BITS}.
 */
final class BicubicWindows {

    /** 32 - 8 - 2: 8 bits for the result, two for overshoot of the negative lobes, as in Pillow. */
    static final int PRECISION_BITS = 32 - 8 - 2;
    /** Accumulators start at one half, so the final shift rounds to nearest. */
    static final int HALF = 1 << (PRECISION_BITS - 1);
    private static final double SUPPORT = 2.0;

    final int inSize;
    final int outSize;
    final int ksize;
    final int[] start;
    final int[] length;
    final int[] coeffs;

    private BicubicWindows(int inSize, int outSize, int ksize) {
        this.inSize = inSize;
        this.outSize = outSize;
        this.ksize = ksize;
        this.start = new int[outSize];
        this.length = new int[outSize];
        this.coeffs = new int[outSize * ksize];
    }

    static BicubicWindows compute(int inSize, int outSize) {
        // Pillow passes the box edges as C floats: in1 - in0 is computed in float, then widened.
        double scale = (double) ((float) inSize - 0f) / outSize;
        // Downscaling widens the kernel by the scale (antialiasing); upscaling keeps support 2.
        double filterscale = Math.max(scale, 1.0);
        double support = SUPPORT * filterscale;
        int ksize = (int) Math.ceil(support) * 2 + 1;
        BicubicWindows w = new BicubicWindows(inSize, outSize, ksize);
        double[] k = new double[ksize];
        double ss = 1.0 / filterscale;
        for (int xx = 0; xx < outSize; xx++) {
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
                // normalize_coeffs_8bpc: round half away from zero, then truncate
                w.coeffs[xx * ksize + x] = k[x] < 0
                        ? (int) (-0.5 + k[x] * (1 << PRECISION_BITS))
                        : (int) (0.5 + k[x] * (1 << PRECISION_BITS));
            }
            w.start[xx] = xmin;
            w.length[xx] = xmax;
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
