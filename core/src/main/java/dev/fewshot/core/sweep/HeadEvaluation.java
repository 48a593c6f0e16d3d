package dev.fewshot.core.sweep;

import dev.fewshot.core.heads.SolverOutcome;

import dev.fewshot.core.metrics.Accuracy;
import dev.fewshot.core.metrics.Calibration;
import dev.fewshot.core.metrics.OodMetrics;
import dev.fewshot.core.metrics.ScoreHistogram;
import dev.fewshot.core.ood.OodScore;
import dev.fewshot.core.ood.ScoredRows;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Turns the scored ID and OOD rows of one fitted head into result rows, one per OOD score. */
public final class HeadEvaluation {

    /** Identifies the fitted head the rows belong to. */
    public record FitInfo(String head, int k, long seed, double hyper, int supportSize, int shortClasses, long fitMs,
                          long scoreMs, SolverOutcome solver) {
    }

    private HeadEvaluation() {
    }

    public static List<ResultRow> evaluate(FitInfo fit, ScoredRows id, int[] testY, ScoredRows ood,
                                           Iterable<OodScore> scores) {
        double accuracy = Accuracy.top1(id.predicted(), testY);
        boolean[] correct = Accuracy.correct(id.predicted(), testY);
        double ece = Calibration.ece(id.maxProbability(), correct, Calibration.DEFAULT_BINS);
        double confId = Accuracy.meanConfidence(id.maxProbability());
        double confOod = Accuracy.meanConfidence(ood.maxProbability());
        List<ResultRow> rows = new ArrayList<>();
        for (OodScore s : scores) {
            if (!id.has(s)) {
                continue;
            }
            OodMetrics m = OodMetrics.of(id.score(s), ood.score(s));
            rows.add(new ResultRow(fit.head(), fit.k(), fit.seed(), s.id(), accuracy, m.auroc(), m.fpr95(), m.auprIn(),
                    m.auprOut(), ece, confId, confOod, fit.hyper(), fit.supportSize(), fit.shortClasses(), fit.fitMs(),
                    fit.scoreMs(), fit.solver()));
        }
        return rows;
    }

    /**
     * The report's plot data of the same scored rows: one score histogram per OOD score (in the
     * order of {@code scores}) and the 15-bin reliability diagram, the bins {@link Calibration#ece} sums over.
     * Kept apart from {@link #evaluate} so that the result rows stay exactly what they were.
     */
    public static PlotRows.Evaluated plots(FitInfo fit, ScoredRows id, int[] testY, ScoredRows ood,
                                           Iterable<OodScore> scores) {
        List<PlotRows.Histogram> histograms = new ArrayList<>();
        for (OodScore s : scores) {
            if (id.has(s)) {
                histograms.add(new PlotRows.Histogram(fit.head(), fit.k(), fit.seed(), s.id(),
                        ScoreHistogram.of(id.score(s), ood.score(s))));
            }
        }
        boolean[] correct = Accuracy.correct(id.predicted(), testY);
        Calibration.Bin[] bins = Calibration.reliability(id.maxProbability(), correct, Calibration.DEFAULT_BINS);
        return new PlotRows.Evaluated(List.of(), histograms,
                List.of(new PlotRows.Reliability(fit.head(), fit.k(), fit.seed(), Arrays.asList(bins))));
    }
}
