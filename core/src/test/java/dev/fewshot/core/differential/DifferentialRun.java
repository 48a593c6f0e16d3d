package dev.fewshot.core.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.fewshot.core.heads.Head;
import dev.fewshot.core.heads.HeadKind;
import dev.fewshot.core.heads.LinearHead;
import dev.fewshot.core.heads.TrainingSet;
import dev.fewshot.core.heads.gaussian.Shrinkage;
import dev.fewshot.core.io.FeatureFiles;
import dev.fewshot.core.io.Npy;
import dev.fewshot.core.linalg.FloatMatrix;
import dev.fewshot.core.linalg.Gemm;
import dev.fewshot.core.linalg.Gemms;
import dev.fewshot.core.ood.OodScore;
import dev.fewshot.core.ood.ScoredRows;
import dev.fewshot.core.ood.Scorer;
import dev.fewshot.core.sampling.KShotSampler;
import dev.fewshot.core.sampling.SupportSet;
import dev.fewshot.core.sweep.HeadEvaluation;
import dev.fewshot.core.sweep.ResultColumn;
import dev.fewshot.core.sweep.ResultRow;
import dev.fewshot.core.sweep.SweepConfig;
import dev.fewshot.core.sweep.Trainers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * One shape of the differential suite: generate a set with the independent generator (clip_like.py), fit
 * fewshot's heads on a K-shot support exactly as the sweep does, write what they produce, and let
 * reference.py check it against scikit-learn, scipy and numpy.
 *
 * @param shared weak (mean pairwise cosine ≈ 0.1) or strong (≈ 0.4)
 * @param noise  iso or aniso
 * @param pool   rows per class in the train pool (K: the support is the whole pool; 3K: a sample of it)
 * @param cv     also fit the linear probes with C chosen by cross-validation
 */
record DifferentialRun(int classes, int dim, String shared, String noise, int pool, int testRows, long seed,
                       List<Integer> shots, boolean cv) {
    static final double FIXED_C = 10;
    static final double GAUSSIAN_ALPHA = 0.3;
    /** Zero-shot's scored rows at the current K (set before the heads are fitted). */
    private static HeadEvaluation.Baseline baseline;
    /** NegLabel's candidate negative labels of the current shape. */
    private static FloatMatrix negatives;

    /** 4C candidates: 2C near a class text row (cosine about 0.6), 2C random directions. */
    private static FloatMatrix candidates(FloatMatrix text, long seed) {
        java.util.Random r = new java.util.Random(seed * 31 + 7);
        int c = text.rows(), d = text.cols();
        FloatMatrix unitText = text.copy().l2NormalizeRows();
        float[] out = new float[4 * c * d];
        for (int i = 0; i < 4 * c; i++) {
            double noise = i < 2 * c ? 1.3 / Math.sqrt(d) : 1.0;
            for (int j = 0; j < d; j++) {
                double base = i < 2 * c ? unitText.get(i % c, j) : 0;
                out[i * d + j] = (float) (base + noise * r.nextGaussian());
            }
        }
        return new FloatMatrix(4 * c, d, out);
    }

    private static SweepConfig config(HeadKind kind, int k, Double c) {
        return new SweepConfig(List.of(k), List.of(0L), List.of(kind), EnumSet.allOf(OodScore.class), c,
                Shrinkage.fixed(GAUSSIAN_ALPHA), dev.fewshot.core.heads.linear.SolverOptions.DEFAULT_MAX_ITER);
    }

    @Override
    public String toString() {
        return classes + "x" + dim + "-" + shared + "-" + noise + "-pool" + pool + "-seed" + seed;
    }

    /** Runs every K; returns the reference's report per K. Fails on any failed check. */
    String check(Path work) throws IOException {
        Path data = Files.createDirectories(work.resolve(toString()));
        ReferencePython.Result gen = ReferencePython.run(List.of("clip_like.py", data.toString(),
                Integer.toString(classes), Integer.toString(dim), shared, noise, Integer.toString(pool),
                Integer.toString(testRows), Long.toString(seed)), 600);
        assertEquals(0, gen.exit(), gen.output());
        FloatMatrix trainX = FeatureFiles.readMatrix(data.resolve("train_x.npy"), true);
        int[] trainY = FeatureFiles.readLabels(data.resolve("train_y.npy"));
        FloatMatrix testX = FeatureFiles.readMatrix(data.resolve("test_x.npy"), true);
        int[] testY = FeatureFiles.readLabels(data.resolve("test_y.npy"));
        FloatMatrix oodX = FeatureFiles.readMatrix(data.resolve("ood_x.npy"), true);
        FloatMatrix text = FeatureFiles.readMatrix(data.resolve("text_x.npy"), true);
        Gemm gemm = Gemms.defaultGemm();
        StringBuilder report = new StringBuilder();
        boolean failed = false;
        for (int k : shots) {
            Path dir = Files.createDirectories(data.resolve("K" + k));
            SupportSet support = KShotSampler.forRows(trainY, classes, 0).sample(k);
            long[] rows = new long[support.rows().length];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = support.rows()[i];
            }
            Npy.writeInt64(dir.resolve("support.npy"), rows);
            TrainingSet ts = new TrainingSet(trainX.selectRows(support.rows()), support.labels(), classes,
                    support.shotIndex(), k);
            List<String> heads = new ArrayList<>();
            // NegLabel's candidates: words near a class name (to be mined away) and far from all of them
            negatives = candidates(text, seed);
            Npy.writeFloat32(dir.resolve("negatives.npy"), negatives);
            int[] kept = dev.fewshot.core.heads.NegativeLabelMining.select(text.copy().l2NormalizeRows(), negatives,
                    gemm);
            Npy.writeInt32(dir.resolve("negatives_kept.npy"), kept);
            // zero-shot's rows, the baseline every other head is compared with on the same rows (zs_* columns)
            Head zs = new Trainers(text, negatives, config(HeadKind.ZERO_SHOT, k, null)).forKind(HeadKind.ZERO_SHOT)
                    .fit(ts, gemm);
            Scorer zsScorer = new Scorer(gemm);
            baseline = new HeadEvaluation.Baseline(zsScorer.score(zs, testX, EnumSet.allOf(OodScore.class)),
                    zsScorer.score(zs, oodX, EnumSet.allOf(OodScore.class)));
            fit(heads, dir, "linear_c10", HeadKind.LINEAR, FIXED_C, ts, text, testX, testY, oodX, gemm);
            fit(heads, dir, "linear-zs_c10", HeadKind.LINEAR_ZS, FIXED_C, ts, text, testX, testY, oodX, gemm);
            if (cv && k >= 2) {
                fit(heads, dir, "linear_cv", HeadKind.LINEAR, null, ts, text, testX, testY, oodX, gemm);
                fit(heads, dir, "linear-zs_cv", HeadKind.LINEAR_ZS, null, ts, text, testX, testY, oodX, gemm);
            }
            fit(heads, dir, "prototype", HeadKind.PROTOTYPE, null, ts, text, testX, testY, oodX, gemm);
            fit(heads, dir, "zero-shot", HeadKind.ZERO_SHOT, null, ts, text, testX, testY, oodX, gemm);
            if (k >= 2) {
                fit(heads, dir, "gaussian", HeadKind.GAUSSIAN, null, ts, text, testX, testY, oodX, gemm);
            }
            fit(heads, dir, "gda", HeadKind.GDA, null, ts, text, testX, testY, oodX, gemm);
            fit(heads, dir, "tip-adapter", HeadKind.TIP_ADAPTER, null, ts, text, testX, testY, oodX, gemm);
            Files.write(dir.resolve("heads.tsv"), heads);
            ReferencePython.Result r = ReferencePython.run(List.of("reference.py", data.toString(), dir.toString()),
                    1800);
            report.append("K=").append(k).append(r.exit() == 0 ? "" : " FAILED").append('\n').append(r.output());
            failed |= r.exit() != 0;
        }
        assertFalse(failed, "reference checks failed for " + this + ":\n" + report);
        return report.toString();
    }

    private static void fit(List<String> heads, Path dir, String name, HeadKind kind, Double c, TrainingSet ts,
                            FloatMatrix text, FloatMatrix testX, int[] testY, FloatMatrix oodX, Gemm gemm)
            throws IOException {
        SweepConfig cfg = config(kind, ts.k(), c);
        Head head = new Trainers(text, negatives, cfg).forKind(kind).fit(ts, gemm);
        double hyper = Trainers.hyper(head);
        heads.add(name + "\t" + kind.id() + "\t" + (Double.isNaN(hyper) ? 0 : hyper));
        if (head instanceof dev.fewshot.core.heads.cache.TipAdapterHead t) {
            Npy.writeFloat64(dir.resolve(name + ".alpha_beta.npy"), new double[] {t.alpha(), t.beta()}, 2);
        }
        if (c == null && head instanceof LinearHead && name.endsWith("_cv")) {
            // For reference.py's exhaustive cross-validation with converged fits on the same folds and grid.
            int[] folds = dev.fewshot.core.heads.linear.LinearTrainer.cvFolds(ts);
            Npy.writeInt32(dir.resolve(name + ".folds.npy"), folds);
            double[] grid = dev.fewshot.core.heads.linear.RegularisationSearch.DEFAULT_GRID;
            Npy.writeFloat64(dir.resolve(name + ".grid.npy"), grid, grid.length);
        }
        if (head instanceof LinearHead l) {
            Npy.writeFloat32(dir.resolve(name + ".W.npy"), l.weights());
            float[] b = l.bias();
            Npy.writeFloat32(dir.resolve(name + ".b.npy"), b, b.length);
        }
        Scorer scorer = new Scorer(gemm);
        ScoredRows id = scorer.score(head, testX, cfg.scores());
        ScoredRows ood = scorer.score(head, oodX, cfg.scores());
        Npy.writeInt32(dir.resolve(name + ".pred.npy"), id.predicted());
        List<OodScore> applicable = new ArrayList<>(Scorer.applicable(head, cfg.scores()));
        List<ResultRow> rows = HeadEvaluation.evaluate(new HeadEvaluation.FitInfo(kind.id(), ts.k(), 0, hyper,
                ts.y().length, 0, 0, 0, head.solver().orElse(null)), id, testY, ood, applicable, cfg.bootstrap(), null,
                baseline);
        List<String> metrics = new ArrayList<>();
        for (ResultRow r : rows) {
            OodScore s = OodScore.fromId(r.oodScore());
            Npy.writeFloat64(dir.resolve(name + "." + s.id() + ".id.npy"), id.score(s), id.size());
            Npy.writeFloat64(dir.resolve(name + "." + s.id() + ".ood.npy"), ood.score(s), ood.size());
            metrics.add(String.join("\t", s.id(), Double.toString(r.accuracy()), Double.toString(r.auroc()),
                    Double.toString(r.fpr95()), Double.toString(r.auprIn()), Double.toString(r.auprOut()),
                    Double.toString(r.number(ResultColumn.FPR95_OODPOS)), Double.toString(r.number(ResultColumn.ACCURACY_LO)),
                    Double.toString(r.number(ResultColumn.ACCURACY_HI)), Double.toString(r.number(ResultColumn.AUROC_LO)),
                    Double.toString(r.number(ResultColumn.AUROC_HI)), Double.toString(r.number(ResultColumn.FPR95_LO)),
                    Double.toString(r.number(ResultColumn.FPR95_HI)), text(r, ResultColumn.ZS_SCORE),
                    text(r, ResultColumn.ZS_ACCURACY_DIFF), text(r, ResultColumn.ZS_ACCURACY_P),
                    text(r, ResultColumn.ZS_AUROC_DIFF), text(r, ResultColumn.ZS_AUROC_P)));
        }
        Files.write(dir.resolve(name + ".metrics.tsv"), metrics);
    }

    /** A field as text for reference.py; "-" when null. */
    private static String text(ResultRow r, ResultColumn c) {
        Object v = r.get(c);
        return v == null ? "-" : v.toString();
    }
}
