package dev.fewshot.core.conformal;

import java.util.Arrays;

/**
 * Benjamini–Hochberg on conformal p-values: flags the rows of a batch as OOD with the false-discovery rate (the
 * share of ID rows among those flagged) at most q in expectation. Conformal p-values of a batch against one
 * calibration set are positively dependent (PRDS), under which BH keeps its guarantee (Bates et al. 2023).
 */
public final class BenjaminiHochberg {
    private BenjaminiHochberg() {
    }

    /** Flags: the rows with p ≤ p_(k), k the largest rank with p_(k) ≤ k·q / N; none when there is no such rank. */
    public static boolean[] flag(double[] p, double q) {
        Alpha.checked(q);
        int n = p.length;
        double[] sorted = p.clone();
        for (int i = 0; i < n; i++) {
            if (!(p[i] >= 0 && p[i] <= 1)) {
                throw new IllegalArgumentException("p-value " + i + " is not in [0, 1]: " + p[i]);
            }
        }
        Arrays.sort(sorted);
        double cut = -1;
        for (int k = n; k >= 1; k--) {
            if (sorted[k - 1] <= k * q / n) {
                cut = sorted[k - 1];
                break;
            }
        }
        boolean[] flagged = new boolean[n];
        for (int i = 0; i < n; i++) {
            flagged[i] = p[i] <= cut;
        }
        return flagged;
    }
}
