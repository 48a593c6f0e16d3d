package dev.fewshot.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Histogram counts, range and the 95%-TPR threshold, on every metric case and on edge cases. */
class ScoreHistogramTest {

    @TestFactory
    List<DynamicTest> everyMetricCase() throws Exception {
        JsonNode cases;
        try (InputStream in = getClass().getResourceAsStream("/metrics/metric-cases.json")) {
            assertNotNull(in);
            cases = new ObjectMapper().readTree(in).get("cases");
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : cases) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> check(c)));
        }
        return tests;
    }

    private static void check(JsonNode c) {
        double[] id = doubles(c.get("id"));
        double[] ood = doubles(c.get("ood"));
        ScoreHistogram h = ScoreHistogram.of(id, ood);
        assertEquals(ScoreHistogram.DEFAULT_BINS, h.bins());
        assertEquals(id.length, Arrays.stream(h.idCounts()).sum(), "ID counts sum to n");
        assertEquals(ood.length, Arrays.stream(h.oodCounts()).sum(), "OOD counts sum to m");
        // The threshold is FPR@95's: the expected k-th largest ID score, and it reproduces the expected FPR@95.
        JsonNode e = c.get("expected");
        assertEquals(e.get("threshold").doubleValue(), h.threshold95(), 0.0);
        assertEquals(e.get("k").intValue(), RankedScores.fpr95K(id.length));
        long accepted = Arrays.stream(ood).filter(y -> y >= h.threshold95()).count();
        assertEquals(e.get("fpr95").doubleValue(), accepted / (double) ood.length, 1e-12);
        long idAccepted = Arrays.stream(id).filter(x -> x >= h.threshold95()).count();
        assertTrue(idAccepted >= e.get("k").intValue(), "at least k ID scores accepted");
        double lo = Math.min(Arrays.stream(id).min().orElseThrow(), Arrays.stream(ood).min().orElseThrow());
        double hi = Math.max(Arrays.stream(id).max().orElseThrow(), Arrays.stream(ood).max().orElseThrow());
        assertEquals(lo, h.lo(), 0.0);
        assertEquals(hi, h.hi(), 0.0);
    }

    @Test
    void binsAreEqualWidthWithTheMaximumInTheLastBin() {
        ScoreHistogram h = ScoreHistogram.of(new double[]{0, 1, 2, 3, 4}, new double[]{4, 4, 0.5}, 4);
        assertEquals(List.of(1, 1, 1, 2), box(h.idCounts()));  // [0,1) [1,2) [2,3) [3,4]
        assertEquals(List.of(1, 0, 0, 2), box(h.oodCounts()));
        assertEquals(1.0, h.edge(1), 0.0);
        assertEquals(4.0, h.edge(4), 0.0);
        assertEquals(0.0, h.threshold95(), 0.0, "k = (95·5 + 99) / 100 = 5: the smallest ID score");
    }

    @Test
    void equalAndInfiniteScores() {
        ScoreHistogram same = ScoreHistogram.of(new double[]{2, 2}, new double[]{2}, 10);
        assertEquals(2, same.idCounts()[0]);
        assertEquals(1, same.oodCounts()[0]);
        ScoreHistogram inf = ScoreHistogram.of(new double[]{Double.POSITIVE_INFINITY, 1, 2},
                new double[]{Double.NEGATIVE_INFINITY, 1.5}, 4);
        assertEquals(1.0, inf.lo(), 0.0);
        assertEquals(2.0, inf.hi(), 0.0);
        assertEquals(2, inf.idCounts()[3], "+inf and 2 in the last bin");
        assertEquals(1, inf.oodCounts()[0]);
        assertThrows(IllegalArgumentException.class, () -> ScoreHistogram.of(new double[]{Double.NaN}, new double[]{1}));
        assertThrows(IllegalArgumentException.class, () -> ScoreHistogram.of(new double[]{1}, new double[0]));
    }

    @Test
    void randomScoresCountEveryValueOnce() {
        Random r = new Random(7);
        for (int t = 0; t < 50; t++) {
            double[] id = r.doubles(1 + r.nextInt(300), -5, 5).map(x -> Math.rint(x * 4) / 4).toArray();
            double[] ood = r.doubles(1 + r.nextInt(100), -7, 3).toArray();
            ScoreHistogram h = ScoreHistogram.of(id, ood);
            assertEquals(id.length, Arrays.stream(h.idCounts()).sum());
            assertEquals(ood.length, Arrays.stream(h.oodCounts()).sum());
            assertEquals(RankedScores.of(id, ood).fpr95(),
                    Arrays.stream(ood).filter(y -> y >= h.threshold95()).count() / (double) ood.length, 0.0);
            for (double x : id) {
                int b = ScoreHistogram.bin(x, h.lo(), h.hi(), h.bins());
                assertTrue(x >= h.edge(b) - 1e-12 && x <= h.edge(b + 1) + 1e-12, x + " in bin " + b);
            }
        }
    }

    private static List<Integer> box(int[] a) {
        return Arrays.stream(a).boxed().toList();
    }

    private static double[] doubles(JsonNode a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).doubleValue();
        }
        return out;
    }
}
