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

    /** Result rows with the plot data of the same head(s). */
    public record Evaluated(List<ResultRow> rows, List<Histogram> histograms, List<Reliability> reliability) {
    }
}
