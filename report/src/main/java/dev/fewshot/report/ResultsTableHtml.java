package dev.fewshot.report;

import dev.fewshot.core.sweep.ResultColumn;
import dev.fewshot.core.sweep.Summary;
import java.util.List;
import java.util.Locale;

/**
 * The results table of one OOD score: head × K, mean ± sample std over seeds, the best value of each column
 * in bold (which way is better comes from {@link ResultColumn}), the 95% bootstrap interval under accuracy, AUROC
 * and FPR@95, zero-shot first as the reference row.
 */
final class ResultsTableHtml {
    /** The columns shown: those the result schema labels, ECE as a plain fraction (its usual form), the rest in %. */
    private static final List<ResultColumn> COLUMNS = ResultColumn.tabled();

    private static boolean percent(ResultColumn c) {
        return c != ResultColumn.ECE;
    }

    private static String header(ResultColumn c) {
        return c.label() + (c.better() == ResultColumn.Better.LOWER ? " ↓" : "");
    }

    private ResultsTableHtml() {
    }

    /** Lines already filtered to one score and sorted (zero-shot first). */
    static String table(String score, List<Summary.Line> lines) {
        if (lines.isEmpty()) {
            return "<p class=\"empty\">No results for this score yet.</p>\n";
        }
        double[] best = new double[COLUMNS.size()];
        for (int c = 0; c < COLUMNS.size(); c++) {
            ResultColumn col = COLUMNS.get(c);
            boolean lower = col.better() == ResultColumn.Better.LOWER;
            best[c] = lower ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
            for (Summary.Line l : lines) {
                Summary.Stat st = l.stat(col);
                if (st != null) {
                    best[c] = lower ? Math.min(best[c], st.mean()) : Math.max(best[c], st.mean());
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append("<table class=\"results\" data-score=\"").append(Html.esc(score)).append("\">\n<thead><tr>")
                .append("<th>head</th><th>K</th><th>seeds</th>");
        for (ResultColumn col : COLUMNS) {
            sb.append("<th>").append(header(col)).append("</th>");
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
                ResultColumn col = COLUMNS.get(c);
                Summary.Stat s = l.stat(col);
                if (s == null) {
                    sb.append("<td>–</td>");
                    continue;
                }
                boolean isBest = col.better() != ResultColumn.Better.NONE && s.mean() == best[c];
                sb.append(isBest ? "<td class=\"best\">" : "<td>").append(format(s, percent(col)))
                        .append(interval(l, col)).append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</tbody></table>\n");
        return sb.toString();
    }

    /** The bootstrap interval under the value (docs/metrics.md, "Intervals"), where the rows have one. */
    static String interval(Summary.Line l, ResultColumn col) {
        ResultColumn[] ends = ResultColumn.intervalOf(col);
        if (ends == null || l.stat(ends[0]) == null || l.stat(ends[1]) == null) {
            return "";
        }
        return String.format(Locale.ROOT, "<br><small class=\"ci\" title=\"95%% bootstrap interval over the test rows,"
                + " each end averaged over seeds\">[%.1f, %.1f]</small>", 100 * l.stat(ends[0]).mean(),
                100 * l.stat(ends[1]).mean());
    }

    static String format(Summary.Stat s, boolean percent) {
        return percent ? String.format(Locale.ROOT, "%.1f <small>± %.1f</small>", 100 * s.mean(), 100 * s.std())
                : String.format(Locale.ROOT, "%.3f <small>± %.3f</small>", s.mean(), s.std());
    }

    static String css(java.awt.Color c) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
    }
}
