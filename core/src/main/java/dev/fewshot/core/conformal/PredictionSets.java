package dev.fewshot.core.conformal;

import dev.fewshot.core.heads.Head;
import dev.fewshot.core.linalg.FloatMatrix;
import dev.fewshot.core.ood.Scorer;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Split-conformal prediction sets of a head: thresholds from the calibration rows, then the coverage and mean size
 * of the sets of the evaluation rows, for each {@link SetScores.Method}. Rows are processed in the scorer's chunks
 * and every per-row value depends on that row alone, so the result does not depend on chunking or threads.
 */
public final class PredictionSets {
    private PredictionSets() {
    }

    /** The calibrated threshold of one method and what its sets did on the evaluation rows. */
    public record Outcome(SetScores.Method method, double threshold, double coverage, double meanSize) {
    }

    /**
     * What one pass over the calibration rows gives: per method the nonconformity scores ascending (a threshold for
     * any α), and each row's label with its LAC score (for class-conditional thresholds).
     */
    public record Calibrated(double[][] sorted, int[] labels, double[] lac) {
        /** The threshold q̂ of each method at α. */
        public double[] thresholds(double alpha) {
            double[] q = new double[sorted.length];
            for (int m = 0; m < q.length; m++) {
                q[m] = SplitQuantile.ofSorted(sorted[m], alpha);
            }
            return q;
        }

        /** Class-conditional LAC thresholds at α. */
        public ClassConditional byClass(int classes, double alpha) {
            return ClassConditional.calibrate(labels, lac, classes, alpha);
        }
    }

    /** Thresholds q̂ per method from labelled calibration rows ({@code rows} of x, labels from y by row). */
    public static double[] thresholds(Head.Logits logits, FloatMatrix x, int[] y, int[] rows, double alpha) {
        return calibrate(logits, x, y, rows).thresholds(alpha);
    }

    /** One pass over the calibration rows (see {@link Calibrated}). */
    public static Calibrated calibrate(Head.Logits logits, FloatMatrix x, int[] y, int[] rows) {
        int n = rows.length;
        SetScores.Method[] methods = SetScores.Method.values();
        double[][] s = new double[methods.length][n];
        int[] labels = new int[n];
        forEachRow(logits, x, rows, (i, p) -> {
            labels[i] = label(y, rows[i], p.length);
            for (int m = 0; m < methods.length; m++) {
                s[m][i] = SetScores.score(methods[m], p, labels[i]);
            }
        });
        double[][] sorted = new double[methods.length][];
        for (int m = 0; m < methods.length; m++) {
            sorted[m] = SplitQuantile.sorted(s[m]);
        }
        return new Calibrated(sorted, labels, s[SetScores.Method.LAC.ordinal()]);
    }

    /** Coverage and mean set size of {@code rows} of x at the given thresholds (one per method). */
    public static Outcome[] evaluate(Head.Logits logits, FloatMatrix x, int[] y, int[] rows, double[] thresholds) {
        return evaluate(logits, x, y, rows, thresholds, null);
    }

    /**
     * The same, and when {@code byClass} is given the class-conditional LAC sets from the same pass, as one more
     * outcome after the methods' (its threshold NaN: there is one per class).
     */
    public static Outcome[] evaluate(Head.Logits logits, FloatMatrix x, int[] y, int[] rows, double[] thresholds,
                                     ClassConditional byClass) {
        int n = rows.length;
        SetScores.Method[] methods = SetScores.Method.values();
        int kinds = methods.length + (byClass == null ? 0 : 1);
        int[][] size = new int[kinds][n];
        boolean[][] covers = new boolean[kinds][n];
        forEachRow(logits, x, rows, (i, p) -> {
            int label = label(y, rows[i], p.length);
            for (int m = 0; m < methods.length; m++) {
                SetScores.Set set = SetScores.set(methods[m], p, label, thresholds[m]);
                size[m][i] = set.size();
                covers[m][i] = set.covers();
            }
            if (byClass != null) {
                SetScores.Set set = byClass.set(p, label);
                size[methods.length][i] = set.size();
                covers[methods.length][i] = set.covers();
            }
        });
        Outcome[] out = new Outcome[kinds];
        for (int m = 0; m < kinds; m++) {
            long sizes = 0;
            long covered = 0;
            for (int i = 0; i < n; i++) {
                sizes += size[m][i];
                covered += covers[m][i] ? 1 : 0;
            }
            out[m] = m < methods.length ? new Outcome(methods[m], thresholds[m], covered / (double) n, sizes / (double) n)
                    : new Outcome(SetScores.Method.LAC, Double.NaN, covered / (double) n, sizes / (double) n);
        }
        return out;
    }

    private static int label(int[] y, int row, int classes) {
        int v = y[row];
        if (v < 0 || v >= classes) {
            throw new IllegalArgumentException("label " + v + " of row " + row + " is not a class of the head (0.."
                    + (classes - 1) + ")");
        }
        return v;
    }

    private interface RowConsumer {
        void accept(int row, double[] probabilities);
    }

    /** Calls f(i, softmax of row rows[i]) for every i, a chunk of selected rows at a time (no full copy of x). */
    private static void forEachRow(Head.Logits logits, FloatMatrix x, int[] rows, RowConsumer f) {
        int n = rows.length;
        for (int start = 0; start < n; start += Scorer.CHUNK_ROWS) {
            int end = Math.min(n, start + Scorer.CHUNK_ROWS);
            FloatMatrix z = logits.of(x.selectRows(Arrays.copyOfRange(rows, start, end)));
            int classes = z.cols();
            int offset = start;
            IntStream.range(0, end - start).parallel()
                    .forEach(i -> f.accept(offset + i, SetScores.softmax(z.data(), i * classes, classes)));
        }
    }
}
