package dev.fewshot.core.ood;

import dev.fewshot.core.heads.AffineLogits;
import dev.fewshot.core.heads.CosineLogits;
import dev.fewshot.core.heads.GaussianLogits;
import dev.fewshot.core.heads.Head;
import dev.fewshot.core.linalg.FloatMatrix;
import dev.fewshot.core.linalg.Gemm;
import dev.fewshot.core.linalg.RowScoring;
import dev.fewshot.core.linalg.RowSoftmax;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Scores rows with a head, in fixed-size chunks so that the logits of 50,000 rows × 1000 classes
 * never sit in memory at once. Every per-row value depends on that row alone, so results do not
 * depend on the chunk size, the thread count or how a distributed evaluator splits the rows.
 */
public final class Scorer {
    /** Rows per chunk at most: 2048 × 1000 logits = 8 MB. */
    public static final int CHUNK_ROWS = 2048;
    /** Logits per chunk at most (16 MB): a head of very many classes scores fewer rows at a time. */
    static final long CHUNK_LOGITS = 4L << 20;

    private final Gemm gemm;

    public Scorer(Gemm gemm) {
        this.gemm = gemm;
    }

    /** The scores that apply to a head, among those requested. */
    public static Set<OodScore> applicable(Head head, Set<OodScore> requested) {
        Set<OodScore> out = EnumSet.noneOf(OodScore.class);
        for (OodScore s : requested) {
            if (s.appliesTo(head)) {
                out.add(s);
            }
        }
        return out;
    }

    public ScoredRows score(Head head, FloatMatrix x, Set<OodScore> requested) {
        if (x.cols() != head.dim()) {
            throw new IllegalArgumentException("rows have " + x.cols() + " dims, the head expects " + head.dim());
        }
        if (head.numClasses() < 1) {
            throw new IllegalArgumentException("the " + head.kind().id() + " head has no classes to score against");
        }
        Set<OodScore> scores = applicable(head, requested);
        int n = x.rows();
        int[] predicted = new int[n];
        double[] maxProb = new double[n];
        Map<OodScore, double[]> values = new EnumMap<>(OodScore.class);
        for (OodScore s : scores) {
            values.put(s, new double[n]);
        }
        RowStatistics stats = new RowStatistics(head, values);
        FeatureSpace features = FeatureSpace.prepare(head, scores, gemm);
        int chunkRows = (int) Math.max(1, Math.min(CHUNK_ROWS, CHUNK_LOGITS / head.numClasses()));
        int block = Math.min(n, chunkRows);
        int[] arg = new int[block];
        float[] maxLogit = new float[block];
        double[] rest = new double[block];
        double[] restMcm = stats.mcm != null ? new double[block] : null;
        // NegLabel reads every logit of a row; every other score needs only the reductions, which the kernels can
        // compute where the product is, for heads whose logits are one product and an affine step.
        boolean fused = head instanceof AffineLogits && (features == null || !features.hasNegatives());
        try (Head.Logits prepared = fused ? null : head.prepare(gemm);
             RowSoftmax softmax = fused ? null : gemm.rowSoftmax(head.numClasses(), stats.mcmScale());
             RowScoring scoring = fused ? gemm.prepareScoring(((AffineLogits) head).logitWeights(),
                     ((AffineLogits) head).logitScale(), ((AffineLogits) head).logitBias(), stats.mcmScale())
                     : null) {
            for (int start = 0; start < n; start += chunkRows) {
                int end = Math.min(n, start + chunkRows);
                int rows = end - start;
                FloatMatrix chunk = fused && (features == null || !features.hasKnn() && !features.hasBackground())
                        ? null : x.rowRange(start, end);
                if (features != null && features.hasKnn()) {
                    features.knn(chunk, values.get(OodScore.KNN), start);
                }
                if (features != null && features.hasBackground()) {
                    // RMDS starts as d²₀; RowStatistics adds −d²_min from the logits.
                    features.backgroundDistance(chunk, values.get(OodScore.RMDS), start);
                }
                if (fused) {
                    scoring.apply(x, start, rows, arg, maxLogit, rest, restMcm);
                } else {
                    FloatMatrix logits = prepared.of(chunk);
                    softmax.apply(logits.data(), rows, arg, rest, restMcm);
                    int c = logits.cols();
                    for (int i = 0; i < rows; i++) {
                        maxLogit[i] = logits.data()[i * c + arg[i]];
                    }
                    if (features != null && features.hasNegatives()) {
                        negLabel(logits, features.negativeGroups(chunk), features.groups(),
                                ((CosineLogits) head).cosineScale(), values.get(OodScore.NEGLABEL), start);
                    }
                }
                for (int i = 0; i < rows; i++) {
                    stats.fill(start + i, arg[i], maxLogit[i], rest[i], restMcm == null ? 0 : restMcm[i], predicted,
                            maxProb);
                }
            }
        } finally {
            if (features != null) {
                features.close();
            }
        }
        return new ScoredRows(predicted, maxProb, values);
    }

    private static void negLabel(FloatMatrix logits, double[] groupLse, int groups, double cosineScale, double[] out,
                                 int offset) {
        int c = logits.cols();
        float[] z = logits.data();
        IntStream.range(0, logits.rows()).parallel().forEach(i ->
                out[offset + i] = NegLabel.score(z, i * c, c, cosineScale, groupLse, i, groups));
    }

    /** Reduces one row of logits to the per-row values. */
    private static final class RowStatistics {
        private final double cosineScale;
        private final double mahalanobisOffset;
        private final double[] msp;
        private final double[] maxLogit;
        private final double[] energy;
        private final double[] maxCos;
        private final double[] mcm;
        private final double[] mahalanobis;
        private final double[] rmds;

        RowStatistics(Head head, Map<OodScore, double[]> values) {
            this.cosineScale = head instanceof CosineLogits c ? c.cosineScale() : Double.NaN;
            this.mahalanobisOffset = head instanceof GaussianLogits g ? g.mahalanobisOffset() : Double.NaN;
            this.msp = values.get(OodScore.MSP);
            this.maxLogit = values.get(OodScore.MAXLOGIT);
            this.energy = values.get(OodScore.ENERGY);
            this.maxCos = values.get(OodScore.MAXCOS);
            this.mcm = values.get(OodScore.MCM);
            this.mahalanobis = values.get(OodScore.MAHALANOBIS);
            this.rmds = values.get(OodScore.RMDS);
        }

        /** exp((z_j − z_max)·scale) of MCM's softmax of cosines at temperature T; NaN where MCM is not asked. */
        double mcmScale() {
            return mcm != null ? 1.0 / (cosineScale * OodScore.MCM_TEMPERATURE) : Double.NaN;
        }

        /**
         * One row's values from its logits' reductions: the argmax, the logit there, {@code rest} =
         * Σ_{j≠arg} exp(z_j − z_arg) and {@code restMcm} the same at MCM's scale ({@link RowSoftmax}).
         */
        void fill(int row, int arg, float max, double rest, double restMcm, int[] predicted, double[] maxProb) {
            // log1p of the other classes' sum: log-MSP then stays distinct from 0 even for very confident rows,
            // where max − logsumexp would round to exactly 0.
            double logMsp = -Math.log1p(rest);
            double lse = max + Math.log1p(rest);
            predicted[row] = arg;
            maxProb[row] = Math.exp(logMsp);
            if (msp != null) {
                msp[row] = logMsp;
            }
            if (maxLogit != null) {
                maxLogit[row] = max;
            }
            if (energy != null) {
                energy[row] = lse;
            }
            if (maxCos != null) {
                maxCos[row] = max / cosineScale;
            }
            if (mcm != null) {
                mcm[row] = -Math.log1p(restMcm);
            }
            if (mahalanobis != null) {
                mahalanobis[row] = 2.0 * max + mahalanobisOffset;
            }
            if (rmds != null) {
                rmds[row] += 2.0 * max + mahalanobisOffset; // d²₀ − d²_min
            }
        }
    }
}
