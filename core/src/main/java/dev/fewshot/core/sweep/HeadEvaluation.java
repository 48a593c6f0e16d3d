package dev.fewshot.core.sweep;

import dev.fewshot.core.conformal.HeadConformal;
import dev.fewshot.core.conformal.PValues;
import dev.fewshot.core.conformal.PredictionSets;
import dev.fewshot.core.conformal.SetScores;
import dev.fewshot.core.heads.HeadKind;
import dev.fewshot.core.heads.SolverOutcome;
import dev.fewshot.core.metrics.Accuracy;
import dev.fewshot.core.metrics.Bootstrap;
import dev.fewshot.core.metrics.Calibration;
import dev.fewshot.core.metrics.OodMetrics;
import dev.fewshot.core.metrics.PairedTests;
import dev.fewshot.core.metrics.ScoreHistogram;
import dev.fewshot.core.ood.OodScore;
import dev.fewshot.core.ood.ScoredRows;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Turns the scored ID and OOD rows of one fitted head into result rows, one per OOD score. */
public final class HeadEvaluation {

    /**
     * Identifies the fitted head the rows belong to.
     *
     * @param beta tip-adapter's β, NaN for other heads
     */
    public record FitInfo(String head, int k, long seed, double hyper, int supportSize, int shortClasses, long fitMs,
                          long scoreMs, SolverOutcome solver, double beta) {
        /** Without a β (heads other than tip-adapter). */
        public FitInfo(String head, int k, long seed, double hyper, int supportSize, int shortClasses, long fitMs,
                       long scoreMs, SolverOutcome solver) {
            this(head, k, seed, hyper, supportSize, shortClasses, fitMs, scoreMs, solver, Double.NaN);
        }
    }

    /**
     * Zero-shot's scored rows, the same evaluation rows as the head's (calibration rows left out), for the paired
     * comparison columns ({@code zs_*}).
     */
    public record Baseline(ScoredRows id, ScoredRows ood) {
        /** The zero-shot score a head's score is compared with: the same one where zero-shot has it, else MCM. */
        public OodScore scoreFor(OodScore s) {
            if (id.has(s)) {
                return s;
            }
            if (id.has(OodScore.MCM)) {
                return OodScore.MCM;
            }
            for (OodScore z : OodScore.values()) { // whatever the run measured for zero-shot, in a fixed order
                if (id.has(z)) {
                    return z;
                }
            }
            return null;
        }
    }

    private HeadEvaluation() {
    }

    /**
     * @param id        the scored ID evaluation rows (calibration rows left out)
     * @param bootstrap resamples behind the 95% intervals ({@link Bootstrap}); 0 leaves the interval columns null
     * @param conformal the head's conformal calibration, or null to leave the {@code cp_} columns null
     */
    public static List<ResultRow> evaluate(FitInfo fit, ScoredRows id, int[] testY, ScoredRows ood,
                                           Iterable<OodScore> scores, int bootstrap, HeadConformal conformal) {
        return evaluate(fit, id, testY, ood, scores, bootstrap, conformal, null);
    }

    /**
     * @param baseline zero-shot's rows for the paired comparison columns, or null (they stay null, as for zero-shot's
     *                 own rows)
     */
    public static List<ResultRow> evaluate(FitInfo fit, ScoredRows id, int[] testY, ScoredRows ood,
                                           Iterable<OodScore> scores, int bootstrap, HeadConformal conformal,
                                           Baseline baseline) {
        double accuracy = Accuracy.top1(id.predicted(), testY);
        boolean[] correct = Accuracy.correct(id.predicted(), testY);
        double ece = Calibration.ece(id.maxProbability(), correct, Calibration.DEFAULT_BINS);
        double confId = Accuracy.meanConfidence(id.maxProbability());
        double confOod = Accuracy.meanConfidence(ood.maxProbability());
        List<OodScore> measured = new ArrayList<>();
        for (OodScore s : scores) {
            if (id.has(s)) {
                measured.add(s);
            }
        }
        // every score's intervals from one set of draws (the same rows for every score and head)
        Bootstrap.Intervals[] intervals = bootstrap > 0 && !measured.isEmpty() ? Bootstrap.of(correct,
                measured.stream().map(id::score).toArray(double[][]::new),
                measured.stream().map(ood::score).toArray(double[][]::new), bootstrap) : null;
        boolean compare = baseline != null && !fit.head().equals(HeadKind.ZERO_SHOT.id());
        PairedTests.Comparison versusZeroShot = compare
                ? PairedTests.accuracy(correct, Accuracy.correct(baseline.id().predicted(), testY)) : null;
        List<ResultRow> rows = new ArrayList<>();
        for (int si = 0; si < measured.size(); si++) {
            OodScore s = measured.get(si);
            OodMetrics m = OodMetrics.of(id.score(s), ood.score(s));
            ResultRow.Builder row = ResultRow.builder();
            if (compare) {
                pairedColumns(row, versusZeroShot, s, id, ood, baseline);
            }
            if (!Double.isNaN(fit.beta())) {
                row.set(ResultColumn.HYPER_BETA, fit.beta());
            }
            if (intervals != null) {
                Bootstrap.Intervals ci = intervals[si];
                row.set(ResultColumn.ACCURACY_LO, ci.accuracy().lo()).set(ResultColumn.ACCURACY_HI, ci.accuracy().hi())
                        .set(ResultColumn.AUROC_LO, ci.auroc().lo()).set(ResultColumn.AUROC_HI, ci.auroc().hi())
                        .set(ResultColumn.FPR95_LO, ci.fpr95().lo()).set(ResultColumn.FPR95_HI, ci.fpr95().hi())
                        .set(ResultColumn.BOOTSTRAP, bootstrap);
            }
            if (conformal != null) {
                conformalColumns(row, conformal, s, id, ood);
            }
            rows.add(row
                    .set(ResultColumn.HEAD, fit.head()).set(ResultColumn.K, fit.k()).set(ResultColumn.SEED, fit.seed())
                    .set(ResultColumn.OOD_SCORE, s.id())
                    .set(ResultColumn.ACCURACY, accuracy)
                    .set(ResultColumn.AUROC, m.auroc())
                    .set(ResultColumn.FPR95, m.fpr95())
                    .set(ResultColumn.FPR95_OODPOS, m.fpr95OodPositive())
                    .set(ResultColumn.AUPR_IN, m.auprIn())
                    .set(ResultColumn.AUPR_OUT, m.auprOut())
                    .set(ResultColumn.ECE, ece)
                    .set(ResultColumn.CONF_ID, confId)
                    .set(ResultColumn.CONF_OOD, confOod)
                    .set(ResultColumn.HYPER, fit.hyper())
                    .set(ResultColumn.SUPPORT_SIZE, fit.supportSize())
                    .set(ResultColumn.SHORT_CLASSES, fit.shortClasses())
                    .set(ResultColumn.FIT_MS, fit.fitMs())
                    .set(ResultColumn.SCORE_MS, fit.scoreMs())
                    .solver(fit.solver())
                    .build());
        }
        return rows;
    }

    private static void pairedColumns(ResultRow.Builder row, PairedTests.Comparison accuracy, OodScore s,
                                      ScoredRows id, ScoredRows ood, Baseline baseline) {
        row.set(ResultColumn.ZS_ACCURACY_DIFF, accuracy.difference()).set(ResultColumn.ZS_ACCURACY_P, accuracy.pValue());
        OodScore zs = baseline.scoreFor(s);
        if (zs == null) {
            return;
        }
        PairedTests.Comparison auroc = PairedTests.auroc(id.score(s), ood.score(s), baseline.id().score(zs),
                baseline.ood().score(zs));
        row.set(ResultColumn.ZS_SCORE, zs.id()).set(ResultColumn.ZS_AUROC_DIFF, auroc.difference());
        if (!Double.isNaN(auroc.pValue())) {
            row.set(ResultColumn.ZS_AUROC_P, auroc.pValue());
        }
    }

    private static void conformalColumns(ResultRow.Builder row, HeadConformal c, OodScore s, ScoredRows id,
                                         ScoredRows ood) {
        PValues pv = c.pValues().get(s);
        PredictionSets.Outcome lac = c.set(SetScores.Method.LAC);
        PredictionSets.Outcome aps = c.set(SetScores.Method.APS);
        row.set(ResultColumn.CP_ALPHA, c.alpha()).set(ResultColumn.CP_CALIBRATION, pv.size())
                .set(ResultColumn.CP_ID_ACCEPT, pv.acceptedShare(id.score(s), c.alpha()))
                .set(ResultColumn.CP_BAND_LO, c.band().lo()).set(ResultColumn.CP_BAND_HI, c.band().hi())
                .set(ResultColumn.CP_OOD_ACCEPT, pv.acceptedShare(ood.score(s), c.alpha()))
                .set(ResultColumn.CP_SET_COVERAGE, lac.coverage()).set(ResultColumn.CP_SET_SIZE, lac.meanSize())
                .set(ResultColumn.CP_APS_COVERAGE, aps.coverage()).set(ResultColumn.CP_APS_SIZE, aps.meanSize())
                .set(ResultColumn.CP_CLASS_COVERAGE, c.byClass().coverage())
                .set(ResultColumn.CP_CLASS_SIZE, c.byClass().meanSize())
                .set(ResultColumn.CP_SHORT_CLASSES, c.shortClasses());
        for (int i = 0; i < ResultColumn.ALPHA_GRID.length; i++) {
            double a = ResultColumn.ALPHA_GRID[i];
            row.set(ResultColumn.idAcceptAt(i), pv.acceptedShare(id.score(s), a))
                    .set(ResultColumn.oodAcceptAt(i), pv.acceptedShare(ood.score(s), a));
        }
    }

    /** The calibration scores serving needs for the head's conformal promises (PlotRows.ConformalScores). */
    public static List<PlotRows.ConformalScores> conformalScores(FitInfo fit, HeadConformal c) {
        List<PlotRows.ConformalScores> out = new ArrayList<>();
        c.pValues().forEach((s, pv) -> out.add(new PlotRows.ConformalScores(fit.head(), fit.k(), fit.seed(), s.id(),
                pv.sortedScores())));
        for (SetScores.Method m : SetScores.Method.values()) {
            out.add(new PlotRows.ConformalScores(fit.head(), fit.k(), fit.seed(),
                    PlotRows.ConformalScores.SET_PREFIX + m.id(), c.setCalibration()[m.ordinal()].clone()));
        }
        return out;
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
