package dev.fewshot.core.linalg;

/**
 * The per-row reductions that scoring needs from a block of logits: the first maximum of each row and the sum, over
 * the other classes, of exp(z_j − z_max), at scale 1 and optionally at a second scale s (exp(s·(z_j − z_max)), for
 * MCM's temperature). Summing the other classes apart keeps log-MSP = −log1p(rest) distinct from 0 for very
 * confident rows, where max − logsumexp would round to 0.
 *
 * <p>Row i's values depend on row i alone (chunk-invariant), and the same inputs give the same bits.
 * {@link #java} computes in double, one exp per entry; {@link OrtRowSoftmax} in ONNX Runtime's vectorised float
 * kernels, about 10× faster, within 1e-6 of it (docs/benchmarks.md, "Whole scoring").
 */
public interface RowSoftmax extends AutoCloseable {

    /**
     * Reduces rows [0, m) of {@code z} (row-major, {@code classes} per row).
     *
     * @param restScaled receives the sums at the second scale, or null when there is none
     */
    void apply(float[] z, int m, int[] arg, double[] rest, double[] restScaled);

    @Override
    void close();

    /** The reference: double precision, Math.exp, classes in index order. */
    static RowSoftmax java(int classes, double scale) {
        return new RowSoftmax() {
            @Override
            public void apply(float[] z, int m, int[] arg, double[] rest, double[] restScaled) {
                java.util.stream.IntStream.range(0, m).parallel().forEach(i -> {
                    int base = i * classes;
                    int a = argMax(z, base, classes);
                    arg[i] = a;
                    rest[i] = sumExpExcept(z, base, classes, a, 1.0);
                    if (restScaled != null) {
                        restScaled[i] = sumExpExcept(z, base, classes, a, scale);
                    }
                });
            }

            @Override
            public void close() {
            }
        };
    }

    /** The first maximum of z[base, base + c): deterministic ties. */
    static int argMax(float[] z, int base, int c) {
        int arg = 0;
        float max = z[base];
        for (int j = 1; j < c; j++) {
            if (z[base + j] > max) {
                max = z[base + j];
                arg = j;
            }
        }
        return arg;
    }

    /** Σ_{j≠skip} exp((z_j − z_skip)·scale), in index order; two loops so the hot one has no branch. */
    static double sumExpExcept(float[] z, int base, int c, int skip, double scale) {
        float top = z[base + skip];
        double s = 0;
        for (int j = base; j < base + skip; j++) {
            s += Math.exp(((double) z[j] - top) * scale);
        }
        for (int j = base + skip + 1; j < base + c; j++) {
            s += Math.exp(((double) z[j] - top) * scale);
        }
        return s;
    }
}
