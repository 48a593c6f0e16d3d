package dev.fewshot.cli.output;

import dev.fewshot.core.sweep.ResultRow;
import dev.fewshot.core.sweep.Summary;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** The readable summary: head × K (× OOD score), mean ± std over seeds. */
public final class ResultsTable {
    private final String score;

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
        out.printf("%-10s %3s  %-11s %5s  %-15s %-15s %-15s %-8s %-8s%n", "head", "K", "ood_score", "seeds",
                "accuracy %", "AUROC %", "FPR@95 %", "ECE", "conf_ood");
        String last = "";
        for (Summary.Line l : lines) {
            if (!l.head().equals(last) && !last.isEmpty()) {
                out.println();
            }
            last = l.head();
            out.printf("%-10s %3d  %-11s %5d  %-15s %-15s %-15s %-8.3f %-8.3f%s%n", l.head(), l.k(), l.oodScore(), l.seeds(),
                    pct(l.accuracy()), pct(l.auroc()), pct(l.fpr95()), l.ece().mean(), l.confOod().mean(),
                    l.unconverged() == 0 ? "" : " * " + l.unconverged() + "/" + l.seeds() + " not converged");
        }
        out.println();
        out.println("ID is the positive class; FPR@95 = share of OOD accepted at 95% ID acceptance. mean ± std over seeds.");
        if (anyUnconverged) {
            out.println("* the head's solver stopped without converging for that many seeds (solver_stop in the rows).");
        }
    }

    private static String pct(Summary.Stat s) {
        return String.format("%5.1f ± %4.1f", 100 * s.mean(), 100 * s.std());
    }
}
