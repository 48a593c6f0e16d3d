package dev.fewshot.core.sweep;

import dev.fewshot.core.heads.HeadKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mean and standard deviation over seeds, per head × K × OOD score. The standard deviation is the
 * sample one (n − 1 in the denominator, 0 for a single seed), as in the SQL views.
 */
public final class Summary {

    /**
     * Aggregated metrics of one head × K × OOD score: a {@link Stat} per {@link ResultColumn#metrics() metric column}
     * (absent where no seed has the metric).
     *
     * @param unconverged seeds whose head solver stopped without converging (see {@link ResultRow#unconverged})
     */
    public record Line(String head, int k, String oodScore, int seeds, Map<ResultColumn, Stat> stats,
                       int unconverged) {
        public Line {
            stats = Collections.unmodifiableMap(new EnumMap<>(stats));
        }

        /** The metric's mean and std over seeds, or null when no seed has it. */
        public Stat stat(ResultColumn c) {
            return stats.get(c);
        }

        public Stat accuracy() {
            return stat(ResultColumn.ACCURACY);
        }

        public Stat auroc() {
            return stat(ResultColumn.AUROC);
        }

        public Stat fpr95() {
            return stat(ResultColumn.FPR95);
        }

        public Stat auprIn() {
            return stat(ResultColumn.AUPR_IN);
        }

        public Stat auprOut() {
            return stat(ResultColumn.AUPR_OUT);
        }

        public Stat ece() {
            return stat(ResultColumn.ECE);
        }

        public Stat confId() {
            return stat(ResultColumn.CONF_ID);
        }

        public Stat confOod() {
            return stat(ResultColumn.CONF_OOD);
        }
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
            Map<ResultColumn, Stat> stats = new EnumMap<>(ResultColumn.class);
            for (ResultColumn c : ResultColumn.metrics()) {
                double[] v = g.stream().mapToDouble(r -> r.number(c)).filter(x -> !Double.isNaN(x)).toArray();
                if (v.length > 0) {
                    stats.put(c, Stat.of(v));
                }
            }
            out.add(new Line(first.head(), first.k(), first.oodScore(), g.size(), stats,
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
}
