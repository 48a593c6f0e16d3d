package dev.fewshot.core.sweep;

import dev.fewshot.core.heads.Head;
import dev.fewshot.core.heads.HeadKind;
import dev.fewshot.core.heads.HeadTrainer;
import dev.fewshot.core.heads.TrainingSet;
import dev.fewshot.core.linalg.Gemm;
import dev.fewshot.core.ood.OodScore;
import dev.fewshot.core.ood.ScoredRows;
import dev.fewshot.core.ood.Scorer;
import dev.fewshot.core.sampling.KShotSampler;
import dev.fewshot.core.sampling.SupportSet;
import java.util.ArrayList;
import java.util.List;

/**
 * The in-process sweep: heads × K × seeds, each fitted on its nested K-shot support set and
 * evaluated with every applicable OOD score. Zero-shot runs once, at K=0, and its rows are
 * repeated for every seed so that summaries treat all heads alike.
 */
public final class Sweep {
    private final Gemm gemm;
    private final Scorer scorer;

    public Sweep(Gemm gemm) {
        this.gemm = gemm;
        this.scorer = new Scorer(gemm);
    }

    /** One unit of work: a head at one K and seed (K=0 only for zero-shot). */
    public record Step(HeadKind head, int k, long seed) {
    }

    /** The steps a config expands to on a dataset, in execution order. */
    public static List<Step> plan(Dataset data, SweepConfig cfg) {
        List<Step> steps = new ArrayList<>();
        if (cfg.heads().contains(HeadKind.ZERO_SHOT) && cfg.shots().contains(0) && data.hasText()) {
            steps.add(new Step(HeadKind.ZERO_SHOT, 0, cfg.seeds().get(0)));
        }
        for (long seed : cfg.seeds()) {
            for (int k : cfg.shots()) {
                if (k == 0) {
                    continue;
                }
                for (HeadKind h : cfg.heads()) {
                    if (h.usesShots() && (!h.needsText() || data.hasText())) {
                        steps.add(new Step(h, k, seed));
                    }
                }
            }
        }
        return steps;
    }

    public List<ResultRow> run(Dataset data, SweepConfig cfg, SweepListener listener) {
        Trainers trainers = new Trainers(data, cfg);
        List<Step> steps = plan(data, cfg);
        List<ResultRow> all = new ArrayList<>();
        int done = 0;
        long currentSeed = Long.MIN_VALUE;
        KShotSampler sampler = null;
        for (Step step : steps) {
            List<ResultRow> rows;
            if (step.head() == HeadKind.ZERO_SHOT) {
                rows = zeroShotRows(data, cfg, trainers.forKind(HeadKind.ZERO_SHOT));
            } else {
                if (sampler == null || step.seed() != currentSeed) {
                    sampler = KShotSampler.forRows(data.trainY(), data.numClasses(), step.seed());
                    currentSeed = step.seed();
                }
                rows = runStep(data, cfg, step, sampler.sample(step.k()), trainers.forKind(step.head()));
            }
            all.addAll(rows);
            listener.onStep(++done, steps.size(), rows);
        }
        return all;
    }

    private List<ResultRow> zeroShotRows(Dataset data, SweepConfig cfg, HeadTrainer trainer) {
        List<ResultRow> rows = new ArrayList<>();
        List<ResultRow> once = fitAndEvaluate(data, cfg, trainer, null, 0, cfg.seeds().get(0), 0);
        for (long seed : cfg.seeds()) {
            for (ResultRow r : once) {
                rows.add(new ResultRow(r.head(), r.k(), seed, r.oodScore(), r.accuracy(), r.auroc(), r.fpr95(),
                        r.auprIn(), r.auprOut(), r.ece(), r.confId(), r.confOod(), r.hyper(), r.supportSize(),
                        r.shortClasses(), r.fitMs(), r.scoreMs()));
            }
        }
        return rows;
    }

    private List<ResultRow> runStep(Dataset data, SweepConfig cfg, Step step, SupportSet support, HeadTrainer trainer) {
        TrainingSet ts = new TrainingSet(data.trainX().selectRows(support.rows()), support.labels(), data.numClasses(),
                support.shotIndex(), step.k());
        return fitAndEvaluate(data, cfg, trainer, ts, step.k(), step.seed(), support.shortClasses().length);
    }

    private List<ResultRow> fitAndEvaluate(Dataset data, SweepConfig cfg, HeadTrainer trainer, TrainingSet ts, int k,
                                           long seed, int shortClasses) {
        long t0 = System.nanoTime();
        Head head = trainer.fit(ts, gemm);
        long t1 = System.nanoTime();
        ScoredRows id = scorer.score(head, data.testX(), cfg.scores());
        ScoredRows ood = scorer.score(head, data.oodX(), cfg.scores());
        long t2 = System.nanoTime();
        HeadEvaluation.FitInfo info = new HeadEvaluation.FitInfo(head.kind().id(), k, seed, Trainers.hyper(head),
                ts == null ? 0 : ts.y().length, shortClasses, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
        return HeadEvaluation.evaluate(info, id, data.testY(), ood, ordered(cfg));
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
