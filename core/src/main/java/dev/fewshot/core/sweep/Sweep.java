package dev.fewshot.core.sweep;

import dev.fewshot.core.conformal.CalibrationSplit;
import dev.fewshot.core.conformal.HeadConformal;
import dev.fewshot.core.heads.Head;
import dev.fewshot.core.heads.HeadKind;
import dev.fewshot.core.heads.TrainingSet;
import dev.fewshot.core.linalg.FloatMatrix;
import dev.fewshot.core.linalg.Gemm;
import dev.fewshot.core.ood.OodScore;
import dev.fewshot.core.ood.ScoredRows;
import dev.fewshot.core.ood.Scorer;
import dev.fewshot.core.sampling.KShotSampler;
import dev.fewshot.core.sampling.SupportSet;
import java.util.ArrayList;
import java.util.List;

/**
 * The sweep: heads × K × seeds, each fitted on its nested K-shot support set and evaluated with
 * every applicable OOD score. Zero-shot runs once, at K=0, and its rows are repeated for every
 * seed so that summaries treat all heads alike.
 *
 * <p>{@link #run} does it all in one process. The services do the same work step by step with
 * {@link #fit} (trainer) and {@link #evaluate} (evaluator), so both paths give the same numbers. Every head's rows
 * are compared with zero-shot on the same rows (the {@code zs_*} columns) when the plan has zero-shot: step by step,
 * pass the zero-shot step's fitted head.
 */
public final class Sweep {
    private final Gemm gemm;
    private final Scorer scorer;

    /** The last calibration split and the test rows it was cut from: every step of a run evaluates the same rows. */
    private record CachedSplit(FloatMatrix x, int[] y, CalibrationSplit split, Dataset source) {
    }

    private final java.util.concurrent.atomic.AtomicReference<CachedSplit> lastSplit =
            new java.util.concurrent.atomic.AtomicReference<>();
    private final java.util.concurrent.atomic.AtomicReference<CachedSplit> lastAppended =
            new java.util.concurrent.atomic.AtomicReference<>();

    /** Zero-shot's scored rows for the last (head, test rows, OOD rows, scores): the same for every step of a run. */
    private record CachedBaseline(Head zeroShot, FloatMatrix testX, FloatMatrix oodX, CalibrationSplit split,
                                  java.util.Set<OodScore> scores, HeadEvaluation.Baseline baseline) {
    }

    private final java.util.concurrent.atomic.AtomicReference<CachedBaseline> lastBaseline =
            new java.util.concurrent.atomic.AtomicReference<>();

    public Sweep(Gemm gemm) {
        this.gemm = gemm;
        this.scorer = new Scorer(gemm);
    }

    /** The split of these test rows, hashed once per matrix (the same objects are passed for every step). */
    private CalibrationSplit split(FloatMatrix testX, int[] testY) {
        CachedSplit c = lastSplit.get();
        if (c != null && c.x() == testX && c.y() == testY) {
            return c.split();
        }
        CalibrationSplit s = CalibrationSplit.of(testX, testY);
        lastSplit.set(new CachedSplit(testX, testY, s, null));
        return s;
    }

    /** One unit of work: a head at one K and seed (K=0 only for zero-shot). */
    public record Step(HeadKind head, int k, long seed) {
    }

    /** A fitted head with what the result rows report about its fit. */
    public record FittedHead(Step step, Head head, int supportSize, int shortClasses, long fitMs) {
    }

    /** The train pool a trainer fits on. {@code itemIds} null means the ids "0", "1", ... (rows of a .npy file). */
    public record TrainPool(FloatMatrix x, int[] y, String[] itemIds, int numClasses) {
        KShotSampler sampler(long seed) {
            return itemIds == null ? KShotSampler.forRows(y, numClasses, seed)
                    : KShotSampler.forIds(y, itemIds, numClasses, seed);
        }
    }

    /** The steps a config expands to, in execution order. */
    public static List<Step> plan(boolean hasText, SweepConfig cfg) {
        List<Step> steps = new ArrayList<>();
        if (cfg.heads().contains(HeadKind.ZERO_SHOT) && cfg.shots().contains(0) && hasText) {
            steps.add(new Step(HeadKind.ZERO_SHOT, 0, cfg.seeds().get(0)));
        }
        for (long seed : cfg.seeds()) {
            for (int k : cfg.shots()) {
                if (k == 0) {
                    continue;
                }
                for (HeadKind h : cfg.heads()) {
                    if (h.usesShots() && (!h.needsText() || hasText)) {
                        steps.add(new Step(h, k, seed));
                    }
                }
            }
        }
        return steps;
    }

    public static List<Step> plan(Dataset data, SweepConfig cfg) {
        return plan(data.hasText(), cfg);
    }

    public List<ResultRow> run(Dataset data, SweepConfig cfg, SweepListener listener) {
        TrainPool pool = new TrainPool(data.trainX(), data.trainY(), null, data.numClasses());
        List<Step> steps = plan(data, cfg);
        List<ResultRow> all = new ArrayList<>();
        int done = 0;
        long currentSeed = Long.MIN_VALUE;
        KShotSampler sampler = null;
        Head zeroShot = null;
        for (Step step : steps) {
            if (step.head() != HeadKind.ZERO_SHOT && (sampler == null || step.seed() != currentSeed)) {
                sampler = pool.sampler(step.seed());
                currentSeed = step.seed();
            }
            FittedHead fitted = fit(step, pool, sampler, data.textX(), data.negativesX(), cfg);
            if (step.head() == HeadKind.ZERO_SHOT) {
                zeroShot = fitted.head(); // the plan's first step
            }
            List<ResultRow> rows = evaluate(fitted, data, cfg, zeroShot);
            all.addAll(rows);
            listener.onStep(++done, steps.size(), rows);
        }
        return all;
    }

    /** Fits one step's head on its support set from the pool. */
    public FittedHead fit(Step step, TrainPool pool, FloatMatrix textX, SweepConfig cfg) {
        return fit(step, pool, textX, null, cfg);
    }

    /** The same, with NegLabel's candidate negative labels for the zero-shot head (null: none). */
    public FittedHead fit(Step step, TrainPool pool, FloatMatrix textX, FloatMatrix negativesX, SweepConfig cfg) {
        return fit(step, pool, step.head() == HeadKind.ZERO_SHOT ? null : pool.sampler(step.seed()), textX,
                negativesX, cfg);
    }

    private FittedHead fit(Step step, TrainPool pool, KShotSampler sampler, FloatMatrix textX, FloatMatrix negativesX,
                           SweepConfig cfg) {
        Trainers trainers = new Trainers(textX, negativesX, cfg);
        TrainingSet ts = null;
        int shortClasses = 0;
        if (step.head() != HeadKind.ZERO_SHOT) {
            SupportSet support = sampler.sample(step.k());
            ts = new TrainingSet(pool.x().selectRows(support.rows()), support.labels(), pool.numClasses(),
                    support.shotIndex(), step.k());
            shortClasses = support.shortClasses().length;
        }
        long t0 = System.nanoTime();
        Head head = trainers.forKind(step.head()).fit(ts, gemm);
        long fitMs = (System.nanoTime() - t0) / 1_000_000;
        return new FittedHead(step, head, ts == null ? 0 : ts.y().length, shortClasses, fitMs);
    }

    /**
     * Scores ID and OOD rows with a fitted head and returns its result rows; for zero-shot, one
     * copy per seed of the config.
     */
    public List<ResultRow> evaluate(FittedHead fitted, FloatMatrix testX, int[] testY, FloatMatrix oodX,
                                    SweepConfig cfg) {
        return evaluate(fitted, testX, testY, oodX, cfg, null);
    }

    /**
     * The same, with the paired comparison against zero-shot.
     *
     * @param zeroShot the run's zero-shot head, or null when the plan has none (the {@code zs_*} columns stay null)
     */
    public List<ResultRow> evaluate(FittedHead fitted, FloatMatrix testX, int[] testY, FloatMatrix oodX,
                                    SweepConfig cfg, Head zeroShot) {
        return evaluate(fitted, testX, testY, oodX, cfg, false, split(testX, testY), zeroShot).rows();
    }

    /** Evaluates on a dataset's test rows, calibrating on its calibration set when it has one. */
    public List<ResultRow> evaluate(FittedHead fitted, Dataset data, SweepConfig cfg) {
        return evaluate(fitted, data, cfg, null);
    }

    private List<ResultRow> evaluate(FittedHead fitted, Dataset data, SweepConfig cfg, Head zeroShot) {
        if (!data.hasCalibration()) {
            return evaluate(fitted, data.testX(), data.testY(), data.oodX(), cfg, zeroShot);
        }
        CachedSplit c = appended(data);
        return evaluate(fitted, c.x(), c.y(), data.oodX(), cfg, false, c.split(), zeroShot).rows();
    }

    /** Test rows with the calibration rows appended after them, built once per dataset. */
    private CachedSplit appended(Dataset data) {
        CachedSplit c = lastAppended.get();
        if (c != null && c.source() == data) {
            return c;
        }
        int n = data.testX().rows();
        int nc = data.calibX().rows();
        int d = data.dim();
        float[] x = java.util.Arrays.copyOf(data.testX().data(), (n + nc) * d);
        System.arraycopy(data.calibX().data(), 0, x, n * d, nc * d);
        int[] y = java.util.Arrays.copyOf(data.testY(), n + nc);
        System.arraycopy(data.calibY(), 0, y, n, nc);
        c = new CachedSplit(new FloatMatrix(n + nc, d, x), y, CalibrationSplit.appended(n, nc), data);
        lastAppended.set(c);
        return c;
    }

    /**
     * {@link #evaluate} plus the run report's plot data (score histograms, reliability bins) from the
     * same scoring pass; the result rows are the same, bit for bit. Zero-shot plot rows are repeated
     * per seed like its result rows.
     */
    public PlotRows.Evaluated evaluateWithPlots(FittedHead fitted, FloatMatrix testX, int[] testY, FloatMatrix oodX,
                                                SweepConfig cfg) {
        return evaluateWithPlots(fitted, testX, testY, oodX, cfg, null);
    }

    /** The same, with the paired comparison against the run's zero-shot head (null: none). */
    public PlotRows.Evaluated evaluateWithPlots(FittedHead fitted, FloatMatrix testX, int[] testY, FloatMatrix oodX,
                                                SweepConfig cfg, Head zeroShot) {
        return evaluate(fitted, testX, testY, oodX, cfg, true, split(testX, testY), zeroShot);
    }

    /** Zero-shot's scores on the evaluation rows, computed once per run (every step passes the same objects). */
    private HeadEvaluation.Baseline baseline(Head zeroShot, FloatMatrix testX, FloatMatrix oodX, CalibrationSplit split,
                                            SweepConfig cfg) {
        CachedBaseline c = lastBaseline.get();
        if (c != null && c.zeroShot() == zeroShot && c.testX() == testX && c.oodX() == oodX && c.split() == split
                && c.scores().equals(cfg.scores())) {
            return c.baseline();
        }
        ScoredRows all = scorer.score(zeroShot, testX, cfg.scores());
        HeadEvaluation.Baseline b = new HeadEvaluation.Baseline(
                split.calibrates() ? all.select(split.evaluation()) : all, scorer.score(zeroShot, oodX, cfg.scores()));
        lastBaseline.set(new CachedBaseline(zeroShot, testX, oodX, split, cfg.scores(), b));
        return b;
    }

    /**
     * @param split    which rows of testX calibrate and which are evaluated (every metric uses only the latter)
     * @param zeroShot the run's zero-shot head for the paired comparison columns, or null
     */
    private PlotRows.Evaluated evaluate(FittedHead fitted, FloatMatrix testX, int[] testY, FloatMatrix oodX,
                                        SweepConfig cfg, boolean withPlots, CalibrationSplit split, Head zeroShot) {
        long t0 = System.nanoTime();
        ScoredRows all = scorer.score(fitted.head(), testX, cfg.scores());
        ScoredRows ood = scorer.score(fitted.head(), oodX, cfg.scores());
        long scoreMs = (System.nanoTime() - t0) / 1_000_000;
        // conformal calibration rows are held out of every metric (docs/conformal.md)
        ScoredRows id = split.calibrates() ? all.select(split.evaluation()) : all;
        int[] evalY = split.calibrates() ? select(testY, split.evaluation()) : testY;
        HeadConformal conformal = split.calibrates() ? HeadConformal.calibrate(fitted.head(), gemm, testX, testY, split,
                all.select(split.calibration()), ordered(cfg), cfg.alpha()) : null;
        Step step = fitted.step();
        HeadEvaluation.FitInfo info = new HeadEvaluation.FitInfo(fitted.head().kind().id(), step.k(), step.seed(),
                Trainers.hyper(fitted.head()), fitted.supportSize(), fitted.shortClasses(), fitted.fitMs(), scoreMs,
                fitted.head().solver().orElse(null), Trainers.beta(fitted.head()));
        HeadEvaluation.Baseline baseline = zeroShot != null && step.head() != HeadKind.ZERO_SHOT
                ? baseline(zeroShot, testX, oodX, split, cfg) : null;
        List<ResultRow> rows = HeadEvaluation.evaluate(info, id, evalY, ood, ordered(cfg), cfg.bootstrap(), conformal,
                baseline);
        if (rows.isEmpty()) {
            // e.g. only neglabel asked for and no negative-label bank: a step without rows would never be done
            throw new IllegalArgumentException("no OOD score of " + cfg.scores() + " applies to the fitted "
                    + step.head().id() + " head" + (cfg.scores().contains(OodScore.NEGLABEL)
                    && step.head() == HeadKind.ZERO_SHOT ? " (neglabel needs negative-label candidates: the"
                    + " negatives split, or --negatives-x)" : ""));
        }
        PlotRows.Evaluated plots = withPlots ? HeadEvaluation.plots(info, id, evalY, ood, ordered(cfg))
                : new PlotRows.Evaluated(List.of(), List.of(), List.of());
        List<PlotRows.ConformalScores> served = withPlots && conformal != null
                ? HeadEvaluation.conformalScores(info, conformal) : List.of();
        if (step.head() != HeadKind.ZERO_SHOT) {
            return new PlotRows.Evaluated(rows, plots.histograms(), plots.reliability(), served);
        }
        List<PlotRows.Histogram> histograms = new ArrayList<>();
        List<PlotRows.Reliability> reliability = new ArrayList<>();
        for (long seed : cfg.seeds()) {
            plots.histograms().forEach(h -> histograms.add(new PlotRows.Histogram(h.head(), h.k(), seed, h.oodScore(),
                    h.histogram())));
            plots.reliability().forEach(r -> reliability.add(new PlotRows.Reliability(r.head(), r.k(), seed, r.bins())));
        }
        List<PlotRows.ConformalScores> conformalPerSeed = new ArrayList<>();
        for (long seed : cfg.seeds()) {
            served.forEach(c -> conformalPerSeed.add(new PlotRows.ConformalScores(c.head(), c.k(), seed, c.name(),
                    c.sorted())));
        }
        return new PlotRows.Evaluated(forEverySeed(rows, cfg.seeds()), histograms, reliability, conformalPerSeed);
    }

    private static List<ResultRow> forEverySeed(List<ResultRow> once, List<Long> seeds) {
        List<ResultRow> rows = new ArrayList<>();
        for (long seed : seeds) {
            for (ResultRow r : once) {
                rows.add(r.withSeed(seed));
            }
        }
        return rows;
    }

    private static int[] select(int[] y, int[] rows) {
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = y[rows[i]];
        }
        return out;
    }

    private static List<OodScore> ordered(SweepConfig cfg) {
        List<OodScore> out = new ArrayList<>();
        for (OodScore s : OodScore.values()) {
            if (cfg.scores().contains(s)) {
                out.add(s);
            }
        }
        return out;
    }
}
