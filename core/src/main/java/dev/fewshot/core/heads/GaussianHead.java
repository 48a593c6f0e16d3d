package dev.fewshot.core.heads;

import dev.fewshot.core.linalg.FloatMatrix;
import dev.fewshot.core.linalg.Gemm;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Gaussian discriminant head (LDA): class means μ_c, one shared covariance Σ, equal priors.
 * Logits are class log-likelihoods, log N(x | μ_c, Σ).
 *
 * <p>Σ is stored through its whitening matrix W = L⁻¹ (Σ = L·Lᵀ), so that
 * ‖W(x − μ_c)‖² is the squared Mahalanobis distance and scoring is two matrix products. It also keeps the
 * {@link GaussianLogits.Background background} Gaussian of all support rows, for the relative Mahalanobis score.
 */
public final class GaussianHead implements GaussianLogits {
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private final FloatMatrix means;
    private final FloatMatrix whitening;
    private final double logDetCov;
    private final double shrinkage;
    private final Background background;
    /** Derived on construction: whitened means (C×D) and their squared norms. */
    private final FloatMatrix whitenedMeans;
    private final double[] whitenedMeanNorms;

    /**
     * @param means     C×D class means
     * @param whitening D×D lower-triangular inverse Cholesky factor of Σ
     * @param logDetCov log det Σ
     * @param shrinkage the shrinkage coefficient Σ was built with, kept for reports
     * @param background the Gaussian of all support rows, or null (heads stored before format version 3)
     */
    public GaussianHead(FloatMatrix means, FloatMatrix whitening, double logDetCov, double shrinkage,
                        Background background) {
        if (whitening.rows() != means.cols() || whitening.cols() != means.cols()) {
            throw new IllegalArgumentException("whitening " + whitening + " does not fit means " + means);
        }
        if (background != null && background.mean().cols() != means.cols()) {
            throw new IllegalArgumentException("background " + background.mean() + " does not fit means " + means);
        }
        this.background = background;
        this.means = means;
        this.whitening = whitening;
        this.logDetCov = logDetCov;
        this.shrinkage = shrinkage;
        this.whitenedMeans = whiten(means, whitening);
        this.whitenedMeanNorms = whitenedMeans.rowSquaredNorms();
    }

    /**
     * Plain loops, so that a head's derived state never depends on which Gemm is at hand; rows in
     * parallel (each output element is one ordered sum, so threads cannot change a bit).
     */
    private static FloatMatrix whiten(FloatMatrix x, FloatMatrix w) {
        int n = x.rows(), d = x.cols();
        float[] out = new float[n * d];
        float[] xs = x.data(), ws = w.data();
        java.util.stream.IntStream.range(0, n).parallel().forEach(i -> {
            for (int r = 0; r < d; r++) {
                double s = 0;
                for (int c = 0; c <= r; c++) { // lower triangular
                    s += (double) ws[r * d + c] * xs[i * d + c];
                }
                out[i * d + r] = (float) s;
            }
        });
        return new FloatMatrix(n, d, out);
    }

    public FloatMatrix means() {
        return means;
    }

    public FloatMatrix whitening() {
        return whitening;
    }

    public double logDetCov() {
        return logDetCov;
    }

    public double shrinkage() {
        return shrinkage;
    }

    @Override
    public Optional<Background> background() {
        return Optional.ofNullable(background);
    }

    @Override
    public HeadKind kind() {
        return HeadKind.GAUSSIAN;
    }

    @Override
    public int numClasses() {
        return means.rows();
    }

    @Override
    public int dim() {
        return means.cols();
    }

    private double constant() {
        return -0.5 * (logDetCov + dim() * LOG_2PI);
    }

    @Override
    public Logits prepare(Gemm gemm) {
        Gemm.Prepared whiten = gemm.prepareTransB(whitening);
        Gemm.Prepared toMeans = gemm.prepareTransB(whitenedMeans);
        double c0 = constant();
        return new Logits() {
            @Override
            public FloatMatrix of(FloatMatrix x) {
                FloatMatrix z = whiten.apply(x);
                FloatMatrix g = toMeans.apply(z);
                double[] zn = z.rowSquaredNorms();
                float[] gd = g.data();
                int n = x.rows(), k = means.rows();
                for (int i = 0; i < n; i++) {
                    int base = i * k;
                    for (int j = 0; j < k; j++) {
                        // ‖z − m‖² = ‖z‖² − 2 z·m + ‖m‖², clamped: rounding can make it slightly negative.
                        double d2 = Math.max(0.0, zn[i] - 2.0 * gd[base + j] + whitenedMeanNorms[j]);
                        gd[base + j] = (float) (c0 - 0.5 * d2);
                    }
                }
                return g;
            }

            @Override
            public void close() {
                whiten.close();
                toMeans.close();
            }
        };
    }

    @Override
    public double mahalanobisOffset() {
        // logit = c0 − d²/2  ⇒  −d²_min = 2·maxLogit − 2·c0.
        return -2.0 * constant();
    }

    @Override
    public int payloadBytes() {
        int d = means.cols();
        return 4 + 4 + 8 + 8 + 4 * means.data().length + 4 * whitening.data().length + 1
                + (background == null ? 0 : 4 * (d + d * d));
    }

    /** Format 3 appends a flag byte and, when set, the background mean and whitening. */
    @Override
    public void writePayload(ByteBuffer out) {
        out.putInt(means.rows()).putInt(means.cols()).putDouble(logDetCov).putDouble(shrinkage);
        HeadCodec.writeFloats(out, means.data());
        HeadCodec.writeFloats(out, whitening.data());
        out.put((byte) (background == null ? 0 : 1));
        if (background != null) {
            HeadCodec.writeFloats(out, background.mean().data());
            HeadCodec.writeFloats(out, background.whitening().data());
        }
    }

    static GaussianHead read(ByteBuffer in, int version) {
        int c = in.getInt();
        int d = in.getInt();
        double logDet = in.getDouble();
        double shrinkage = in.getDouble();
        FloatMatrix means = HeadCodec.readMatrix(in, c, d);
        FloatMatrix whitening = HeadCodec.readMatrix(in, d, d);
        Background background = null;
        if (version >= 3) {
            int flag = in.get();
            if (flag == 1) {
                background = new Background(HeadCodec.readMatrix(in, 1, d), HeadCodec.readMatrix(in, d, d));
            } else if (flag != 0) {
                throw new IllegalArgumentException("bad background flag " + flag + " in a gaussian head");
            }
        }
        return new GaussianHead(means, whitening, logDet, shrinkage, background);
    }
}
