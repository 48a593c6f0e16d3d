package dev.fewshot.core.conformal;

import java.util.Arrays;

/**
 * Nonconformity of a label under a row's softmax probabilities, for two set constructions (docs/conformal.md):
 * <ul>
 *   <li>LAC (least ambiguous set-valued classifier, Sadinle et al. 2019): s(x, y) = 1 − p_y(x); the set is every
 *   class with 1 − p_c ≤ q̂. Smallest sets on average.</li>
 *   <li>APS (adaptive prediction sets, Romano et al. 2020), without randomisation: s(x, y) = Σ_{c : p_c ≥ p_y} p_c,
 *   the probability mass of y and every class at least as likely (ties enter together, so the set does not depend
 *   on class order); the set is every class with s(x, c) ≤ q̂. Conservative: coverage ≥ 1 − α.</li>
 * </ul>
 * Both are computed here and nowhere else, so "y is in the set" and "s(x, y) ≤ q̂" are the same comparison of the
 * same doubles, for calibration and for new rows.
 */
public final class SetScores {
    private SetScores() {
    }

    /** The set constructions. */
    public enum Method {
        LAC("lac"), APS("aps");

        private final String id;

        Method(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static Method fromId(String id) {
            for (Method m : values()) {
                if (m.id.equals(id)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown prediction-set method '" + id + "'; known: lac, aps");
        }
    }

    /** Softmax of one row of logits, in double (max-subtracted). */
    public static double[] softmax(float[] logits, int offset, int classes) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            max = Math.max(max, logits[offset + c]);
        }
        if (!Double.isFinite(max)) {
            throw new IllegalArgumentException("logits of a row are not finite (max " + max + ")");
        }
        double[] p = new double[classes];
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            p[c] = Math.exp(logits[offset + c] - max);
            sum += p[c];
        }
        for (int c = 0; c < classes; c++) {
            p[c] /= sum;
        }
        return p;
    }

    /** s(x, y) of one label. */
    public static double score(Method m, double[] p, int label) {
        return switch (m) {
            case LAC -> 1.0 - p[label];
            case APS -> apsMass(p, p[label]);
        };
    }

    /** The set of a row at threshold q̂: its size and whether it holds {@code label} (label &lt; 0: no label). */
    public record Set(int size, boolean covers) {
    }

    public static Set set(Method m, double[] p, int label, double threshold) {
        switch (m) {
            case LAC -> {
                int size = 0;
                for (double v : p) {
                    if (1.0 - v <= threshold) {
                        size++;
                    }
                }
                return new Set(size, label >= 0 && 1.0 - p[label] <= threshold);
            }
            case APS -> {
                // the set is a prefix of the classes by probability: every tie group whose mass (with all above
                // it) is ≤ q̂; a heap yields them largest first without sorting the whole row
                Descending d = new Descending(candidates(p, threshold));
                int size = 0;
                double cum = 0;
                while (d.hasNext()) {
                    double v = d.peek();
                    int count = 0;
                    double group = 0;
                    while (d.hasNext() && d.peek() == v) {
                        group += d.pop();
                        count++;
                    }
                    if (cum + group > threshold) {
                        break;
                    }
                    cum += group;
                    size += count;
                }
                // below the floor a label's mass is above q̂ for certain: no sort needed
                return new Set(size, label >= 0 && p[label] >= floor(threshold, p.length)
                        && apsMass(p, p[label]) <= threshold);
            }
            default -> throw new AssertionError(m);
        }
    }

    /** The labels in a row's set, most probable first (ties by class index). */
    public static int[] members(Method m, double[] p, double threshold) {
        Integer[] order = new Integer[p.length];
        for (int c = 0; c < p.length; c++) {
            order[c] = c;
        }
        Arrays.sort(order, (a, b) -> p[a] != p[b] ? Double.compare(p[b], p[a]) : Integer.compare(a, b));
        int size = set(m, p, -1, threshold).size();
        if (m == Method.LAC) {
            return Arrays.stream(order).filter(c -> 1.0 - p[c] <= threshold).mapToInt(Integer::intValue).toArray();
        }
        int[] out = new int[size];
        for (int i = 0; i < size; i++) {
            out[i] = order[i];
        }
        return out;
    }

    /**
     * Below this probability a class is in no APS set of threshold q̂: its mass S ≥ 1 − (C − 1)·p &gt; q̂ + (1 − q̂)/2.
     * The margin (1 − q̂)/2 is far above the rounding of the sums; near q̂ = 1 every class is a candidate.
     */
    private static double floor(double threshold, int classes) {
        return threshold >= 1 - 1e-9 ? 0 : (1 - threshold) / (2.0 * classes);
    }

    /**
     * The probabilities that can be in an APS set of threshold q̂. Sorting only these is enough: the set is a prefix
     * of the sorted classes, and a prefix of the sorted candidates sums exactly as the same prefix of all classes.
     */
    private static double[] candidates(double[] p, double threshold) {
        double t = floor(threshold, p.length);
        int n = 0;
        for (double v : p) {
            if (v >= t) {
                n++;
            }
        }
        if (n == p.length) {
            return p;
        }
        double[] c = new double[n];
        int k = 0;
        for (double v : p) {
            if (v >= t) {
                c[k++] = v;
            }
        }
        return c;
    }

    /**
     * Σ of the probabilities ≥ v, summed in descending order, whole tie groups at a time (as {@link #set}): only the
     * classes at least as likely as v are sorted.
     */
    private static double apsMass(double[] p, double v) {
        int n = 0;
        for (double x : p) {
            if (x >= v) {
                n++;
            }
        }
        double[] c = new double[n];
        int k = 0;
        for (double x : p) {
            if (x >= v) {
                c[k++] = x;
            }
        }
        Descending d = new Descending(c);
        double cum = 0;
        while (d.hasNext()) {
            double top = d.peek();
            double group = 0;
            while (d.hasNext() && d.peek() == top) {
                group += d.pop();
            }
            cum += group;
        }
        return cum;
    }

    /**
     * Values from the largest down (a binary max-heap on a copy): a set needs only its first classes, so the
     * cost is O(C + set size · log C) instead of a sort of the row. Equal values come out one after another, and
     * adding equal values gives the same sum in any order, so the sums equal those of a full descending sort.
     */
    private static final class Descending {
        private final double[] h;
        private int size;

        Descending(double[] values) {
            h = values.clone();
            size = h.length;
            for (int i = size / 2 - 1; i >= 0; i--) {
                down(i);
            }
        }

        boolean hasNext() {
            return size > 0;
        }

        double peek() {
            return h[0];
        }

        double pop() {
            double top = h[0];
            h[0] = h[--size];
            down(0);
            return top;
        }

        private void down(int i) {
            double v = h[i];
            while (true) {
                int c = 2 * i + 1;
                if (c >= size) {
                    break;
                }
                if (c + 1 < size && h[c + 1] > h[c]) {
                    c++;
                }
                if (h[c] <= v) {
                    break;
                }
                h[i] = h[c];
                i = c;
            }
            h[i] = v;
        }
    }
}
