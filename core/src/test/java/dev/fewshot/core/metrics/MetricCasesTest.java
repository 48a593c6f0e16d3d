package dev.fewshot.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every case of metrics/metric-cases.json (a copy of /work/shared/fixtures/metric-cases.json). */
class MetricCasesTest {
    private static final double TOL = 1e-12;

    private static JsonNode cases() throws IOException {
        try (InputStream in = MetricCasesTest.class.getResourceAsStream("/metrics/metric-cases.json")) {
            assertNotNull(in, "metrics/metric-cases.json missing from test resources");
            return new ObjectMapper().readTree(in).get("cases");
        }
    }

    private static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).doubleValue();
        }
        return out;
    }

    @Test
    void fileHasTheCases() throws IOException {
        JsonNode cases = cases();
        assertTrue(cases.isArray());
        assertEquals(9, cases.size());
    }

    @TestFactory
    List<DynamicTest> everyCase() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : cases()) {
            String name = c.get("name").asText();
            tests.add(DynamicTest.dynamicTest(name, () -> check(name, c)));
        }
        assertFalse(tests.isEmpty());
        return tests;
    }

    private static void check(String name, JsonNode c) {
        double[] id = doubles(c.get("id"));
        double[] ood = doubles(c.get("ood"));
        JsonNode e = c.get("expected");

        OodMetrics all = OodMetrics.of(id, ood);
        assertEquals(e.get("auroc").doubleValue(), all.auroc(), TOL, name + " auroc");
        assertEquals(e.get("fpr95").doubleValue(), all.fpr95(), TOL, name + " fpr95");
        assertEquals(e.get("aupr_in").doubleValue(), all.auprIn(), TOL, name + " aupr_in");
        assertEquals(e.get("aupr_out").doubleValue(), all.auprOut(), TOL, name + " aupr_out");

        // the standalone methods agree bit for bit with the combined one
        assertEquals(all.auroc(), OodMetrics.auroc(id, ood), 0.0);
        assertEquals(all.fpr95(), OodMetrics.fpr95(id, ood), 0.0);
        assertEquals(all.auprIn(), OodMetrics.auprIn(id, ood), 0.0);
        assertEquals(all.auprOut(), OodMetrics.auprOut(id, ood), 0.0);

        // threshold and k: exact
        assertEquals(e.get("k").intValue(), RankedScores.fpr95K(id.length), name + " k");
        assertEquals(e.get("threshold").doubleValue(), RankedScores.of(id, ood).fpr95Threshold(), 0.0,
                name + " threshold");
    }
}
