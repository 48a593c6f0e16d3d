package dev.fewshot.core.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.fewshot.core.heads.HeadKind;
import dev.fewshot.core.heads.gaussian.Shrinkage;
import dev.fewshot.core.linalg.Gemms;
import dev.fewshot.core.metrics.Calibration;
import dev.fewshot.core.ood.OodScore;
import dev.fewshot.core.synth.SyntheticClipData;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** evaluateWithPlots: the same rows as evaluate, one histogram per row, reliability bins that give the ECE. */
class PlotRowsTest {
    /** ID test rows minus those held out for conformal calibration (docs/conformal.md). */
    static int evaluationRows(SyntheticClipData.Data data, ResultRow r) {
        Object held = r.get(ResultColumn.CP_CALIBRATION);
        assertNotNull(held, "80 test rows hold out calibration rows");
        return data.testY().length - (Integer) held;
    }

    @Test
    void plotsMatchTheResultRows() {
        SyntheticClipData.Data data = SyntheticClipData.generate(
                SyntheticClipData.Params.defaults(10, 32).withSizes(8, 80, 30));
        SweepConfig cfg = new SweepConfig(List.of(0, 2), List.of(0L, 1L), List.of(HeadKind.values()),
                EnumSet.allOf(OodScore.class), 1.0, Shrinkage.AUTO, 40);
        Sweep sweep = new Sweep(Gemms.defaultGemm());
        String[] ids = new String[data.trainY().length];
        Arrays.setAll(ids, Integer::toString);
        Sweep.TrainPool pool = new Sweep.TrainPool(data.trainX(), data.trainY(), ids, data.textX().rows());
        for (Sweep.Step step : Sweep.plan(true, cfg)) {
            Sweep.FittedHead fitted = sweep.fit(step, pool, data.textX(), cfg);
            List<ResultRow> rows = sweep.evaluate(fitted, data.testX(), data.testY(), data.oodX(), cfg);
            PlotRows.Evaluated e = sweep.evaluateWithPlots(fitted, data.testX(), data.testY(), data.oodX(), cfg);
            assertEquals(rows.size(), e.rows().size());
            assertEquals(rows.size(), e.histograms().size(), "one histogram per head × K × seed × score");
            for (int i = 0; i < rows.size(); i++) {
                ResultRow a = rows.get(i);
                ResultRow b = e.rows().get(i);
                assertEquals(Double.doubleToLongBits(a.auroc()), Double.doubleToLongBits(b.auroc()));
                assertEquals(Double.doubleToLongBits(a.fpr95()), Double.doubleToLongBits(b.fpr95()));
                assertEquals(Double.doubleToLongBits(a.ece()), Double.doubleToLongBits(b.ece()));
                PlotRows.Histogram h = e.histograms().stream().filter(x -> x.head().equals(a.head()) && x.k() == a.k()
                        && x.seed() == a.seed() && x.oodScore().equals(a.oodScore())).findFirst().orElse(null);
                assertNotNull(h, "histogram of " + a);
                assertEquals(evaluationRows(data, a), Arrays.stream(h.histogram().idCounts()).sum(),
                        "ID histograms count the evaluation rows, calibration rows held out");
                assertEquals(data.oodX().rows(), Arrays.stream(h.histogram().oodCounts()).sum());
            }
            for (PlotRows.Reliability r : e.reliability()) {
                assertEquals(Calibration.DEFAULT_BINS, r.bins().size());
                ResultRow row = e.rows().stream().filter(x -> x.seed() == r.seed()).findFirst().orElseThrow();
                int n = evaluationRows(data, row);
                assertEquals(n, r.bins().stream().mapToInt(Calibration.Bin::count).sum());
                double ece = 0;
                for (Calibration.Bin b : r.bins()) {
                    if (b.count() > 0) {
                        ece += (b.count() / (double) n) * Math.abs(b.accuracy() - b.meanConfidence());
                    }
                }
                assertEquals(Double.doubleToLongBits(row.ece()), Double.doubleToLongBits(ece), "ECE from the bins");
            }
            int seeds = step.head() == HeadKind.ZERO_SHOT ? 2 : 1;
            assertEquals(seeds, e.reliability().size());
        }
    }
}
