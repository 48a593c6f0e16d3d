package dev.fewshot.core.heads;

import dev.fewshot.core.linalg.FloatMatrix;
import dev.fewshot.core.linalg.Gemm;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * NegLabel's NegMining (Jiang et al., ICLR 2024): of M candidate words (text embeddings), keep the {@link #KEEP}
 * share farthest from the class names. Candidate i's distance is the {@link #PERCENTILE} percentile (numpy's linear
 * rule) of its negated cosines to the C class embeddings, i.e. minus a high percentile of its similarity to them;
 * ties go to the smaller index. The kept rows, in candidate order, are shuffled once with the seed {@link #SEED}:
 * the paper's random grouping, made reproducible ({@code neglabel} cuts its groups from this order).
 */
public final class NegativeLabelMining {
    /** Share of the candidate words kept (the paper keeps about 10,000 of 70,000 WordNet words). */
    public static final double KEEP = 0.15;
    /** η: the percentile of negated cosines that measures a candidate's distance to the class names. */
    public static final double PERCENTILE = 0.05;
    /** Seed of the one shuffle that fixes the groups. */
    public static final long SEED = 20240116L;

    private NegativeLabelMining() {
    }

    /**
     * Mines the bank from the candidates.
     *
     * @param unitClassText C×D unit class embeddings (the zero-shot head's)
     * @param candidates    M×D candidate word embeddings (normalised here)
     * @return the kept unit rows, shuffled with {@link #SEED}
     */
    public static FloatMatrix mine(FloatMatrix unitClassText, FloatMatrix candidates, Gemm gemm) {
        return candidates.copy().l2NormalizeRows().selectRows(select(unitClassText, candidates, gemm));
    }

    /** The candidates {@link #mine} keeps, by index, in the bank's (shuffled) order. */
    public static int[] select(FloatMatrix unitClassText, FloatMatrix candidates, Gemm gemm) {
        if (candidates.cols() != unitClassText.cols()) {
            throw new IllegalArgumentException("negative labels have " + candidates.cols() + " dims, the class text "
                    + unitClassText.cols());
        }
        int m = candidates.rows(), c = unitClassText.rows();
        if (m == 0) {
            return new int[0];
        }
        FloatMatrix unit = candidates.copy().l2NormalizeRows();
        double[] distance = new double[m];
        int chunk = 4096;
        for (int start = 0; start < m; start += chunk) {
            int end = Math.min(m, start + chunk);
            float[] cos = gemm.mulTransB(unit.rowRange(start, end), unitClassText).data();
            int from = start;
            java.util.stream.IntStream.range(start, end).parallel().forEach(i -> {
                double[] neg = new double[c];
                for (int k = 0; k < c; k++) {
                    neg[k] = -cos[(i - from) * c + k];
                }
                distance[i] = percentile(neg, PERCENTILE);
            });
        }
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> distance[a] != distance[b] ? Double.compare(distance[b], distance[a])
                : Integer.compare(a, b));
        int keep = (int) Math.max(1, Math.round(KEEP * m));
        int[] kept = new int[keep];
        for (int i = 0; i < keep; i++) {
            kept[i] = order[i];
        }
        Arrays.sort(kept); // candidate order, then one seeded shuffle: the groups do not depend on the sort above
        SplittableRandom random = new SplittableRandom(SEED);
        for (int i = keep - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = kept[i];
            kept[i] = kept[j];
            kept[j] = t;
        }
        return kept;
    }

    /** numpy's default (linear) percentile of v at q ∈ [0, 1]. */
    static double percentile(double[] v, double q) {
        double[] s = v.clone();
        Arrays.sort(s);
        double h = (s.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(s.length - 1, lo + 1);
        return s[lo] + (h - lo) * (s[hi] - s[lo]);
    }

}
