package dev.fewshot.core.conformal;

import java.util.Arrays;
import dev.fewshot.core.linalg.FloatMatrix;

/**
 * Which ID test rows calibrate the conformal promises and which are evaluated. A row is held out for calibration when
 * a seeded hash of its content (feature bits and label) falls under {@link #SHARE}: the choice depends on the row
 * alone, not on its position, so every path, replica, partitioning and row order holds out the same rows. The
 * held-out count is therefore about, not exactly, SHARE · n. Calibration rows are left out of every reported metric.
 *
 * @param calibration row indices used for calibration, ascending
 * @param evaluation  row indices every metric is computed on, ascending
 */
public record CalibrationSplit(int[] calibration, int[] evaluation) {
    /** Share of the ID test rows held out for calibration when no calibration split is given. */
    public static final double SHARE = 0.2;
    /** Seed of the hash: fixed, so the same test rows always give the same calibration rows. */
    public static final long SEED = 0xCA11B8L;

    /**
     * Holds out the rows whose hash falls under {@code share}; none when that leaves no calibration row or no
     * evaluation row (then there is no conformal promise and every row is evaluated).
     */
    public static CalibrationSplit of(FloatMatrix x, int[] y, double share) {
        if (!(share >= 0 && share < 1)) {
            throw new IllegalArgumentException("calibration share must be in [0, 1), got " + share);
        }
        int n = x.rows();
        int d = x.cols();
        float[] a = x.data();
        int[] cal = new int[n];
        int[] eval = new int[n];
        int nc = 0;
        int ne = 0;
        for (int i = 0; i < n; i++) {
            long h = SEED ^ y[i];
            for (int j = 0; j < d; j++) {
                h = mix(h ^ Float.floatToIntBits(a[i * d + j] + 0.0f)); // -0.0f and 0.0f are one value
            }
            if ((mix(h) >>> 11) * 0x1.0p-53 < share) {
                cal[nc++] = i;
            } else {
                eval[ne++] = i;
            }
        }
        if (nc == 0 || ne == 0) {
            int[] all = new int[n];
            Arrays.setAll(all, i -> i);
            return new CalibrationSplit(new int[0], all);
        }
        return new CalibrationSplit(Arrays.copyOf(cal, nc), Arrays.copyOf(eval, ne));
    }

    /**
     * A calibration set given apart from the test set, its rows appended after the test rows: rows
     * [testRows, testRows + calibrationRows) calibrate, every test row is evaluated.
     */
    public static CalibrationSplit appended(int testRows, int calibrationRows) {
        int[] eval = new int[testRows];
        Arrays.setAll(eval, i -> i);
        int[] cal = new int[calibrationRows];
        Arrays.setAll(cal, i -> testRows + i);
        return new CalibrationSplit(cal, eval);
    }

    /** The default split: about {@link #SHARE} of the rows. */
    public static CalibrationSplit of(FloatMatrix x, int[] y) {
        return of(x, y, SHARE);
    }

    /** SplitMix64's finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public boolean calibrates() {
        return calibration.length > 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CalibrationSplit s && Arrays.equals(calibration, s.calibration)
                && Arrays.equals(evaluation, s.evaluation);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(calibration) + Arrays.hashCode(evaluation);
    }
}
