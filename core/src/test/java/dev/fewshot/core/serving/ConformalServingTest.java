package dev.fewshot.core.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fewshot.core.conformal.CalibrationSplit;
import dev.fewshot.core.conformal.PValues;
import dev.fewshot.core.conformal.SetScores;
import dev.fewshot.core.heads.HeadKind;
import dev.fewshot.core.heads.gaussian.Shrinkage;
import dev.fewshot.core.linalg.Gemms;
import dev.fewshot.core.ood.OodScore;
import dev.fewshot.core.sweep.PlotRows;
import dev.fewshot.core.sweep.ResultColumn;
import dev.fewshot.core.sweep.ResultRow;
import dev.fewshot.core.sweep.Sweep;
import dev.fewshot.core.sweep.SweepConfig;
import dev.fewshot.core.synth.SyntheticClipData;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Serving gives every evaluation row the p-value and prediction set the run counted: replaying the run's rows
 * through {@link OpenSetClassifier#conformal} with the stored calibration scores reproduces the run's cp_id_accept,
 * cp_set_coverage, cp_set_size and the APS fields exactly.
 */
class ConformalServingTest {
    @Test
    void servingReproducesTheRunsConformalFigures() {
        SyntheticClipData.Data data = SyntheticClipData.generate(
                SyntheticClipData.Params.defaults(12, 32).withSizes(10, 150, 60));
        SweepConfig cfg = new SweepConfig(List.of(4), List.of(0L), List.of(HeadKind.PROTOTYPE, HeadKind.LINEAR),
                EnumSet.of(OodScore.MSP, OodScore.ENERGY), 1.0, Shrinkage.AUTO, 200).withAlpha(0.1);
        Sweep sweep = new Sweep(Gemms.defaultGemm());
        String[] ids = new String[data.trainY().length];
        Arrays.setAll(ids, Integer::toString);
        Sweep.TrainPool pool = new Sweep.TrainPool(data.trainX(), data.trainY(), ids, 12);
        CalibrationSplit split = CalibrationSplit.of(data.testX(), data.testY());
        assertTrue(split.calibrates());
        OpenSetClassifier serving = new OpenSetClassifier(Gemms.pureJava());
        for (Sweep.Step step : Sweep.plan(true, cfg)) {
            Sweep.FittedHead fitted = sweep.fit(step, pool, data.textX(), cfg);
            PlotRows.Evaluated e = sweep.evaluateWithPlots(fitted, data.testX(), data.testY(), data.oodX(), cfg);
            for (ResultRow row : e.rows()) {
                OodScore score = OodScore.fromId(row.oodScore());
                PValues pv = PValues.ofSorted(stored(e, score.id()));
                long accepted = 0;
                long[] covered = new long[2];
                long[] sizes = new long[2];
                for (int i : split.evaluation()) {
                    float[] v = data.testX().row(i);
                    for (SetScores.Method m : SetScores.Method.values()) {
                        OpenSetClassifier.ConformalAnswer a = serving.conformal(fitted.head(), v, score, pv, m,
                                stored(e, "set:" + m.id()), 0.1);
                        if (m == SetScores.Method.LAC && a.known()) {
                            accepted++;
                        }
                        sizes[m.ordinal()] += a.set().size();
                        int label = data.testY()[i];
                        covered[m.ordinal()] += a.set().stream().anyMatch(r -> r.classIndex() == label) ? 1 : 0;
                    }
                }
                double n = split.evaluation().length;
                String what = row.head() + " " + row.oodScore();
                assertEquals(row.number(ResultColumn.CP_ID_ACCEPT), accepted / n, 0.0, what + " acceptance");
                assertEquals(row.number(ResultColumn.CP_SET_COVERAGE), covered[0] / n, 0.0, what + " LAC coverage");
                assertEquals(row.number(ResultColumn.CP_SET_SIZE), sizes[0] / n, 0.0, what + " LAC size");
                assertEquals(row.number(ResultColumn.CP_APS_COVERAGE), covered[1] / n, 0.0, what + " APS coverage");
                assertEquals(row.number(ResultColumn.CP_APS_SIZE), sizes[1] / n, 0.0, what + " APS size");
                assertEquals(split.calibration().length, (Integer) row.get(ResultColumn.CP_CALIBRATION));
            }
        }
    }

    private static double[] stored(PlotRows.Evaluated e, String name) {
        PlotRows.ConformalScores c = e.conformal().stream().filter(x -> x.name().equals(name)).findFirst()
                .orElse(null);
        assertNotNull(c, "stored calibration scores '" + name + "'");
        return c.sorted();
    }

    @Test
    void refusesHostileCalibrationsAndLevels() {
        assertThrows(IllegalArgumentException.class, () -> PValues.ofSorted(new double[] {2, 1}));
        assertThrows(IllegalArgumentException.class, () -> PValues.ofSorted(new double[] {1, Double.NaN}));
        assertThrows(IllegalArgumentException.class, () -> PValues.ofSorted(new double[0]));
        SyntheticClipData.Data data = SyntheticClipData.generate(SyntheticClipData.Params.defaults(4, 8)
                .withSizes(4, 8, 4));
        var head = new dev.fewshot.core.heads.ZeroShotTrainer(data.textX()).fit(null, Gemms.pureJava());
        OpenSetClassifier c = new OpenSetClassifier(Gemms.pureJava());
        for (double alpha : new double[] {0, 1, -0.1, Double.NaN}) {
            assertThrows(IllegalArgumentException.class, () -> c.conformal(head, data.testX().row(0), OodScore.MSP,
                    PValues.ofSorted(new double[] {-1, 0}), SetScores.Method.LAC, new double[] {0.5}, alpha));
        }
    }
}
