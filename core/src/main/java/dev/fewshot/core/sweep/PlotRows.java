package dev.fewshot.core.sweep;

import dev.fewshot.core.metrics.Calibration;
import dev.fewshot.core.metrics.ScoreHistogram;
import java.util.List;

/**
 * What the run report draws besides the result rows, for one fitted head: score histograms (one
 * per OOD score) and the reliability diagram. Small and fixed-size, so the services can store them
 * and the report never needs the raw score vectors.
 */
public final class PlotRows {
    private PlotRows() {
    }

    /** The ID/OOD histogram of one head × K × seed × OOD score. */
    public record Histogram(String head, int k, long seed, String oodScore, ScoreHistogram histogram) {
    }

    /** The reliability diagram (ID rows, max probability) of one head × K × seed: the bins ECE sums over. */
    public record Reliability(String head, int k, long seed, List<Calibration.Bin> bins) {
    }

    /**
     * What serving needs to give the run's conformal promises for a new input (docs/conformal.md), for one head × K
     * × seed: the calibration rows' scores sorted ascending, under {@code name} = an OOD score id (for p-values) or
     * {@code set:lac} / {@code set:aps} (nonconformity, for prediction sets at any α).
     */
    public record ConformalScores(String head, int k, long seed, String name, double[] sorted) {
        public static final String SET_PREFIX = "set:";
    }

    /** Result rows with the plot data and conformal calibration of the same head(s). */
    public record Evaluated(List<ResultRow> rows, List<Histogram> histograms, List<Reliability> reliability,
                            List<ConformalScores> conformal) {
        public Evaluated(List<ResultRow> rows, List<Histogram> histograms, List<Reliability> reliability) {
            this(rows, histograms, reliability, List.of());
        }
    }
}
