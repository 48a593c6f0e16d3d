package dev.fewshot.core.heads.gaussian;

import dev.fewshot.core.linalg.FloatMatrix;
import dev.fewshot.core.linalg.Gemm;

/** The pooled within-class covariance S = ZᵀZ/N of class-centred rows Z, and the rows themselves. */
final class PooledCovariance {
    final double[] s;
    final int d;
    final double[] rowNorms2;

    private PooledCovariance(double[] s, int d, double[] rowNorms2) {
        this.s = s;
        this.d = d;
        this.rowNorms2 = rowNorms2;
    }

    /** Centres each row on its class mean; rows listed in {@code rows} only. */
    static PooledCovariance of(FloatMatrix x, int[] y, int[] rows, double[][] means, Gemm gemm) {
        int d = x.cols();
        float[] z = new float[rows.length * d];
        float[] xs = x.data();
        double[] norms = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            int r = rows[i];
            double[] m = means[y[r]];
            double s = 0;
            for (int j = 0; j < d; j++) {
                float v = (float) (xs[r * d + j] - m[j]);
                z[i * d + j] = v;
                s += (double) v * v;
            }
            norms[i] = s;
        }
        FloatMatrix zm = new FloatMatrix(rows.length, d, z);
        float[] sf = gemm.mulTransA(zm, zm).data();
        double[] s = new double[d * d];
        double inv = rows.length == 0 ? 0 : 1.0 / rows.length;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                // Symmetrise: a float product may differ in the last bit between (i,j) and (j,i).
                s[i * d + j] = 0.5 * ((double) sf[i * d + j] + sf[j * d + i]) * inv;
            }
        }
        return new PooledCovariance(s, d, norms);
    }

    /** The mean of all rows, in double. */
    static double[] globalMean(FloatMatrix x) {
        int n = x.rows(), d = x.cols();
        double[] mean = new double[d];
        float[] xs = x.data();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                mean[j] += xs[i * d + j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        return mean;
    }

    double trace() {
        return ShrinkageEstimators.trace(s, d);
    }

    /** Spread of rows around their global mean: Σ‖x_i − x̄‖² / (N·D). The K=1 covariance scale. */
    static double globalSpread(FloatMatrix x) {
        int n = x.rows(), d = x.cols();
        double[] mean = globalMean(x);
        float[] xs = x.data();
        double s = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double v = xs[i * d + j] - mean[j];
                s += v * v;
            }
        }
        return s / ((double) n * d);
    }
}
