package dev.fewshot.core.sweep;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The study's first question, "which head balances ID accuracy and OOD detection best?": the head × K × OOD score
 * lines (means over seeds) that no other line beats on both accuracy and AUROC. A line is dominated when another has
 * accuracy and AUROC at least as high and one of them higher; equal points are all kept.
 */
public final class ParetoFront {
    private ParetoFront() {
    }

    /** The non-dominated lines, by accuracy descending (then AUROC ascending, head, K, score). */
    public static List<Summary.Line> of(List<Summary.Line> lines) {
        List<Summary.Line> measured = lines.stream().filter(l -> l.accuracy() != null && l.auroc() != null).toList();
        List<Summary.Line> front = new ArrayList<>();
        for (Summary.Line p : measured) {
            boolean dominated = false;
            for (Summary.Line q : measured) {
                double qa = q.accuracy().mean(), pa = p.accuracy().mean();
                double qu = q.auroc().mean(), pu = p.auroc().mean();
                if (qa >= pa && qu >= pu && (qa > pa || qu > pu)) {
                    dominated = true;
                    break;
                }
            }
            if (!dominated) {
                front.add(p);
            }
        }
        front.sort(Comparator.comparingDouble((Summary.Line l) -> -l.accuracy().mean())
                .thenComparingDouble(l -> l.auroc().mean()).thenComparing(Summary.Line::head)
                .thenComparingInt(Summary.Line::k).thenComparing(Summary.Line::oodScore));
        return front;
    }
}
