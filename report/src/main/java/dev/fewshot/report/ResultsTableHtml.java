package dev.fewshot.report;

import dev.fewshot.core.sweep.Summary;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The results table of one OOD score: head × K, mean ± sample std over seeds, the best value of each column
 * in bold (higher is better, except FPR@95 and ECE), zero-shot first as the reference row.
 */
final class ResultsTableHtml {
    /** A column: header, how to read it, whether lower is better, whether it prints as a percentage. */
    private record Column(String header, Function<Summary.Line, Summary.Stat> stat, boolean lowerIsBetter,
                          boolean percent) {
    }

    private static final List<Column> COLUMNS = List.of(
            new Column("Accuracy", Summary.Line::accuracy, false, true),
            new Column("AUROC", Summary.Line::auroc, false, true),
            new Column("FPR@95 ↓", Summary.Line::fpr95, true, true),
            new Column("AUPR-In", Summary.Line::auprIn, false, true),
            new Column("AUPR-Out", Summary.Line::auprOut, false, true),
            new Column("ECE ↓", Summary.Line::ece, true, false));

    private ResultsTableHtml() {
    }

    /** Lines already filtered to one score and sorted (zero-shot first). */
    static String table(String score, List<Summary.Line> lines) {
        if (lines.isEmpty()) {
            return "<p class=\"empty\">No results for this score yet.</p>\n";
        }
        double[] best = new double[COLUMNS.size()];
        for (int c = 0; c < COLUMNS.size(); c++) {
            Column col = COLUMNS.get(c);
            best[c] = col.lowerIsBetter() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
            for (Summary.Line l : lines) {
                double v = col.stat().apply(l).mean();
                best[c] = col.lowerIsBetter() ? Math.min(best[c], v) : Math.max(best[c], v);
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append("<table class=\"results\" data-score=\"").append(Html.esc(score)).append("\">\n<thead><tr>")
                .append("<th>head</th><th>K</th><th>seeds</th>");
        for (Column col : COLUMNS) {
            sb.append("<th>").append(col.header()).append("</th>");
        }
        sb.append("</tr></thead>\n<tbody>\n");
        for (Summary.Line l : lines) {
            boolean ref = l.head().equals("zero-shot");
            sb.append("<tr class=\"").append(ref ? "ref" : "row").append("\" data-head=\"").append(Html.esc(l.head()))
                    .append("\" data-k=\"").append(l.k()).append("\">");
            sb.append("<td><span class=\"swatch\" style=\"background:").append(css(Charts.headColor(l.head())))
                    .append("\"></span>").append(Html.esc(l.head())).append(ref ? " <small>(reference)</small>" : "")
                    .append(l.unconverged() == 0 ? "" : " <span class=\"unconverged\" title=\"" + l.unconverged() + " of "
                            + l.seeds() + " seeds: the solver stopped without converging\">⚠ not converged</span>")
                    .append("</td><td>").append(l.k()).append("</td><td>").append(l.seeds()).append("</td>");
            for (int c = 0; c < COLUMNS.size(); c++) {
                Column col = COLUMNS.get(c);
                Summary.Stat s = col.stat().apply(l);
                boolean isBest = s.mean() == best[c];
                sb.append(isBest ? "<td class=\"best\">" : "<td>").append(format(s, col.percent())).append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</tbody></table>\n");
        return sb.toString();
    }

    static String format(Summary.Stat s, boolean percent) {
        return percent ? String.format(Locale.ROOT, "%.1f <small>± %.1f</small>", 100 * s.mean(), 100 * s.std())
                : String.format(Locale.ROOT, "%.3f <small>± %.3f</small>", s.mean(), s.std());
    }

    static String css(java.awt.Color c) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
    }
}
