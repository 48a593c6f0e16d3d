package dev.fewshot.core.conformal;

import dev.fewshot.core.heads.Head;
import dev.fewshot.core.linalg.Gemm;
import dev.fewshot.core.linalg.FloatMatrix;
import dev.fewshot.core.ood.OodScore;
import dev.fewshot.core.ood.ScoredRows;
import java.util.EnumMap;
import java.util.Map;

/**
 * The conformal promises of one fitted head, calibrated on the calibration rows of the ID test split: a p-value
 * calibration per OOD score, prediction-set thresholds per method, and what they did on the evaluation rows.
 *
 * @param alpha  the level
 * @param pValues per OOD score, the calibration of its p-values
 * @param sets   per set method, its threshold and the coverage and mean size of the evaluation rows' sets
 * @param band   what the acceptance of ID rows is promised to be with this many calibration rows
 * @param setCalibration per set method, the calibration rows' nonconformity scores ascending (for serving)
 * @param byClass class-conditional LAC sets on the evaluation rows (threshold NaN: one per class)
 * @param shortClasses classes with too few calibration rows for a per-class promise at α
 */
public record HeadConformal(double alpha, Map<OodScore, PValues> pValues, PredictionSets.Outcome[] sets,
                            AcceptanceBand band, double[][] setCalibration, PredictionSets.Outcome byClass,
                            int shortClasses) {

    /**
     * @param calibration the head's scored calibration rows (every OOD score that applies)
     * @param x           the ID test rows; {@code split} says which calibrate and which are evaluated
     */
    public static HeadConformal calibrate(Head head, Gemm gemm, FloatMatrix x, int[] y, CalibrationSplit split,
                                          ScoredRows calibration, Iterable<OodScore> scores, double alpha) {
        Alpha.checked(alpha);
        Map<OodScore, PValues> pv = new EnumMap<>(OodScore.class);
        for (OodScore s : scores) {
            if (calibration.has(s)) {
                pv.put(s, PValues.calibrate(calibration.score(s)));
            }
        }
        PredictionSets.Outcome[] sets;
        double[][] sorted;
        PredictionSets.Outcome byClass;
        ClassConditional cc;
        try (Head.Logits logits = head.prepare(gemm)) {
            PredictionSets.Calibrated cal = PredictionSets.calibrate(logits, x, y, split.calibration());
            sorted = cal.sorted();
            double[] q = cal.thresholds(alpha);
            cc = cal.byClass(head.numClasses(), alpha);
            PredictionSets.Outcome[] all = PredictionSets.evaluate(logits, x, y, split.evaluation(), q, cc);
            sets = java.util.Arrays.copyOf(all, q.length);
            byClass = all[q.length];
        }
        return new HeadConformal(alpha, pv, sets, AcceptanceBand.of(split.calibration().length, alpha), sorted, byClass,
                cc.shortClasses());
    }

    /** The outcome of one set method. */
    public PredictionSets.Outcome set(SetScores.Method m) {
        return sets[m.ordinal()];
    }
}
