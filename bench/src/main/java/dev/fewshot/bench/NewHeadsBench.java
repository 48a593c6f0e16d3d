package dev.fewshot.bench;

import dev.fewshot.core.heads.Head;
import dev.fewshot.core.heads.HeadKind;
import dev.fewshot.core.heads.TrainingSet;
import dev.fewshot.core.heads.gaussian.Shrinkage;
import dev.fewshot.core.linalg.FloatMatrix;
import dev.fewshot.core.linalg.Gemm;
import dev.fewshot.core.linalg.Gemms;
import dev.fewshot.core.ood.OodScore;
import dev.fewshot.core.ood.Scorer;
import dev.fewshot.core.sampling.KShotSampler;
import dev.fewshot.core.sampling.SupportSet;
import dev.fewshot.core.sweep.SweepConfig;
import dev.fewshot.core.sweep.Trainers;
import dev.fewshot.core.synth.SyntheticClipData;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fit and scoring cost of the heads and OOD scores beyond the study at ImageNet scale (1000 classes × 512 dims,
 * 16 shots, 50,000 ID test rows + 2,000 OOD rows), next to prototype's, measured in the same run: medians of
 * {@code --reps} fits and scoring passes. NegLabel's candidates are 70,000 random directions (the WordNet
 * vocabulary's size; their values do not change the cost).
 *
 * <p>Usage: NewHeadsBench [--classes 1000] [--test 50000] [--candidates 70000] [--reps 3]
 */
public final class NewHeadsBench {

    public static void main(String[] args) {
        Map<String, String> a = SweepBench.parse(args);
        int classes = Integer.parseInt(a.getOrDefault("classes", "1000"));
        int dim = 512;
        int test = Integer.parseInt(a.getOrDefault("test", "50000"));
        int candidates = Integer.parseInt(a.getOrDefault("candidates", "70000"));
        int reps = Integer.parseInt(a.getOrDefault("reps", "3"));
        Gemm gemm = Gemms.defaultGemm();
        SyntheticClipData.Data d = SyntheticClipData.generate(
                SyntheticClipData.Params.defaults(classes, dim).withSizes(16, test, 2000));
        SupportSet s = KShotSampler.forRows(d.trainY(), classes, 0).sample(16);
        TrainingSet ts = new TrainingSet(d.trainX().selectRows(s.rows()), s.labels(), classes, s.shotIndex(), 16);
        FloatMatrix negatives = random(candidates, dim, 7);
        FloatMatrix x = concat(d.testX(), d.oodX());
        System.out.printf("# %d classes x %d dims, 16 shots (%d support rows), %d scored rows, %d NegLabel candidates,"
                + " gemm %s, %d cpus, median of %d%n", classes, dim, ts.y().length, x.rows(), candidates, gemm.name(),
                Runtime.getRuntime().availableProcessors(), reps);
        System.out.println("| head | scores | fit (s) | score (s) | score / prototype's |");
        System.out.println("|---|---|---:|---:|---:|");
        Set<OodScore> base = EnumSet.of(OodScore.MSP);
        double proto = row(gemm, d, ts, null, HeadKind.PROTOTYPE, base, x, reps, Double.NaN);
        row(gemm, d, ts, null, HeadKind.GAUSSIAN, base, x, reps, proto);
        row(gemm, d, ts, null, HeadKind.GAUSSIAN, EnumSet.of(OodScore.MSP, OodScore.RMDS), x, reps, proto);
        row(gemm, d, ts, null, HeadKind.GDA, base, x, reps, proto);
        row(gemm, d, ts, null, HeadKind.TIP_ADAPTER, base, x, reps, proto);
        row(gemm, d, ts, null, HeadKind.TIP_ADAPTER, EnumSet.of(OodScore.MSP, OodScore.KNN), x, reps, proto);
        row(gemm, d, ts, null, HeadKind.ZERO_SHOT, base, x, reps, proto);
        row(gemm, d, ts, negatives, HeadKind.ZERO_SHOT, EnumSet.of(OodScore.MSP, OodScore.NEGLABEL), x, reps, proto);
    }

    /** Prints one row; returns the median scoring seconds. */
    private static double row(Gemm gemm, SyntheticClipData.Data d, TrainingSet ts, FloatMatrix negatives, HeadKind kind,
                              Set<OodScore> scores, FloatMatrix x, int reps, double protoScore) {
        SweepConfig cfg = new SweepConfig(List.of(16), List.of(0L), List.of(kind), scores, 10.0, Shrinkage.AUTO, 100);
        Trainers trainers = new Trainers(d.textX(), negatives, cfg);
        double[] fit = new double[reps];
        double[] score = new double[reps];
        Head head = null;
        Scorer scorer = new Scorer(gemm);
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            head = trainers.forKind(kind).fit(ts, gemm);
            long t1 = System.nanoTime();
            scorer.score(head, x, scores);
            long t2 = System.nanoTime();
            fit[r] = (t1 - t0) / 1e9;
            score[r] = (t2 - t1) / 1e9;
        }
        double sc = median(score);
        System.out.printf("| %s | %s | %.2f | %.2f | %s |%n", kind.id(), scores, median(fit), sc,
                Double.isNaN(protoScore) ? "1.00" : String.format("%.2f", sc / protoScore));
        return sc;
    }

    private static FloatMatrix concat(FloatMatrix a, FloatMatrix b) {
        float[] v = Arrays.copyOf(a.data(), a.data().length + b.data().length);
        System.arraycopy(b.data(), 0, v, a.data().length, b.data().length);
        return new FloatMatrix(a.rows() + b.rows(), a.cols(), v);
    }

    private static FloatMatrix random(int rows, int cols, long seed) {
        java.util.Random r = new java.util.Random(seed);
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return new FloatMatrix(rows, cols, v);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
