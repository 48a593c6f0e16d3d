package dev.fewshot.core.sweep;

import dev.fewshot.core.metrics.Accuracy;
import dev.fewshot.core.metrics.Calibration;
import dev.fewshot.core.metrics.OodMetrics;
import dev.fewshot.core.ood.OodScore;
import dev.fewshot.core.ood.ScoredRows;
import java.util.ArrayList;
import java.util.List;

/** Turns the scored ID and OOD rows of one fitted head into result rows, one per OOD score. */
public final class HeadEvaluation {

    /** Identifies the fitted head the rows belong to. */
    public record FitInfo(String head, int k, long seed, double hyper, int supportSize, int shortClasses, long fitMs,
                          long scoreMs) {
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
                    fit.scoreMs()));
        }
        return rows;
    }
}
