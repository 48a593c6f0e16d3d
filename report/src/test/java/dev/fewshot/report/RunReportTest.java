package dev.fewshot.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fewshot.core.heads.HeadKind;
import dev.fewshot.core.heads.gaussian.Shrinkage;
import dev.fewshot.core.linalg.Gemms;
import dev.fewshot.core.ood.OodScore;
import dev.fewshot.core.sweep.PlotRows;
import dev.fewshot.core.provenance.Versions;
import dev.fewshot.core.sweep.ResultRow;
import dev.fewshot.core.sweep.Sweep;
import dev.fewshot.core.sweep.SweepConfig;
import dev.fewshot.core.synth.SyntheticClipData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The page from a real (small) sweep: table rows, best marks, inline SVG charts with data, and the file mode. */
class RunReportTest {
    /** The study's five heads: the counts below are of their rows and charts. */
    static final List<HeadKind> STUDY_HEADS = List.of(HeadKind.ZERO_SHOT, HeadKind.LINEAR, HeadKind.LINEAR_ZS,
            HeadKind.PROTOTYPE, HeadKind.GAUSSIAN);

    static ReportInput input;

    @BeforeAll
    static void sweep() {
        SyntheticClipData.Data data = SyntheticClipData.generate(SyntheticClipData.Params.defaults(12, 32)
                .withSizes(16, 120, 40));
        SweepConfig cfg = new SweepConfig(List.of(0, 1, 2, 4), List.of(0L, 1L), STUDY_HEADS,
                EnumSet.allOf(OodScore.class), 1.0, Shrinkage.AUTO, 40);
        Sweep sweep = new Sweep(Gemms.defaultGemm());
        String[] ids = new String[data.trainY().length];
        Arrays.setAll(ids, Integer::toString);
        Sweep.TrainPool pool = new Sweep.TrainPool(data.trainX(), data.trainY(), ids, data.textX().rows());
        List<ResultRow> rows = new ArrayList<>();
        List<PlotRows.Histogram> hs = new ArrayList<>();
        List<PlotRows.Reliability> rel = new ArrayList<>();
        dev.fewshot.core.heads.Head zeroShot = null;
        for (Sweep.Step step : Sweep.plan(true, cfg)) {
            Sweep.FittedHead fitted = sweep.fit(step, pool, data.textX(), cfg);
            zeroShot = step.head() == dev.fewshot.core.heads.HeadKind.ZERO_SHOT ? fitted.head() : zeroShot;
            PlotRows.Evaluated e = sweep.evaluateWithPlots(fitted, data.testX(), data.testY(), data.oodX(), cfg,
                    zeroShot);
            rows.addAll(e.rows());
            hs.addAll(e.histograms());
            rel.addAll(e.reliability());
        }
        String request = "{\"run_id\":\"r<1>\",\"dataset_id\":\"synth\",\"model_id\":\"clip-test\",\"shots\":[0,1,2,4],"
                + "\"seeds\":[0,1],\"heads\":[\"zero-shot\",\"linear\"],\"ood_scores\":[\"msp\"]}";
        input = new ReportInput(new ReportInput.RunInfo("r<1>", "synth", null, "completed", null, request, 29, 29,
                "2026-11-27T00:00:00Z"), rows, hs, rel, Versions.runtime());
    }

    @Test
    void inlinePageHasTableAndChartsWithData() throws Exception {
        String html = RunReport.render(input, RunReport.ChartMode.INLINE).html();
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/report-sample.html"), html, StandardCharsets.UTF_8);
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("Run <code>r&lt;1&gt;</code>"), "run id escaped");
        assertFalse(html.contains("<script"), "the report needs no script");
        assertFalse(html.contains("http://") && html.contains("src=\"http"), "nothing fetched");
        // msp table: zero-shot + 4 heads × 3 K
        Matcher table = Pattern.compile("<table class=\"results\" data-score=\"msp\">(.*?)</table>", Pattern.DOTALL)
                .matcher(html);
        assertTrue(table.find());
        assertEquals(13, count(table.group(1), "<tr class=\"(ref|row)\""));
        assertEquals(1, count(table.group(1), "<tr class=\"ref\" data-head=\"zero-shot\" data-k=\"0\""));
        assertTrue(count(table.group(1), "class=\"best\"") >= 6, "a best value per column");
        // charts: 2 curves + the trade-off + 4 conformal + 13 histograms + 5 reliability diagrams, all inline SVG
        assertEquals(2 + 1 + 4 + 13 + 5, count(html, "<figure class=\"chart\""));
        assertEquals(2 + 1 + 4 + 13 + 5, count(html, "<svg "));
        // the study's questions: the Pareto front's points listed, and shots-to-beat-zero-shot per head × score
        Matcher front = Pattern.compile("<table class=\"front\">(.*?)</table>", Pattern.DOTALL).matcher(html);
        assertTrue(front.find(), "Pareto front table");
        assertEquals(dev.fewshot.core.sweep.ParetoFront.of(dev.fewshot.core.sweep.Summary.of(input.rows())).size(),
                count(front.group(1), "<tr><td>"));
        Matcher beats = Pattern.compile("<table class=\"beats\">(.*?)</table>", Pattern.DOTALL).matcher(html);
        assertTrue(beats.find(), "shots-to-beat-zero-shot table");
        int answers = dev.fewshot.core.sweep.BeatsZeroShot.of(input.rows()).size();
        assertTrue(answers > 0);
        assertEquals(answers, count(beats.group(1), "<tr><td>"));
        assertTrue(html.contains("data-chart=\"id-accepted-vs-alpha\""), "acceptance against the promise");
        // conformal promises: one row per head × K of the shown score, with the acceptance against the band
        Matcher cp = Pattern.compile("<table class=\"results conformal\">(.*?)</table>", Pattern.DOTALL).matcher(html);
        assertTrue(cp.find(), "conformal table");
        assertEquals(13, count(cp.group(1), "<tr data-head="));
        assertTrue(html.contains("data-chart=\"set-size-vs-k\"") && html.contains("data-chart=\"ood-accepted-vs-k\""));
        assertTrue(html.contains("calibration rows held out of every other metric"));
        // bootstrap intervals under accuracy, AUROC and FPR@95 of every row of the main table
        assertEquals(3 * 13, count(table.group(1), "<small class=\"ci\""));
        assertTrue(html.contains("data-chart=\"accuracy-vs-k\""));
        assertTrue(html.contains("data-chart=\"hist-prototype-k4\""));
        assertTrue(html.contains("data-chart=\"rel-gaussian-k4\""));
        assertTrue(html.contains("Java") && html.contains("ONNX Runtime"), "versions listed");
        for (String other : List.of("maxlogit", "energy", "maxcos", "mcm", "mahalanobis")) {
            assertTrue(html.contains("data-score=\"" + other + "\""), "table for " + other);
        }
    }

    @Test
    void fileModeWritesOneSvgDocumentPerChart() {
        RunReport.Rendered r = RunReport.render(input, RunReport.ChartMode.FILES);
        assertEquals(25, r.files().size());
        assertEquals(0, count(r.html(), "<svg "));
        for (Map.Entry<String, String> f : r.files().entrySet()) {
            assertTrue(r.html().contains("src=\"" + f.getKey() + "\""), f.getKey());
            assertTrue(f.getValue().contains("<svg") && f.getValue().contains("xmlns"), f.getKey());
        }
    }

    @Test
    void emptyRunRendersPlaceholders() {
        ReportInput empty = new ReportInput(new ReportInput.RunInfo("r2", "d", null, "training", null, "{}", 0, null,
                null), List.of(), List.of(), List.of(), Map.of());
        String html = RunReport.render(empty, RunReport.ChartMode.INLINE).html();
        assertTrue(html.contains("still running"));
        assertTrue(html.contains("No results"));
        assertEquals(0, count(html, "<svg "));
    }

    private static int count(String s, String regex) {
        Matcher m = Pattern.compile(regex).matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void anotherOodScoreCanBeShownAndUnknownScoresAreRefused() {
        String html = RunReport.render(input, RunReport.ChartMode.INLINE, "energy").html();
        assertTrue(html.contains("<table class=\"results\" data-score=\"energy\">"), "main table for energy");
        assertTrue(html.contains("data-chart=\"auroc-vs-k-energy\""), "AUROC curve for energy");
        assertTrue(html.contains("data-chart=\"hist-prototype-k1-energy\""), "histograms for energy");
        assertTrue(html.contains("href=\"?score=msp\""), "a link back to the default score");
        String files = String.join(" ", RunReport.render(input, RunReport.ChartMode.FILES, "energy").files().keySet());
        assertTrue(files.contains("charts/auroc-vs-k-energy.svg"), files);
        assertEquals("score-energy.html", RunReport.pageFile("energy", input.rows()));
        assertEquals("index.html", RunReport.pageFile("msp", input.rows()));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> RunReport.render(input, RunReport.ChartMode.INLINE, "nonsense"));
        assertTrue(e.getMessage().contains("nonsense"), e.getMessage());
    }
}
