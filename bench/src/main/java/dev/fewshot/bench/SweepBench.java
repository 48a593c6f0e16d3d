package dev.fewshot.bench;

import dev.fewshot.core.heads.CosineHead;
import dev.fewshot.core.heads.Head;
import dev.fewshot.core.heads.HeadKind;
import dev.fewshot.core.heads.PrototypeTrainer;
import dev.fewshot.core.heads.TrainingSet;
import dev.fewshot.core.heads.gaussian.Shrinkage;
import dev.fewshot.core.linalg.FloatMatrix;
import dev.fewshot.core.linalg.Gemm;
import dev.fewshot.core.linalg.Gemms;
import dev.fewshot.core.ood.OodScore;
import dev.fewshot.core.ood.Scorer;
import dev.fewshot.core.sampling.KShotSampler;
import dev.fewshot.core.sampling.SupportSet;
import dev.fewshot.core.sweep.Dataset;
import dev.fewshot.core.sweep.ResultRow;
import dev.fewshot.core.sweep.Sweep;
import dev.fewshot.core.sweep.SweepConfig;
import dev.fewshot.core.conformal.Alpha;
import dev.fewshot.core.metrics.Bootstrap;
import dev.fewshot.core.synth.SyntheticClipData;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ImageNet-scale sweep benchmark: 1000 classes × 512 dims, a 48-per-class train pool
 * (16 shots × 3 seeds), 50,000 ID test rows and 2,000 OOD rows. Reports fit and scoring time per
 * head, the whole sweep, peak heap, and the scoring kernel's GFLOP/s. Run it through
 * bench/run-sweep-bench.sh, which also measures numpy in the same run.
 *
 * <p>Usage: SweepBench [--classes 1000] [--dim 512] [--test 50000] [--ood 2000] [--linear-c 10]
 * [--heads zero-shot,linear,prototype,gaussian] [--reps 5] [--bootstrap 1000]
 */
public final class SweepBench {

    public static void main(String[] args) {
        Map<String, String> a = parse(args);
        int classes = Integer.parseInt(a.getOrDefault("classes", "1000"));
        int dim = Integer.parseInt(a.getOrDefault("dim", "512"));
        int test = Integer.parseInt(a.getOrDefault("test", "50000"));
        int ood = Integer.parseInt(a.getOrDefault("ood", "2000"));
        double linearC = Double.parseDouble(a.getOrDefault("linear-c", "10"));
        int reps = Integer.parseInt(a.getOrDefault("reps", "5"));
        List<HeadKind> heads = new ArrayList<>();
        for (String h : a.getOrDefault("heads", "zero-shot,linear,prototype,gaussian").split(",")) {
            heads.add(HeadKind.fromId(h));
        }
        Gemm gemm = Gemms.defaultGemm();

        long g0 = System.nanoTime();
        SyntheticClipData.Data d = SyntheticClipData.generate(
                SyntheticClipData.Params.defaults(classes, dim).withSizes(48, test, ood));
        Dataset data = Dataset.validated(d.trainX(), d.trainY(), d.testX(), d.testY(), d.oodX(), d.textX(),
                Dataset.Sources.defaults());
        System.out.printf("# generated %d classes x %d dims, pool %d, test %d, ood %d in %.1f s; gemm %s, %d cpus%n",
                classes, dim, d.trainX().rows(), test, ood, (System.nanoTime() - g0) / 1e9, gemm.name(),
                Runtime.getRuntime().availableProcessors());

        kernel(gemm, d, classes, reps);

        resetPeaks();
        int bootstrap = Integer.parseInt(a.getOrDefault("bootstrap", Integer.toString(Bootstrap.DEFAULT_RESAMPLES)));
        SweepConfig cfg = new SweepConfig(List.of(0, 1, 2, 4, 8, 16), List.of(0L, 1L, 2L), heads,
                EnumSet.allOf(OodScore.class), linearC, Shrinkage.AUTO, 100, bootstrap, Alpha.DEFAULT);
        Map<String, long[]> perHead = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        List<ResultRow> rows = new Sweep(gemm).run(data, cfg, (step, total, r) -> {
            if (!r.isEmpty()) {
                ResultRow x = r.get(0);
                long[] acc = perHead.computeIfAbsent(x.head(), k -> new long[3]);
                acc[0] += x.fitMs();
                acc[1] += x.scoreMs();
                acc[2]++;
                System.err.printf("[%d/%d] %s K=%d seed=%d fit %d ms score %d ms%n", step, total, x.head(), x.k(),
                        x.seed(), x.fitMs(), x.scoreMs());
            }
        });
        double wall = (System.nanoTime() - t0) / 1e9;
        System.out.println();
        System.out.println("| head | fits | fit total (s) | score total (s) | mean fit (ms) | mean score (ms) |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        for (Map.Entry<String, long[]> e : perHead.entrySet()) {
            long[] v = e.getValue();
            System.out.printf("| %s | %d | %.1f | %.1f | %d | %d |%n", e.getKey(), v[2], v[0] / 1e3, v[1] / 1e3,
                    v[0] / v[2], v[1] / v[2]);
        }
        double fitAndScore = perHead.values().stream().mapToDouble(v -> (v[0] + v[1]) / 1e3).sum();
        System.out.printf("%nwhole sweep: %.1f s wall, %d result rows, peak heap %.0f MiB (max heap %.0f MiB)%n",
                wall, rows.size(), peakHeapMiB(), Runtime.getRuntime().maxMemory() / 1048576.0);
        // sampling, metrics, bootstrap intervals (--bootstrap) and conformal calibration: the wall time outside fits
        // and scoring passes
        System.out.printf("outside fit and score: %.1f s (bootstrap %d resamples)%n", wall - fitAndScore, bootstrap);
        System.out.println("sweep_seconds=" + String.format("%.1f", wall));
    }

    /** Scoring kernel: the prepacked product alone, and a whole head scoring (product + row statistics). */
    private static void kernel(Gemm gemm, SyntheticClipData.Data d, int classes, int reps) {
        SupportSet s = KShotSampler.forRows(d.trainY(), classes, 0).sample(16);
        Head proto = new PrototypeTrainer().fit(new TrainingSet(d.trainX().selectRows(s.rows()), s.labels(), classes,
                s.shotIndex(), 16), gemm);
        FloatMatrix x = d.testX();
        double flops = 2.0 * x.rows() * x.cols() * classes;
        double[] product = new double[reps];
        double[] scoring = new double[reps];
        Scorer scorer = new Scorer(gemm);
        try (Gemm.Prepared p = gemm.prepareTransB(((CosineHead) proto).classVectors())) {
            for (int r = -2; r < reps; r++) {
                long t0 = System.nanoTime();
                for (int start = 0; start < x.rows(); start += Scorer.CHUNK_ROWS) {
                    p.apply(x.rowRange(start, Math.min(x.rows(), start + Scorer.CHUNK_ROWS)));
                }
                long t1 = System.nanoTime();
                scorer.score(proto, x, EnumSet.allOf(OodScore.class));
                long t2 = System.nanoTime();
                if (r >= 0) {
                    product[r] = flops / ((t1 - t0) / 1e9) / 1e9;
                    scoring[r] = flops / ((t2 - t1) / 1e9) / 1e9;
                }
            }
        }
        System.out.printf("kernel_product_gflops=%.1f%nkernel_scoring_gflops=%.1f%n", median(product), median(scoring));
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            p.resetPeakUsage();
        }
    }

    private static double peakHeapMiB() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum / 1048576.0;
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value, got " + args[i]);
            }
            m.put(args[i].substring(2), args[i + 1]);
        }
        return m;
    }
}
