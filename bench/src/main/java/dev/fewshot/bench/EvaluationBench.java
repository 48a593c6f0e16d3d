package dev.fewshot.bench;

import dev.fewshot.core.conformal.PredictionSets;
import dev.fewshot.core.heads.Head;
import dev.fewshot.core.linalg.FloatMatrix;
import dev.fewshot.core.metrics.Bootstrap;
import java.util.Arrays;
import java.util.Random;

/**
 * The evaluation work added by the bootstrap intervals and the conformal prediction sets, on the shape of
 * bench/scripts/numpy_evaluation.py (run both; docs/benchmarks.md): B resamples of n ID and m OOD scores for one OOD
 * score, and LAC + APS set sizes of n rows × classes logits at fixed thresholds (softmax included, no product).
 *
 * <p>Usage: EvaluationBench [--n 40000] [--m 2000] [--classes 1000] [--resamples 1000] [--reps 5]. Prints CSV rows
 * task,median_s.
 */
public final class EvaluationBench {
    private EvaluationBench() {
    }

    public static void main(String[] args) {
        int n = 40_000;
        int m = 2_000;
        int classes = 1000;
        int resamples = 1000;
        int reps = 5;
        for (int i = 0; i + 1 < args.length; i += 2) {
            int v = Integer.parseInt(args[i + 1]);
            switch (args[i]) {
                case "--n" -> n = v;
                case "--m" -> m = v;
                case "--classes" -> classes = v;
                case "--resamples" -> resamples = v;
                case "--reps" -> reps = v;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Random r = new Random(1);
        double[] id = new double[n];
        double[] ood = new double[m];
        boolean[] correct = new boolean[n];
        for (int i = 0; i < n; i++) {
            id[i] = r.nextGaussian() + 1;
            correct[i] = r.nextDouble() < 0.7;
        }
        for (int j = 0; j < m; j++) {
            ood[j] = r.nextGaussian();
        }
        double[] t = new double[reps];
        for (int rep = 0; rep < reps + 1; rep++) { // the first is warm-up
            long t0 = System.nanoTime();
            Bootstrap.of(correct, id, ood, resamples);
            if (rep > 0) {
                t[rep - 1] = (System.nanoTime() - t0) / 1e9;
            }
        }
        System.out.printf("bootstrap_1_score,%.3f%n", median(t));
        FloatMatrix z = new FloatMatrix(n, classes);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(classes);
            for (int c = 0; c < classes; c++) {
                z.set(i, c, (float) (1.5 * r.nextGaussian() + (c == y[i] ? 4 : 0)));
            }
        }
        int[] rows = new int[n];
        Arrays.setAll(rows, i -> i);
        Head.Logits identity = Head.Logits.precomputed();
        for (int rep = 0; rep < reps + 1; rep++) {
            long t0 = System.nanoTime();
            PredictionSets.evaluate(identity, z, y, rows, new double[] {0.998, 0.67});
            if (rep > 0) {
                t[rep - 1] = (System.nanoTime() - t0) / 1e9;
            }
        }
        System.out.printf("sets_lac_aps,%.3f%n", median(t));
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
