package dev.fewshot.report;

import dev.fewshot.contracts.RunStatus;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fewshot.core.conformal.AcceptanceBand;
import dev.fewshot.core.metrics.Calibration;
import dev.fewshot.core.sweep.PlotRows;
import dev.fewshot.core.sweep.ResultColumn;
import dev.fewshot.core.sweep.ResultRow;
import dev.fewshot.core.sweep.BeatsZeroShot;
import dev.fewshot.core.sweep.ParetoFront;
import dev.fewshot.core.sweep.Summary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jfree.chart.JFreeChart;

/**
 * The run report: one self-contained HTML page (inline CSS, no scripts, nothing fetched) with the run's
 * settings, the results table and SVG charts. The evaluator serves it with the SVGs inline; the CLI writes the
 * same page with each chart in its own .svg file.
 */
public final class RunReport {
    /** The score the table and charts show when the run has it: log-MSP ranking, the project's default (docs/metrics.md). */
    public static final String DEFAULT_SCORE = "msp";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where the charts go: inside the page, or into files next to it (referenced by {@code <img>}). */
    public enum ChartMode { INLINE, FILES }

    /** The page and, in FILES mode, the chart files by relative path (e.g. {@code charts/accuracy.svg}). */
    public record Rendered(String html, Map<String, String> files) {
    }

    private final ReportInput in;
    private final ChartMode mode;
    private final Map<String, String> files = new LinkedHashMap<>();

    private final String score;

    private RunReport(ReportInput in, ChartMode mode, String score) {
        this.in = in;
        this.mode = mode;
        this.score = score;
    }

    public static Rendered render(ReportInput in, ChartMode mode) {
        return render(in, mode, null);
    }

    /**
     * @param score the OOD score the charts and main table show; null: the default ({@link #shownScore})
     * @throws IllegalArgumentException if the run did not measure that score
     */
    public static Rendered render(ReportInput in, ChartMode mode, String score) {
        List<String> measured = scores(in.rows());
        if (score != null && !measured.contains(score)) {
            throw new IllegalArgumentException("the run has no OOD score '" + score + "'; it measured " + measured);
        }
        RunReport r = new RunReport(in, mode, score == null ? shownScore(in.rows()) : score);
        String html = r.page();
        return new Rendered(html, Map.copyOf(r.files));
    }

    /** The OOD scores of the rows, in row order. */
    public static List<String> scores(List<ResultRow> rows) {
        Set<String> scores = new LinkedHashSet<>();
        rows.forEach(r -> scores.add(r.oodScore()));
        return List.copyOf(scores);
    }

    /** The static export's page for a score: index.html for the default one, score-ID.html for the others. */
    public static String pageFile(String score, List<ResultRow> rows) {
        return score.equals(shownScore(rows)) ? "index.html" : "score-" + slug(score) + ".html";
    }

    /**
     * Chart ids (and file names) of the charts drawn from the shown score's rows carry the score when it is not the
     * default: the static export writes one page per score into one charts/ folder, and a score that applies to
     * fewer heads (Mahalanobis: Gaussian only) must not overwrite another page's accuracy curve.
     */
    private String suffix() {
        return score.equals(shownScore(in.rows())) ? "" : "-" + slug(score);
    }

    /** Links to the same report for each measured score. */
    private void scoreLinks(StringBuilder sb) {
        List<String> all = scores(in.rows());
        if (all.size() < 2) {
            return;
        }
        sb.append("<p class=\"scores\">Charts and main table for OOD score:");
        for (String s : all) {
            if (s.equals(score)) {
                sb.append(" <strong><code>").append(Html.esc(s)).append("</code></strong>");
            } else {
                String href = mode == ChartMode.INLINE ? "?score=" + Html.esc(s) : pageFile(s, in.rows());
                sb.append(" <a href=\"").append(href).append("\"><code>").append(Html.esc(s)).append("</code></a>");
            }
        }
        sb.append("</p>\n");
    }

    /** The score shown: msp when the run has it, else the first score of the rows. */
    public static String shownScore(List<ResultRow> rows) {
        Set<String> scores = new LinkedHashSet<>();
        rows.forEach(r -> scores.add(r.oodScore()));
        return scores.contains(DEFAULT_SCORE) || scores.isEmpty() ? DEFAULT_SCORE : scores.iterator().next();
    }

    private String page() {
        ReportInput.RunInfo run = in.run();
        List<Summary.Line> lines = Summary.byHead(Summary.of(in.rows()));
        List<Summary.Line> shown = lines.stream().filter(l -> l.oodScore().equals(score)).toList();
        StringBuilder sb = new StringBuilder(64 * 1024);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>fewshot run ").append(Html.esc(run.runId())).append("</title>\n<style>\n")
                .append(Style.CSS).append("</style>\n</head>\n<body>\n<main>\n");
        header(sb, run);
        settings(sb, run);
        sb.append("<section id=\"results\"><h2>Results <small>OOD score: <code>").append(Html.esc(score))
                .append("</code></small></h2>\n<p class=\"note\">Mean ± sample std over seeds, in % (ECE as a fraction). ")
                .append("Best value per column in bold; higher is better except FPR@95 and ECE. ")
                .append("ID is the positive class; FPR@95 = share of OOD accepted at the threshold that accepts 95% of ID.")
                .append(score.equals("msp") ? " <code>msp</code> ranks by log max-softmax (docs/metrics.md)." : "")
                .append(" <span class=\"unconverged\">⚠</span> marks a head whose solver stopped without converging")
                .append(" for some seeds (their count in the cell's title).")
                .append("</p>\n");
        scoreLinks(sb);
        sb.append(ResultsTableHtml.table(score, shown));
        otherScores(sb, lines, score);
        sb.append("</section>\n");
        curves(sb, shown);
        questions(sb, lines);
        conformal(sb, shown);
        histograms(sb, score);
        reliability(sb);
        sb.append("<footer>Generated by fewshot. Charts: JFreeChart + JFreeSVG. Definitions: docs/metrics.md, docs/report.md.")
                .append("</footer>\n</main>\n</body>\n</html>\n");
        return sb.toString();
    }

    private void header(StringBuilder sb, ReportInput.RunInfo run) {
        String total = run.total() == null ? "?" : run.total().toString();
        sb.append("<header><h1>Run <code>").append(Html.esc(run.runId())).append("</code></h1>\n")
                .append("<p class=\"status\"><span class=\"badge ").append(Html.esc(run.status())).append("\">")
                .append(Html.esc(run.status())).append("</span> <span class=\"progress\">").append(run.done())
                .append(" / ").append(total).append(" steps evaluated</span>");
        if (run.reason() != null) {
            sb.append(" <span class=\"reason\">").append(Html.esc(run.reason())).append("</span>");
        }
        if (!RunStatus.COMPLETED.is(run.status()) && !RunStatus.FAILED.is(run.status())) {
            sb.append(" <em>(still running: this page shows what exists so far; reload for more)</em>");
        }
        sb.append("</p></header>\n");
    }

    private void settings(StringBuilder sb, ReportInput.RunInfo run) {
        JsonNode req = parse(run.requestJson());
        Map<String, String> s = new LinkedHashMap<>();
        s.put("dataset", run.datasetId());
        s.put("model", run.modelId() != null ? run.modelId() : text(req, "model_id"));
        s.put("shots (K)", text(req, "shots"));
        s.put("seeds", text(req, "seeds"));
        s.put("heads", text(req, "heads"));
        s.put("OOD scores", text(req, "ood_scores"));
        s.put("options", text(req, "options"));
        s.put("created", run.createdAt());
        sb.append("<section id=\"settings\"><h2>Settings</h2>\n<div class=\"cols\"><table class=\"kv\">\n");
        s.forEach((k, v) -> sb.append("<tr><th>").append(Html.esc(k)).append("</th><td>")
                .append(Html.esc(v == null ? "–" : v)).append("</td></tr>\n"));
        sb.append("</table>\n<table class=\"kv\">\n");
        in.environment().forEach((k, v) -> sb.append("<tr><th>").append(Html.esc(k)).append("</th><td>")
                .append(Html.esc(v)).append("</td></tr>\n"));
        sb.append("</table></div>\n<p class=\"note\">Provenance as the trainer and the evaluator recorded it with each"
                + " stored head and evaluated step (software, model, the split publications they read), not that of the"
                + " process that rendered this page.</p>\n")
                .append("<details><summary>Run request (JSON)</summary><pre>")
                .append(Html.esc(req == null ? run.requestJson() : req.toPrettyString())).append("</pre></details>\n")
                .append("</section>\n");
    }

    private void otherScores(StringBuilder sb, List<Summary.Line> lines, String shown) {
        Set<String> others = new LinkedHashSet<>();
        lines.forEach(l -> {
            if (!l.oodScore().equals(shown)) {
                others.add(l.oodScore());
            }
        });
        for (String o : others) {
            sb.append("<details class=\"other-score\"><summary>OOD score <code>").append(Html.esc(o))
                    .append("</code></summary>\n").append(ResultsTableHtml.table(o,
                            lines.stream().filter(l -> l.oodScore().equals(o)).toList())).append("</details>\n");
        }
    }

    private void curves(StringBuilder sb, List<Summary.Line> shown) {
        Map<String, List<Charts.Point>> acc = new LinkedHashMap<>();
        Map<String, List<Charts.Point>> auroc = new LinkedHashMap<>();
        Double zsAcc = null;
        Double zsAuroc = null;
        for (Summary.Line l : shown) {
            if (l.k() == 0) {
                zsAcc = l.accuracy().mean();
                zsAuroc = l.auroc().mean();
                continue;
            }
            acc.computeIfAbsent(l.head(), h -> new ArrayList<>()).add(new Charts.Point(l.k(), l.accuracy().mean()));
            auroc.computeIfAbsent(l.head(), h -> new ArrayList<>()).add(new Charts.Point(l.k(), l.auroc().mean()));
        }
        sb.append("<section id=\"curves\"><h2>Accuracy and AUROC against K</h2>\n<p class=\"note\">Mean over seeds; ")
                .append("K on a log₂ axis; the dashed line is zero-shot (K = 0).</p>\n<div class=\"grid two\">\n");
        if (shown.isEmpty()) {
            sb.append("<p class=\"empty\">No results yet.</p>\n");
        } else {
            chart(sb, "accuracy-vs-k" + suffix(), Charts.metricVsK("ID accuracy vs K", "top-1 accuracy", acc, zsAcc), 620, 400,
                    "ID accuracy against K");
            chart(sb, "auroc-vs-k" + suffix(), Charts.metricVsK("AUROC vs K (" + score + ")", "AUROC", auroc,
                    zsAuroc), 620, 400, "AUROC against K");
        }
        sb.append("</div></section>\n");
    }

    /**
     * The study's questions answered from the rows: the accuracy/AUROC trade-off with its Pareto front (every score),
     * and the smallest K that beats zero-shot in paired tests.
     */
    private void questions(StringBuilder sb, List<Summary.Line> lines) {
        sb.append("<section id=\"trade-off\"><h2>Which head balances ID and OOD best?</h2>\n")
                .append("<p class=\"note\">One point per head × K × OOD score (means over seeds); the black line is ")
                .append("the Pareto front: no other point has both higher accuracy and higher AUROC.</p>\n");
        List<Summary.Line> front = ParetoFront.of(lines);
        if (front.isEmpty()) {
            sb.append("<p class=\"empty\">No results yet.</p></section>\n");
        } else {
            Map<String, List<double[]>> points = new LinkedHashMap<>();
            for (Summary.Line l : lines) {
                if (l.accuracy() != null && l.auroc() != null) {
                    points.computeIfAbsent(l.head(), h -> new ArrayList<>())
                            .add(new double[] {l.accuracy().mean(), l.auroc().mean()});
                }
            }
            List<double[]> f = front.stream().map(l -> new double[] {l.accuracy().mean(), l.auroc().mean()}).toList();
            sb.append("<div class=\"grid two\">\n");
            chart(sb, "trade-off", Charts.tradeOff("Accuracy vs AUROC, every score", points, f), 620, 420,
                    "Accuracy against AUROC with the Pareto front");
            sb.append("<table class=\"front\"><thead><tr><th>head</th><th>K</th><th>OOD score</th><th>accuracy</th>")
                    .append("<th>AUROC</th></tr></thead><tbody>\n");
            for (Summary.Line l : front) {
                sb.append("<tr><td>").append(Html.esc(l.head())).append("</td><td>").append(l.k()).append("</td><td><code>")
                        .append(Html.esc(l.oodScore())).append("</code></td><td>").append(Charts.pct(l.accuracy().mean()))
                        .append("</td><td>").append(Charts.pct(l.auroc().mean())).append("</td></tr>\n");
            }
            sb.append("</tbody></table></div></section>\n");
        }
        List<BeatsZeroShot.Answer> answers = BeatsZeroShot.of(in.rows());
        sb.append("<section id=\"beats-zero-shot\"><h2>How many shots to beat zero-shot?</h2>\n")
                .append("<p class=\"note\">The smallest K at which every seed beats zero-shot on the same test rows, ")
                .append("one-sided p &lt; ").append(BeatsZeroShot.LEVEL).append(": McNemar's exact test for accuracy, ")
                .append("DeLong's test for AUROC against zero-shot's same score (else <code>mcm</code>). ")
                .append("“K+” holds at every larger K too; “never”: at no K of the run. Per-row p-values are the ")
                .append("<code>zs_accuracy_p</code> and <code>zs_auroc_p</code> columns (docs/metrics.md).</p>\n");
        if (answers.isEmpty()) {
            sb.append("<p class=\"empty\">No paired comparisons: the run has no zero-shot head.</p></section>\n");
            return;
        }
        sb.append("<table class=\"beats\"><thead><tr><th>head</th><th>OOD score</th><th>accuracy</th><th>AUROC</th>")
                .append("</tr></thead><tbody>\n");
        for (BeatsZeroShot.Answer a : answers) {
            int largest = a.shots().get(a.shots().size() - 1);
            sb.append("<tr><td>").append(Html.esc(a.head())).append("</td><td><code>").append(Html.esc(a.oodScore()))
                    .append("</code></td><td>").append(BeatsZeroShot.label(a.accuracyK(), a.accuracyHolds(), largest))
                    .append("</td><td>").append(BeatsZeroShot.label(a.aurocK(), a.aurocHolds(), largest))
                    .append("</td></tr>\n");
        }
        sb.append("</tbody></table></section>\n");
    }

    /** The conformal promises against what happened on the evaluation rows (docs/conformal.md). */
    private void conformal(StringBuilder sb, List<Summary.Line> shown) {
        List<Summary.Line> lines = shown.stream().filter(l -> l.stat(ResultColumn.CP_ID_ACCEPT) != null).toList();
        sb.append("<section id=\"conformal\"><h2>Conformal promises <small>OOD score: <code>").append(Html.esc(score))
                .append("</code></small></h2>\n");
        if (lines.isEmpty()) {
            sb.append("<p class=\"empty\">No conformal results (a run before calibration existed, or a test split too"
                    + " small to hold out calibration rows).</p></section>\n");
            return;
        }
        ResultRow any = in.rows().stream().filter(r -> r.get(ResultColumn.CP_ALPHA) != null
                && r.oodScore().equals(score)).findFirst().orElseThrow();
        double alpha = any.number(ResultColumn.CP_ALPHA);
        double bandLo = any.number(ResultColumn.CP_BAND_LO);
        double bandHi = any.number(ResultColumn.CP_BAND_HI);
        sb.append("<p class=\"note\">α = ").append(fmt(alpha)).append(", ").append(any.get(ResultColumn.CP_CALIBRATION))
                .append(" calibration rows held out of every other metric. Promised: at least ")
                .append(Charts.pct(1 - alpha)).append(" of ID rows accepted on average (95% of calibration draws give ")
                .append(Charts.pct(bandLo)).append("–").append(Charts.pct(bandHi))
                .append("), and prediction sets that hold the true label at least ").append(Charts.pct(1 - alpha))
                .append(" of the time (per class for the per-class sets, one threshold per class; ")
                .append(any.get(ResultColumn.CP_SHORT_CLASSES) == null ? "0" : any.get(ResultColumn.CP_SHORT_CLASSES))
                .append(" classes have too few calibration rows for that and are in every such set).")
                .append(" Measured on the evaluation rows, mean over seeds; ✓ inside the band.</p>\n")
                .append("<table class=\"results conformal\"><thead><tr><th>head</th><th>K</th><th>ID accepted</th>")
                .append("<th>OOD accepted ↓</th><th>LAC coverage</th><th>LAC set size ↓</th><th>APS coverage</th>")
                .append("<th>APS set size ↓</th><th>per-class coverage</th><th>per-class size ↓</th>")
                .append("</tr></thead>\n<tbody>\n");
        Map<String, List<Charts.Point>> size = new LinkedHashMap<>();
        Map<String, List<Charts.Point>> oodAccepted = new LinkedHashMap<>();
        Double zsSize = null;
        Double zsOod = null;
        for (Summary.Line l : lines) {
            double idAcc = l.stat(ResultColumn.CP_ID_ACCEPT).mean();
            boolean inBand = idAcc >= bandLo && idAcc <= bandHi;
            sb.append("<tr data-head=\"").append(Html.esc(l.head())).append("\" data-k=\"").append(l.k())
                    .append("\"><td>").append(Html.esc(l.head())).append("</td><td>").append(l.k()).append("</td><td>")
                    .append(Charts.pct(idAcc)).append(inBand ? " ✓" : " <span class=\"unconverged\">outside band</span>")
                    .append("</td><td>").append(pct(l, ResultColumn.CP_OOD_ACCEPT)).append("</td><td>")
                    .append(pct(l, ResultColumn.CP_SET_COVERAGE)).append("</td><td>")
                    .append(num(l, ResultColumn.CP_SET_SIZE)).append("</td><td>")
                    .append(pct(l, ResultColumn.CP_APS_COVERAGE)).append("</td><td>")
                    .append(num(l, ResultColumn.CP_APS_SIZE)).append("</td><td>")
                    .append(pct(l, ResultColumn.CP_CLASS_COVERAGE)).append("</td><td>")
                    .append(num(l, ResultColumn.CP_CLASS_SIZE)).append("</td></tr>\n");
            double s = l.stat(ResultColumn.CP_SET_SIZE).mean();
            double o = l.stat(ResultColumn.CP_OOD_ACCEPT).mean();
            if (l.k() == 0) {
                zsSize = s;
                zsOod = o;
            } else {
                size.computeIfAbsent(l.head(), h -> new ArrayList<>()).add(new Charts.Point(l.k(), s));
                oodAccepted.computeIfAbsent(l.head(), h -> new ArrayList<>()).add(new Charts.Point(l.k(), o));
            }
        }
        sb.append("</tbody></table>\n<div class=\"grid two\">\n");
        acceptanceCharts(sb, lines, any);
        chart(sb, "set-size-vs-k" + suffix(), Charts.metricVsK("LAC prediction-set size vs K (α = " + fmt(alpha) + ")",
                "mean classes in the set", size, zsSize, zsSize == null ? null : "zero-shot " + fmt(zsSize), false),
                620, 400, "prediction-set size against K");
        chart(sb, "ood-accepted-vs-k" + suffix(), Charts.metricVsK("OOD accepted at α = " + fmt(alpha) + " vs K ("
                + score + ")", "share of OOD rows accepted", oodAccepted, zsOod, zsOod == null ? null
                : "zero-shot " + Charts.pct(zsOod), true), 620, 400, "OOD acceptance against K");
        sb.append("</div></section>\n");
    }

    /**
     * Acceptance against the promise at every α of the grid: per head at its largest K (and zero-shot), the share
     * of ID evaluation rows accepted (it should sit inside the Beta band around 1 − α) and of OOD rows accepted.
     */
    private void acceptanceCharts(StringBuilder sb, List<Summary.Line> lines, ResultRow any) {
        Map<String, Summary.Line> top = new LinkedHashMap<>();
        for (Summary.Line l : lines) {
            Summary.Line seen = top.get(l.head());
            if (seen == null || l.k() > seen.k()) {
                top.put(l.head(), l);
            }
        }
        int n = (Integer) any.get(ResultColumn.CP_CALIBRATION);
        double[] grid = ResultColumn.ALPHA_GRID;
        Map<String, double[][]> id = new LinkedHashMap<>();
        Map<String, double[][]> ood = new LinkedHashMap<>();
        for (Summary.Line l : top.values()) {
            double[][] a = new double[2][grid.length];
            double[][] o = new double[2][grid.length];
            boolean complete = true;
            for (int i = 0; i < grid.length; i++) {
                Summary.Stat si = l.stat(ResultColumn.idAcceptAt(i));
                Summary.Stat so = l.stat(ResultColumn.oodAcceptAt(i));
                if (si == null || so == null) {
                    complete = false;
                    break;
                }
                a[0][i] = 1 - grid[i];
                a[1][i] = si.mean();
                o[0][i] = 1 - grid[i];
                o[1][i] = so.mean();
            }
            if (complete) {
                String name = l.head() + " K=" + l.k();
                id.put(name, a);
                ood.put(name, o);
            }
        }
        double[][] band = new double[3][grid.length];
        for (int i = 0; i < grid.length; i++) {
            AcceptanceBand b = AcceptanceBand.of(n, grid[i]);
            band[0][i] = 1 - grid[i];
            band[1][i] = b.lo();
            band[2][i] = b.hi();
        }
        chart(sb, "id-accepted-vs-alpha" + suffix(), Charts.acceptance("ID accepted vs the promise (" + score + ", "
                + n + " calibration rows)", "share of ID evaluation rows accepted", id, band), 620, 400,
                "ID acceptance against 1 − alpha with the finite-sample band");
        chart(sb, "ood-accepted-vs-alpha" + suffix(), Charts.acceptance("OOD accepted at the same α (" + score + ")",
                "share of OOD rows accepted", ood, null), 620, 400, "OOD acceptance against 1 − alpha");
    }

    private static String pct(Summary.Line l, ResultColumn c) {
        Summary.Stat s = l.stat(c);
        return s == null ? "–" : Charts.pct(s.mean());
    }

    private static String num(Summary.Line l, ResultColumn c) {
        Summary.Stat s = l.stat(c);
        return s == null ? "–" : String.format(java.util.Locale.ROOT, "%.2f", s.mean());
    }

    /** A level or size without trailing zeros: 0.05, 0.1, 12.5. */
    private static String fmt(double v) {
        return new java.math.BigDecimal(String.format(java.util.Locale.ROOT, "%.3g", v)).stripTrailingZeros()
                .toPlainString();
    }

    private void histograms(StringBuilder sb, String score) {
        List<PlotRows.Histogram> hs = in.histograms().stream().filter(h -> h.oodScore().equals(score)).toList();
        sb.append("<section id=\"histograms\"><h2>Score distributions <small>OOD score: <code>").append(Html.esc(score))
                .append("</code></small></h2>\n");
        if (hs.isEmpty()) {
            sb.append("<p class=\"empty\">No score histograms yet.</p></section>\n");
            return;
        }
        long seed = hs.stream().mapToLong(PlotRows.Histogram::seed).min().orElseThrow();
        sb.append("<p class=\"note\">ID (blue) and OOD (orange) scores of seed ").append(seed)
                .append(" (the run's first seed), as the share of each set per bin (40 equal-width bins over the range ")
                .append("of both). The red dashed line is the 95%-TPR threshold t95 used by FPR@95: scores ≥ t95 are ")
                .append("accepted as ID.</p>\n");
        Map<String, Map<Integer, PlotRows.Histogram>> byHead = new TreeMap<>(Comparator.comparingInt(Summary::headRank)
                .thenComparing(Comparator.naturalOrder()));
        for (PlotRows.Histogram h : hs) {
            if (h.seed() == seed) {
                byHead.computeIfAbsent(h.head(), x -> new TreeMap<>()).put(h.k(), h);
            }
        }
        for (Map.Entry<String, Map<Integer, PlotRows.Histogram>> e : byHead.entrySet()) {
            sb.append("<h3>").append(Html.esc(e.getKey())).append("</h3>\n<div class=\"grid small\">\n");
            for (PlotRows.Histogram h : e.getValue().values()) {
                String id = "hist-" + slug(h.head()) + "-k" + h.k() + suffix();
                chart(sb, id, Charts.histogram(h.head() + "  K=" + h.k(), h.histogram()), 400, 250,
                        "score histogram " + h.head() + " K=" + h.k());
            }
            sb.append("</div>\n");
        }
        sb.append("</section>\n");
    }

    private void reliability(StringBuilder sb) {
        sb.append("<section id=\"reliability\"><h2>Reliability diagrams</h2>\n");
        if (in.reliability().isEmpty()) {
            sb.append("<p class=\"empty\">No reliability data yet.</p></section>\n");
            return;
        }
        TreeSet<Integer> ks = new TreeSet<>();
        in.reliability().forEach(r -> ks.add(r.k()));
        sb.append("<p class=\"note\">ID rows, confidence = max softmax probability, the 15 bins ECE uses; bins pooled ")
                .append("over seeds. Each head at its largest K in the run (zero-shot at K = 0).</p>\n")
                .append("<div class=\"grid small\">\n");
        Map<String, Integer> largestK = new TreeMap<>(Comparator.comparingInt(Summary::headRank)
                .thenComparing(Comparator.naturalOrder()));
        in.reliability().forEach(r -> largestK.merge(r.head(), r.k(), Math::max));
        for (Map.Entry<String, Integer> e : largestK.entrySet()) {
            List<PlotRows.Reliability> rs = in.reliability().stream()
                    .filter(r -> r.head().equals(e.getKey()) && r.k() == e.getValue()).toList();
            List<Calibration.Bin> pooled = pool(rs);
            String title = e.getKey() + "  K=" + e.getValue() + "  (ECE " + String.format(java.util.Locale.ROOT, "%.3f",
                    ece(pooled)) + ")";
            chart(sb, "rel-" + slug(e.getKey()) + "-k" + e.getValue(), Charts.reliability(title, pooled), 400, 330,
                    "reliability diagram " + e.getKey());
        }
        sb.append("</div></section>\n");
    }

    /** Sums counts and count-weighted means over seeds, bin by bin. */
    static List<Calibration.Bin> pool(List<PlotRows.Reliability> rs) {
        int bins = rs.get(0).bins().size();
        List<Calibration.Bin> out = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            long n = 0;
            double conf = 0;
            double acc = 0;
            Calibration.Bin first = rs.get(0).bins().get(b);
            for (PlotRows.Reliability r : rs) {
                Calibration.Bin x = r.bins().get(b);
                n += x.count();
                conf += x.count() * x.meanConfidence();
                acc += x.count() * x.accuracy();
            }
            out.add(n == 0 ? new Calibration.Bin(first.lower(), first.upper(), 0, 0, 0)
                    : new Calibration.Bin(first.lower(), first.upper(), (int) n, conf / n, acc / n));
        }
        return out;
    }

    private static double ece(List<Calibration.Bin> bins) {
        long n = bins.stream().mapToLong(Calibration.Bin::count).sum();
        double e = 0;
        for (Calibration.Bin b : bins) {
            if (b.count() > 0) {
                e += (b.count() / (double) n) * Math.abs(b.accuracy() - b.meanConfidence());
            }
        }
        return e;
    }

    private void chart(StringBuilder sb, String id, JFreeChart chart, int w, int h, String alt) {
        sb.append("<figure class=\"chart\" data-chart=\"").append(id).append("\">");
        if (mode == ChartMode.INLINE) {
            sb.append(Charts.svg(chart, w, h, id, false));
        } else {
            String file = "charts/" + id + ".svg";
            files.put(file, Charts.svg(chart, w, h, id, true));
            sb.append("<img src=\"").append(file).append("\" width=\"").append(w).append("\" height=\"").append(h)
                    .append("\" alt=\"").append(Html.esc(alt)).append("\">");
        }
        sb.append("</figure>\n");
    }


    private static String slug(String s) {
        return s.replaceAll("[^A-Za-z0-9]+", "-");
    }

    private static JsonNode parse(String json) {
        try {
            return json == null ? null : JSON.readTree(json);
        } catch (Exception e) {
            return null;
        }
    }

    private static String text(JsonNode req, String field) {
        if (req == null || req.get(field) == null || req.get(field).isNull()) {
            return null;
        }
        JsonNode v = req.get(field);
        if (v.isArray()) {
            List<String> parts = new ArrayList<>();
            v.forEach(x -> parts.add(x.asText()));
            return String.join(", ", parts);
        }
        return v.isValueNode() ? v.asText() : v.toString();
    }
}
