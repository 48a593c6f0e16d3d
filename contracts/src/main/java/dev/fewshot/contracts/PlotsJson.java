package dev.fewshot.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.fewshot.core.metrics.Calibration;
import dev.fewshot.core.metrics.ScoreHistogram;
import dev.fewshot.core.sweep.PlotRows;
import java.util.List;

/**
 * The body of the evaluator's {@code GET /runs/{id}/plots} (docs/report.md): a run's score histograms and reliability
 * bins, written by the evaluator and read by {@code fewshot report}, so the field names live here only. The naming is
 * on the records, so any Jackson mapper (Quarkus's, the CLI's) writes and reads the same snake_case fields.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record PlotsJson(List<Histogram> histograms, List<Reliability> reliability) {

    /** One head × K × seed × OOD score's histogram of ID and OOD scores, and the score at 95% ID acceptance. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Histogram(String head, Integer k, Long seed, String oodScore, Double lo, Double hi, int[] idCounts,
                            int[] oodCounts, Double threshold95) {
        static Histogram of(PlotRows.Histogram r) {
            ScoreHistogram h = r.histogram();
            return new Histogram(r.head(), r.k(), r.seed(), r.oodScore(), h.lo(), h.hi(), h.idCounts(), h.oodCounts(),
                    h.threshold95());
        }

        PlotRows.Histogram toRow() {
            present("histogram", head, k, seed, oodScore, lo, hi, threshold95);
            if (idCounts == null || oodCounts == null || idCounts.length != oodCounts.length) {
                throw new InvalidMessageException("histogram of " + head + " K=" + k + " seed " + seed + " score "
                        + oodScore + ": id_counts and ood_counts must be arrays of one length");
            }
            return new PlotRows.Histogram(head, k, seed, oodScore, new ScoreHistogram(lo, hi, idCounts, oodCounts,
                    threshold95));
        }
    }

    /** One head × K × seed's reliability bins as stored: count, mean confidence and accuracy per equal-width bin. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Reliability(String head, Integer k, Long seed, int[] counts, double[] meanConfidence,
                              double[] accuracy) {
        static Reliability of(PlotRows.Reliability r) {
            return new Reliability(r.head(), r.k(), r.seed(),
                    r.bins().stream().mapToInt(Calibration.Bin::count).toArray(),
                    r.bins().stream().mapToDouble(Calibration.Bin::meanConfidence).toArray(),
                    r.bins().stream().mapToDouble(Calibration.Bin::accuracy).toArray());
        }

        PlotRows.Reliability toRow() {
            present("reliability", head, k, seed, "-", 0.0, 0.0, 0.0);
            if (counts == null || meanConfidence == null || accuracy == null || counts.length != meanConfidence.length
                    || counts.length != accuracy.length) {
                throw new InvalidMessageException("reliability of " + head + " K=" + k + " seed " + seed
                        + ": counts, mean_confidence and accuracy must be arrays of one length");
            }
            return new PlotRows.Reliability(head, k, seed, Calibration.storedBins(counts, meanConfidence, accuracy));
        }
    }

    /** Every scalar field is there: a missing number is an error, not a zero. */
    private static void present(String what, String head, Integer k, Long seed, String score, Double lo, Double hi,
                                Double threshold95) {
        if (head == null || k == null || seed == null || score == null || lo == null || hi == null
                || threshold95 == null) {
            throw new InvalidMessageException(what + " of " + head + " K=" + k + " seed " + seed + ": head, k, seed"
                    + ("reliability".equals(what) ? "" : ", ood_score, lo, hi and threshold95") + " are required");
        }
    }

    /** A plots document; invalid JSON or a mistyped field is an {@link InvalidMessageException} naming it. */
    public static PlotsJson parse(String json) {
        PlotsJson p = Json.read(json, PlotsJson.class, "plots");
        p.histogramRows();
        p.reliabilityRows();
        return p;
    }

    public static PlotsJson of(List<PlotRows.Histogram> histograms, List<PlotRows.Reliability> reliability) {
        return new PlotsJson(histograms.stream().map(Histogram::of).toList(),
                reliability.stream().map(Reliability::of).toList());
    }

    public List<PlotRows.Histogram> histogramRows() {
        return histograms == null ? List.of() : histograms.stream().map(Histogram::toRow).toList();
    }

    public List<PlotRows.Reliability> reliabilityRows() {
        return reliability == null ? List.of() : reliability.stream().map(Reliability::toRow).toList();
    }
}
