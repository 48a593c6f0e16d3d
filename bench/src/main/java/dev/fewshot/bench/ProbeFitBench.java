package dev.fewshot.bench;

import dev.fewshot.core.heads.Head;
import dev.fewshot.core.heads.TrainingSet;
import dev.fewshot.core.heads.linear.LinearTrainer;
import dev.fewshot.core.heads.linear.SolverOptions;
import dev.fewshot.core.linalg.FloatMatrix;
import dev.fewshot.core.linalg.Gemm;
import dev.fewshot.core.linalg.Gemms;
import dev.fewshot.core.sampling.KShotSampler;
import dev.fewshot.core.sampling.SupportSet;
import dev.fewshot.core.synth.SyntheticClipData;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One linear-probe fit as the sweep does it by default (C by 4-fold cross-validation over the default grid,
 * then the refit on all rows), on a K-shot support of the generated CLIP-like set: seconds per fit (median of
 * reps), the chosen C and the refit's solver outcome.
 *
 * <p>Usage: ProbeFitBench [--classes 1000] [--k 16] [--head linear|linear-zs] [--c fixed-C] [--reps 3]
 */
public final class ProbeFitBench {
    public static void main(String[] args) {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int classes = Integer.parseInt(a.getOrDefault("classes", "1000"));
        int k = Integer.parseInt(a.getOrDefault("k", "16"));
        String head = a.getOrDefault("head", "linear");
        Double c = a.containsKey("c") ? Double.valueOf(a.get("c")) : null;
        int reps = Integer.parseInt(a.getOrDefault("reps", "3"));
        SyntheticClipData.Data d = SyntheticClipData.generate(
                SyntheticClipData.Params.defaults(classes, 512).withSizes(48, 10, 10));
        SupportSet s = KShotSampler.forRows(d.trainY(), classes, 0).sample(k);
        TrainingSet support = new TrainingSet(d.trainX().selectRows(s.rows()), s.labels(), classes, s.shotIndex(), k);
        LinearTrainer trainer;
        if (head.equals("linear-zs")) {
            FloatMatrix w0 = d.textX().l2NormalizeRows();
            float[] w = w0.data();
            for (int i = 0; i < w.length; i++) {
                w[i] *= 100f;
            }
            trainer = LinearTrainer.zeroShotAnchored(w0, c, SolverOptions.DEFAULT_MAX_ITER);
        } else {
            trainer = LinearTrainer.plain(c, SolverOptions.DEFAULT_MAX_ITER);
        }
        Gemm gemm = Gemms.defaultGemm();
        double[] seconds = new double[reps];
        Head fitted = null;
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            fitted = trainer.fit(support, gemm);
            seconds[r] = (System.nanoTime() - t0) / 1e9;
            System.err.printf("rep %d: %.2f s%n", r, seconds[r]);
        }
        Arrays.sort(seconds);
        System.out.printf("head=%s classes=%d k=%d rows=%d fit_median_s=%.2f C=%s refit=%s%n", head, classes, k,
                support.y().length, seconds[reps / 2], dev.fewshot.core.sweep.Trainers.hyper(fitted),
                fitted.solver().map(o -> o.stop().label() + "/" + o.iterations()).orElse("-"));
    }
}
