package dev.fewshot.core.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fewshot.core.heads.SolverOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The result schema: docs/metrics.md lists it, rows are built by name, bad values are refused with the field named. */
class ResultColumnTest {
    static final String BEGIN = "<!-- result-columns:begin (generated from ResultColumn; ResultColumnTest checks it) -->\n";
    static final String END = "<!-- result-columns:end -->";

    @Test
    void docsListEveryFieldAsDeclared() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "metrics.md"));
        int a = doc.indexOf(BEGIN);
        int b = doc.indexOf(END);
        assertTrue(a >= 0 && b > a, "docs/metrics.md lacks the result-columns markers");
        assertEquals(ResultColumn.markdownTable(), doc.substring(a + BEGIN.length(), b),
                "docs/metrics.md's field table differs from ResultColumn; paste ResultColumn.markdownTable()");
    }

    static ResultRow sample() {
        ResultRow.Builder b = ResultRow.builder().set(ResultColumn.HEAD, "linear").set(ResultColumn.K, 4)
                .set(ResultColumn.SEED, 1L).set(ResultColumn.OOD_SCORE, "msp").set(ResultColumn.HYPER, 10.0)
                .set(ResultColumn.SUPPORT_SIZE, 80).set(ResultColumn.SHORT_CLASSES, 0).set(ResultColumn.FIT_MS, 5L)
                .set(ResultColumn.SCORE_MS, 6L).solver(new SolverOutcome(SolverOutcome.Stop.GRADIENT, 42));
        double v = 0.25;
        for (ResultColumn c : ResultColumn.metrics()) {
            b.set(c, v += 0.01);
        }
        return b.build();
    }

    @Test
    void fieldsRoundTripByName() {
        ResultRow r = sample();
        assertEquals(ResultRow.COLUMNS, r.fields().keySet().stream().toList());
        assertEquals(r, ResultRow.fromFields(r.fields()));
        // the JSON forms add each interval as [low, high], and read back to the same row
        Map<String, Object> json = r.jsonFields();
        assertEquals(ResultRow.JSON_FIELDS, json.keySet().stream().toList());
        for (ResultColumn m : ResultColumn.WITH_INTERVAL) {
            ResultColumn[] ends = ResultColumn.intervalOf(m);
            Object ci = json.get(ResultColumn.intervalField(m));
            assertEquals(r.get(ends[0]) == null ? null : java.util.List.of(r.get(ends[0]), r.get(ends[1])), ci, m.id());
        }
        assertEquals(r, ResultRow.fromFields(json));
        assertEquals(r.auroc(), r.number(ResultColumn.AUROC));
        assertEquals(42, r.solver().iterations());
        // JSON parsers give Integer where the schema says bigint and Long where it says integer: both are accepted
        Map<String, Object> f = new LinkedHashMap<>(r.fields());
        f.put("seed", 1);
        f.put("k", 4L);
        assertEquals(r, ResultRow.fromFields(f));
    }

    @Test
    void badValuesAreRefusedWithTheFieldNamed() {
        Map<String, Object> f = new LinkedHashMap<>(sample().fields());
        f.put("auroc", "0.9");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ResultRow.fromFields(f)).getMessage()
                .contains("'auroc'"));
        f.put("auroc", null);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ResultRow.fromFields(f)).getMessage()
                .contains("'auroc' must not be null"));
        f.remove("auroc");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ResultRow.fromFields(f)).getMessage()
                .contains("lacks field 'auroc'"));
        f.put("auroc", 0.5);
        f.put("k", 1L << 40);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ResultRow.fromFields(f)).getMessage()
                .contains("'k'"));
        f.put("k", 4);
        f.put("aurco", 0.5);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ResultRow.fromFields(f)).getMessage()
                .contains("unknown result field 'aurco'"));
        f.remove("aurco");
        f.put("solver_stop", null);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ResultRow.fromFields(f)).getMessage()
                .contains("set together"));
        assertThrows(IllegalStateException.class, () -> ResultRow.builder().set(ResultColumn.HEAD, "x").build());
    }

    @Test
    void missingHyperIsNullInFieldsAndNanInJava() {
        Map<String, Object> f = new LinkedHashMap<>(sample().fields());
        f.put("hyper", Double.NaN);
        ResultRow r = ResultRow.fromFields(f);
        assertTrue(Double.isNaN(r.hyper()));
        assertEquals(null, r.fields().get("hyper"));
    }
}
