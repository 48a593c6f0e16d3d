package dev.fewshot.core.sweep;

import dev.fewshot.core.heads.HeadKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mean and standard deviation over seeds, per head × K × OOD score. The standard deviation is the
 * sample one (n − 1 in the denominator, 0 for a single seed), as in the SQL views.
 */
public final class Summary {

    /**
     * Aggregated metrics of one head × K × OOD score.
     *
     * @param unconverged seeds whose head solver stopped without converging (see {@link ResultRow#unconverged})
     */
    public record Line(String head, int k, String oodScore, int seeds, Stat accuracy, Stat auroc, Stat fpr95,
                       Stat auprIn, Stat auprOut, Stat ece, Stat confId, Stat confOod, int unconverged) {
    }

    public record Stat(double mean, double std) {
        static Stat of(double[] v) {
            double sum = 0;
            for (double x : v) {
                sum += x;
            }
            double mean = sum / v.length;
            double ss = 0;
            for (double x : v) {
                ss += (x - mean) * (x - mean);
            }
            return new Stat(mean, v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : 0.0);
        }
    }

    private Summary() {
    }

    /** Groups rows in first-seen order of (head, K, score); seeds are summed in seed order. */
    public static List<Line> of(List<ResultRow> rows) {
        Map<String, List<ResultRow>> groups = new LinkedHashMap<>();
        for (ResultRow r : rows) {
            groups.computeIfAbsent(r.head() + "|" + r.k() + "|" + r.oodScore(), key -> new ArrayList<>()).add(r);
        }
        List<Line> out = new ArrayList<>();
        for (List<ResultRow> g : groups.values()) {
            g.sort((a, b) -> Long.compare(a.seed(), b.seed()));
            ResultRow first = g.get(0);
            out.add(new Line(first.head(), first.k(), first.oodScore(), g.size(),
                    stat(g, ResultRow::accuracy), stat(g, ResultRow::auroc), stat(g, ResultRow::fpr95),
                    stat(g, ResultRow::auprIn), stat(g, ResultRow::auprOut), stat(g, ResultRow::ece),
                    stat(g, ResultRow::confId), stat(g, ResultRow::confOod),
                    (int) g.stream().filter(ResultRow::unconverged).count()));
        }
        return out;
    }

    /** Lines for display: heads in {@link HeadKind} order (unknown names last, by name), then K, then score. */
    public static List<Line> byHead(List<Line> lines) {
        List<Line> out = new ArrayList<>(lines);
        out.sort(Comparator.comparingInt((Line l) -> headRank(l.head())).thenComparing(Line::head)
                .thenComparingInt(Line::k).thenComparing(Line::oodScore));
        return out;
    }

    /** A head's place in display order: {@link HeadKind} order, unknown names after. */
    public static int headRank(String head) {
        for (HeadKind h : HeadKind.values()) {
            if (h.id().equals(head)) {
                return h.ordinal();
            }
        }
        return HeadKind.values().length;
    }

    private static Stat stat(List<ResultRow> g, java.util.function.ToDoubleFunction<ResultRow> f) {
        return Stat.of(g.stream().mapToDouble(f).toArray());
    }
}
