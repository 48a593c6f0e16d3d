package dev.fewshot.contracts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fewshot.core.metrics.Calibration;
import dev.fewshot.core.metrics.ScoreHistogram;
import dev.fewshot.core.sweep.PlotRows;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The /plots body: what one side writes the other reads back unchanged, whichever Jackson mapper each uses. */
class PlotsJsonTest {
    private static final PlotRows.Histogram HIST = new PlotRows.Histogram("gaussian", 8, 2, "energy",
            new ScoreHistogram(-3.5, 12.25, new int[] {1, 2, 3}, new int[] {4, 0, 6}, Double.NaN));
    private static final PlotRows.Reliability REL = new PlotRows.Reliability("gaussian", 8, 2,
            Calibration.storedBins(new int[] {5, 0, 7}, new double[] {0.1, 0, 0.9}, new double[] {0.2, 0, 0.8}));

    @Test
    void aPlainMapperWritesWhatItReadsBack() throws Exception {
        ObjectMapper plain = new ObjectMapper(); // as Quarkus's and the CLI's: no naming strategy of their own
        String json = plain.writeValueAsString(PlotsJson.of(List.of(HIST), List.of(REL)));
        assertTrue(json.contains("\"ood_score\":\"energy\"") && json.contains("\"mean_confidence\"")
                && json.contains("\"threshold95\":\"NaN\""), json);
        PlotsJson back = plain.readValue(json, PlotsJson.class);
        PlotRows.Histogram h = back.histogramRows().get(0);
        assertEquals(List.of("gaussian", 8, 2L, "energy"), List.of(h.head(), h.k(), h.seed(), h.oodScore()));
        assertEquals(-3.5, h.histogram().lo());
        assertEquals(12.25, h.histogram().hi());
        assertArrayEquals(new int[] {4, 0, 6}, h.histogram().oodCounts());
        assertTrue(Double.isNaN(h.histogram().threshold95()));
        assertEquals(REL, back.reliabilityRows().get(0)); // bins are records: edges restored exactly
    }

    @Test
    void refusesPlotsItCannotDraw() {
        assertThrows(InvalidMessageException.class, () -> PlotsJson.parse("{\"histograms\": [{\"head\": \"p\","
                + " \"k\": 1, \"seed\": 0, \"ood_score\": \"msp\", \"lo\": 0, \"hi\": 1, \"id_counts\": [1, 2],"
                + " \"ood_counts\": [1], \"threshold95\": 0.5}]}"));
        InvalidMessageException e = assertThrows(InvalidMessageException.class, () -> PlotsJson.parse(
                "{\"reliability\": [{\"head\": \"p\", \"k\": 1, \"seed\": 0, \"counts\": [1, 2],"
                        + " \"mean_confidence\": [0.5, 0.6]}]}"));
        assertTrue(e.getMessage().contains("reliability of p K=1 seed 0"), e.getMessage());
        assertThrows(InvalidMessageException.class, () -> PlotsJson.parse("{\"histograms\": [{\"k\": \"1\"}]}"));
        assertEquals(List.of(), PlotsJson.parse("{}").histogramRows());
        InvalidMessageException missing = assertThrows(InvalidMessageException.class, () -> PlotsJson.parse(
                "{\"histograms\": [{\"head\": \"p\", \"seed\": 0, \"ood_score\": \"msp\", \"lo\": 0, \"hi\": 1,"
                        + " \"id_counts\": [1], \"ood_counts\": [1], \"threshold95\": 0.5}]}"));
        assertTrue(missing.getMessage().contains("required"), missing.getMessage());
    }

    @Test
    void theStrictReadingTakesWhatTheEvaluatorWrites() throws Exception {
        // Quarkus's Jackson writes a NaN or infinite double as a string; the contract's strict mapper reads it back
        String json = new ObjectMapper().writeValueAsString(PlotsJson.of(List.of(HIST), List.of(REL)));
        PlotsJson back = PlotsJson.parse(json);
        assertTrue(Double.isNaN(back.histogramRows().get(0).histogram().threshold95()));
        assertEquals(REL, back.reliabilityRows().get(0));
    }
}
