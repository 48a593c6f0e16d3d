package dev.fewshot.core.conformal;

import java.util.Arrays;

/**
 * The split-conformal threshold: of n calibration nonconformity scores, the k-th smallest with k = ⌈(n + 1)(1 − α)⌉;
 * +∞ when k &gt; n (too few rows for level α: every label is kept, the promise holds trivially). A new row's set
 * {y : s(x, y) ≤ threshold} then holds its true label with probability ≥ 1 − α.
 */
public final class SplitQuantile {
    private SplitQuantile() {
    }

    /** k = ⌈(n + 1)(1 − α)⌉, the product in doubles (as numpy computes it, so a reference gets the same k). */
    public static long rank(int n, double alpha) {
        Alpha.checked(alpha);
        return (long) Math.ceil((n + 1.0) * (1.0 - alpha));
    }

    public static double threshold(double[] nonconformity, double alpha) {
        return ofSorted(sorted(nonconformity), alpha);
    }

    /** The calibration scores ascending (what is stored for serving), NaN refused with its index. */
    public static double[] sorted(double[] nonconformity) {
        if (nonconformity.length == 0) {
            throw new IllegalArgumentException("conformal calibration needs at least one calibration row");
        }
        double[] s = nonconformity.clone();
        for (int i = 0; i < s.length; i++) {
            if (Double.isNaN(s[i])) {
                throw new IllegalArgumentException("calibration nonconformity " + i + " is NaN");
            }
            s[i] += 0.0;
        }
        Arrays.sort(s);
        return s;
    }

    /** The threshold from scores already sorted ascending (a stored calibration, any α). */
    public static double ofSorted(double[] sorted, double alpha) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("conformal calibration needs at least one calibration row");
        }
        long k = rank(sorted.length, alpha);
        return k > sorted.length ? Double.POSITIVE_INFINITY : sorted[(int) k - 1];
    }
}
