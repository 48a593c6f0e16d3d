package dev.fewshot.cli.output;

import dev.fewshot.core.sweep.BeatsZeroShot;
import dev.fewshot.core.sweep.ResultColumn;
import dev.fewshot.core.sweep.ResultRow;
import dev.fewshot.core.sweep.Summary;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** The readable summary: head × K (× OOD score), mean ± std over seeds. */
public final class ResultsTable {
    private final String score;

    /** The schema's metrics the table shows as percent, mean ± std over seeds. */
    static final List<ResultColumn> PERCENT = List.of(ResultColumn.ACCURACY, ResultColumn.AUROC, ResultColumn.FPR95);
    /** The schema's metrics the table shows as their mean over seeds. */
    static final List<ResultColumn> PLAIN = List.of(ResultColumn.ECE, ResultColumn.CONF_OOD);

    /** A column's header: the schema's table label, else its field name. */
    private static String header(ResultColumn c) {
        return c.label() != null ? c.label() : c.id();
    }

    /** @param score the OOD score to show, or "all" */
    public ResultsTable(String score) {
        this.score = score;
    }

    public void print(List<ResultRow> rows, PrintStream out) {
        List<Summary.Line> lines = new ArrayList<>();
        boolean anyUnconverged = false;
        for (Summary.Line l : Summary.byHead(Summary.of(rows))) {
            if (score.equals("all") || l.oodScore().equals(score)) {
                lines.add(l);
                anyUnconverged |= l.unconverged() > 0;
            }
        }
        StringBuilder header = new StringBuilder(String.format("%-10s %3s  %-11s %5s ", "head", "K", "ood_score",
                "seeds"));
        for (ResultColumn c : PERCENT) {
            header.append(String.format(" %-15s", header(c) + " %"));
        }
        for (ResultColumn c : PLAIN) {
            header.append(String.format(" %-8s", header(c)));
        }
        out.println(header);
        String last = "";
        for (Summary.Line l : lines) {
            if (!l.head().equals(last) && !last.isEmpty()) {
                out.println();
            }
            last = l.head();
            StringBuilder row = new StringBuilder(String.format("%-10s %3d  %-11s %5d ", l.head(), l.k(), l.oodScore(),
                    l.seeds()));
            for (ResultColumn c : PERCENT) {
                row.append(String.format(" %-15s", pct(l.stat(c))));
            }
            for (ResultColumn c : PLAIN) {
                row.append(String.format(" %-8.3f", l.stat(c).mean()));
            }
            out.println(row + (l.unconverged() == 0 ? "" : " * " + l.unconverged() + "/" + l.seeds() + " not converged"));
        }
        out.println();
        out.println("ID is the positive class; FPR@95 = share of OOD accepted at 95% ID acceptance. mean ± std over seeds.");
        if (anyUnconverged) {
            out.println("* the head's solver stopped without converging for that many seeds (solver_stop in the rows).");
        }
        conformal(rows, lines, out);
        beatsZeroShot(rows, out);
    }

    /** The study's "how many shots to beat zero-shot?", from the paired tests of each row (BeatsZeroShot). */
    private void beatsZeroShot(List<ResultRow> rows, PrintStream out) {
        List<BeatsZeroShot.Answer> answers = BeatsZeroShot.of(rows).stream()
                .filter(a -> score.equals("all") || a.oodScore().equals(score)).toList();
        if (answers.isEmpty()) {
            return;
        }
        out.println();
        out.printf("Shots to beat zero-shot: the smallest K where every seed beats it on the same test rows (one-sided"
                + " p < %s; McNemar for accuracy, DeLong for AUROC against zero-shot's same score, else mcm);"
                + " K+ = at every larger K too.%n", BeatsZeroShot.LEVEL);
        out.printf("%-12s %-11s %-10s %-10s %-8s%n", "head", "ood_score", "accuracy", "AUROC", "vs zs");
        for (BeatsZeroShot.Answer a : answers) {
            int largest = a.shots().get(a.shots().size() - 1);
            String zs = rows.stream().filter(r -> r.head().equals(a.head()) && r.oodScore().equals(a.oodScore())
                    && r.get(ResultColumn.ZS_SCORE) != null).map(r -> (String) r.get(ResultColumn.ZS_SCORE))
                    .findFirst().orElse("-");
            out.printf("%-12s %-11s %-10s %-10s %-8s%n", a.head(), a.oodScore(),
                    BeatsZeroShot.label(a.accuracyK(), a.accuracyHolds(), largest),
                    BeatsZeroShot.label(a.aurocK(), a.aurocHolds(), largest), zs);
        }
    }

    /** The conformal promises against the evaluation rows (docs/conformal.md), when the rows have them. */
    private static void conformal(List<ResultRow> rows, List<Summary.Line> lines, PrintStream out) {
        ResultRow any = rows.stream().filter(r -> r.get(ResultColumn.CP_ALPHA) != null).findFirst().orElse(null);
        if (any == null) {
            return;
        }
        double alpha = any.number(ResultColumn.CP_ALPHA);
        out.println();
        out.printf("Conformal promises at alpha %s (%d calibration rows, left out of every metric above): at least"
                + " %.1f%% of ID rows accepted on average (95%% band %.1f-%.1f%%), label sets covering at least %.1f%%.%n",
                new java.math.BigDecimal(Double.toString(alpha)).stripTrailingZeros().toPlainString(),
                (Integer) any.get(ResultColumn.CP_CALIBRATION), 100 * (1 - alpha),
                100 * any.number(ResultColumn.CP_BAND_LO), 100 * any.number(ResultColumn.CP_BAND_HI),
                100 * (1 - alpha));
        out.printf("%-10s %3s  %-11s %-12s %-13s %-13s %-9s %-13s %-9s %-13s %-9s%n", "head", "K", "ood_score",
                "ID accept %", "OOD accept %", "LAC cover %", "LAC size", "APS cover %", "APS size", "class cover %",
                "class size");
        for (Summary.Line l : lines) {
            if (l.stat(ResultColumn.CP_ID_ACCEPT) == null) {
                continue;
            }
            out.printf("%-10s %3d  %-11s %-12.1f %-13.1f %-13.1f %-9.2f %-13.1f %-9.2f %-13s %-9s%n", l.head(), l.k(),
                    l.oodScore(), 100 * l.stat(ResultColumn.CP_ID_ACCEPT).mean(),
                    100 * l.stat(ResultColumn.CP_OOD_ACCEPT).mean(), 100 * l.stat(ResultColumn.CP_SET_COVERAGE).mean(),
                    l.stat(ResultColumn.CP_SET_SIZE).mean(), 100 * l.stat(ResultColumn.CP_APS_COVERAGE).mean(),
                    l.stat(ResultColumn.CP_APS_SIZE).mean(), pctOrDash(l.stat(ResultColumn.CP_CLASS_COVERAGE)),
                    num(l.stat(ResultColumn.CP_CLASS_SIZE)));
        }
    }

    private static String pctOrDash(Summary.Stat s) {
        return s == null ? "-" : String.format("%.1f", 100 * s.mean());
    }

    private static String num(Summary.Stat s) {
        return s == null ? "-" : String.format("%.2f", s.mean());
    }

    private static String pct(Summary.Stat s) {
        return String.format("%5.1f ± %4.1f", 100 * s.mean(), 100 * s.std());
    }
}
