package dev.fewshot.core.metrics;

import java.util.Arrays;
import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Erf;

/**
 * One-sided paired tests of "head A is better than head B on the same test rows": McNemar's exact test for accuracy
 * and DeLong's test for AUROC (ID positive, higher score = more ID). Both work on integer counts (McNemar's discordant
 * pairs; DeLong's placement values times 2m or 2n), so the p-values do not depend on the order of the rows, bit for
 * bit, and are the same in a sweep and in a distributed run.
 */
public final class PairedTests {

    /** A − B, and the one-sided p-value of "A is better"; p is NaN where the test cannot be done. */
    public record Comparison(double difference, double pValue) {
    }

    private PairedTests() {
    }

    /**
     * McNemar's exact test: with b rows right for A only and c right for B only, p = P(X ≥ b) for X ~ Bin(b + c, ½)
     * = I_½(b, c + 1); p = 1 when b = 0 (no evidence), including when no row is discordant.
     */
    public static Comparison accuracy(boolean[] correctA, boolean[] correctB) {
        if (correctA.length != correctB.length || correctA.length == 0) {
            throw new IllegalArgumentException("paired accuracy needs the same non-empty rows, got "
                    + correctA.length + " and " + correctB.length);
        }
        long onlyA = 0, onlyB = 0;
        for (int i = 0; i < correctA.length; i++) {
            if (correctA[i] != correctB[i]) {
                if (correctA[i]) {
                    onlyA++;
                } else {
                    onlyB++;
                }
            }
        }
        double p = onlyA == 0 ? 1.0 : Beta.regularizedBeta(0.5, onlyA, onlyB + 1.0);
        return new Comparison((double) (onlyA - onlyB) / correctA.length, Math.min(1.0, p));
    }

    /**
     * DeLong, DeLong and Clarke-Pearson (1988) for two AUROCs on the same ID and OOD rows: z = (A − B) / √var with
     * the variance from the placement values' covariances; p = 1 − Φ(z). NaN when there are fewer than two ID or two
     * OOD rows; when the variance is 0, p is 0 if A > B and 1 otherwise.
     */
    public static Comparison auroc(double[] idA, double[] oodA, double[] idB, double[] oodB) {
        int n = idA.length, m = oodA.length;
        if (idB.length != n || oodB.length != m) {
            throw new IllegalArgumentException("paired AUROC needs the same rows: " + n + "/" + m + " vs "
                    + idB.length + "/" + oodB.length);
        }
        if (n == 0 || m == 0) {
            throw new IllegalArgumentException("paired AUROC needs ID and OOD rows, got " + n + " and " + m);
        }
        // 2m·V10 (ID rows) and 2n·V01 (OOD rows) as integers: 2·#beaten + #tied.
        long[] pa = placements(idA, oodA, true);
        long[] pb = placements(idB, oodB, true);
        long[] qa = placements(oodA, idA, false);
        long[] qb = placements(oodB, idB, false);
        double aucA = sum(pa) / (2.0 * m * n);
        double aucB = sum(pb) / (2.0 * m * n);
        double diff = aucA - aucB;
        if (n < 2 || m < 2) {
            return new Comparison(diff, Double.NaN);
        }
        double s10 = (covariance(pa, pa) + covariance(pb, pb) - 2 * covariance(pa, pb)) / (4.0 * m * m);
        double s01 = (covariance(qa, qa) + covariance(qb, qb) - 2 * covariance(qa, qb)) / (4.0 * n * n);
        double var = s10 / n + s01 / m;
        if (!(var > 0)) {
            return new Comparison(diff, diff > 0 ? 0.0 : 1.0);
        }
        double z = diff / Math.sqrt(var);
        return new Comparison(diff, 0.5 * Erf.erfc(z / Math.sqrt(2)));
    }

    /**
     * For each row of {@code rows}: 2·(number of {@code others} it beats) + (number it ties). Beating means a larger
     * score for ID rows ({@code idRows}) and a smaller one for OOD rows.
     */
    private static long[] placements(double[] rows, double[] others, boolean idRows) {
        double[] sorted = others.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            if (sorted[i] == 0.0) {
                sorted[i] = 0.0; // -0.0 and 0.0 are one score
            }
        }
        long[] out = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            double v = rows[i];
            if (Double.isNaN(v)) {
                throw new IllegalArgumentException("a score is NaN");
            }
            int below = SortedCounts.below(sorted, v);
            int upTo = SortedCounts.atMost(sorted, v);
            long tied = upTo - below;
            long beaten = idRows ? below : sorted.length - upTo;
            out[i] = 2 * beaten + tied;
        }
        return out;
    }

    private static long sum(long[] v) {
        long s = 0;
        for (long x : v) {
            s = Math.addExact(s, x);
        }
        return s;
    }

    /** Sample covariance (n − 1) of two integer vectors, from exact integer sums: row order cannot change it. */
    private static double covariance(long[] a, long[] b) {
        long sa = sum(a), sb = sum(b), sab = 0;
        for (int i = 0; i < a.length; i++) {
            sab = Math.addExact(sab, Math.multiplyExact(a[i], b[i]));
        }
        int n = a.length;
        // n·Σab − Σa·Σb exactly (it can exceed a long), then one rounding
        java.math.BigInteger centred = java.math.BigInteger.valueOf(n).multiply(java.math.BigInteger.valueOf(sab))
                .subtract(java.math.BigInteger.valueOf(sa).multiply(java.math.BigInteger.valueOf(sb)));
        return centred.doubleValue() / ((double) n * (n - 1));
    }
}
