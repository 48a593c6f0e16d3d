package dev.fewshot.bench;

import dev.fewshot.core.heads.AffineLogits;
import dev.fewshot.core.heads.CosineHead;
import dev.fewshot.core.heads.Head;
import dev.fewshot.core.heads.HeadKind;
import dev.fewshot.core.heads.PrototypeTrainer;
import dev.fewshot.core.heads.TrainingSet;
import dev.fewshot.core.linalg.FloatMatrix;
import dev.fewshot.core.linalg.Gemm;
import dev.fewshot.core.linalg.Gemms;
import dev.fewshot.core.linalg.JavaReductions;
import dev.fewshot.core.ood.OodScore;
import dev.fewshot.core.ood.Scorer;
import dev.fewshot.core.ood.ScoredRows;
import dev.fewshot.core.sampling.KShotSampler;
import dev.fewshot.core.sampling.SupportSet;
import dev.fewshot.core.synth.SyntheticClipData;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whole scoring against its matrix product (issue 13, target 2): a 16-shot prototype head of the generated CLIP-like
 * set scores the test rows with every OOD score, once with the row reductions in ONNX Runtime (the default) and once
 * with the double-precision Java reference; the head's prepacked product alone (its logits, x·(s·v) for these
 * cosine heads) is timed in the same rounds. Prints GFLOP/s
 * medians, the ratios, and the largest difference between the two reductions' scores.
 *
 * <p>Usage: ScoringBench [--classes 1000] [--test 50000] [--reps 5]
 */
public final class ScoringBench {
    public static void main(String[] args) {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int classes = Integer.parseInt(a.getOrDefault("classes", "1000"));
        int test = Integer.parseInt(a.getOrDefault("test", "50000"));
        int reps = Integer.parseInt(a.getOrDefault("reps", "5"));
        SyntheticClipData.Data d = SyntheticClipData.generate(
                SyntheticClipData.Params.defaults(classes, 512).withSizes(16, test, 10));
        Gemm gemm = Gemms.defaultGemm();
        Gemm reference = new JavaReductions(gemm);
        SupportSet s = KShotSampler.forRows(d.trainY(), classes, 0).sample(16);
        Head prototype = new PrototypeTrainer().fit(new TrainingSet(d.trainX().selectRows(s.rows()), s.labels(),
                classes, s.shotIndex(), 16), gemm);
        Head zeroShot = new CosineHead(HeadKind.ZERO_SHOT, d.textX().l2NormalizeRows(), CosineHead.CLIP_LOGIT_SCALE);
        for (Head head : new Head[] {prototype, zeroShot}) {
            run(head, d.testX(), classes, reps, gemm, reference);
        }
    }

    private static void run(Head head, FloatMatrix x, int classes, int reps, Gemm gemm, Gemm reference) {
        double flops = 2.0 * x.rows() * x.cols() * classes;
        double[] product = new double[reps], fused = new double[reps], java = new double[reps];
        ScoredRows fast = null, slow = null;
        try (Gemm.Prepared logits = gemm.prepareTransB(((AffineLogits) head).logitWeights())) {
            for (int r = -2; r < reps; r++) {
                long t0 = System.nanoTime();
                for (int start = 0; start < x.rows(); start += Scorer.CHUNK_ROWS) {
                    logits.apply(x.rowRange(start, Math.min(x.rows(), start + Scorer.CHUNK_ROWS)));
                }
                long t1 = System.nanoTime();
                fast = new Scorer(gemm).score(head, x, EnumSet.allOf(OodScore.class));
                long t2 = System.nanoTime();
                slow = new Scorer(reference).score(head, x, EnumSet.allOf(OodScore.class));
                long t3 = System.nanoTime();
                if (r >= 0) {
                    product[r] = flops / ((t1 - t0) / 1e9) / 1e9;
                    fused[r] = flops / ((t2 - t1) / 1e9) / 1e9;
                    java[r] = flops / ((t3 - t2) / 1e9) / 1e9;
                }
            }
        }
        double p = median(product), f = median(fused), j = median(java);
        System.out.printf("%nhead=%s rows=%d classes=%d gemm=%s%n", head.kind().id(), x.rows(), classes, gemm.name());
        System.out.printf("product_gflops=%.1f%nscoring_gflops=%.1f ratio=%.2f%njava_reductions_gflops=%.1f ratio=%.2f%n",
                p, f, f / p, j, j / p);
        System.out.println("predicted_equal=" + Arrays.equals(fast.predicted(), slow.predicted()));
        for (OodScore sc : OodScore.values()) {
            if (!fast.has(sc)) {
                continue;
            }
            double[] u = fast.score(sc), v = slow.score(sc);
            double abs = 0, rel = 0;
            for (int i = 0; i < u.length; i++) {
                double diff = Math.abs(u[i] - v[i]);
                abs = Math.max(abs, diff);
                rel = Math.max(rel, diff / Math.max(1e-300, Math.abs(v[i])));
            }
            System.out.printf("max_diff %s abs=%.3g rel=%.3g%n", sc.id(), abs, rel);
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
