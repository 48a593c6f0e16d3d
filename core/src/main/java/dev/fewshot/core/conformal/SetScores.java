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
            case APS -> apsMass(descending(p), p[label]);
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
                double[] d = descending(p);
                // the set is a prefix of the classes by probability: every tie group whose mass (with all above
                // it) is ≤ q̂
                int size = 0;
                double cum = 0;
                int i = 0;
                while (i < d.length) {
                    int j = i;
                    double group = 0;
                    while (j < d.length && d[j] == d[i]) {
                        group += d[j];
                        j++;
                    }
                    if (cum + group > threshold) {
                        break;
                    }
                    cum += group;
                    size = j;
                    i = j;
                }
                return new Set(size, label >= 0 && apsMass(d, p[label]) <= threshold);
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

    /** Probabilities sorted descending. */
    private static double[] descending(double[] p) {
        double[] d = p.clone();
        Arrays.sort(d);
        for (int i = 0, j = d.length - 1; i < j; i++, j--) {
            double t = d[i];
            d[i] = d[j];
            d[j] = t;
        }
        return d;
    }

    /** Σ of probabilities ≥ v, summed in descending order, whole tie groups at a time (as {@link #set}). */
    private static double apsMass(double[] d, double v) {
        double cum = 0;
        int i = 0;
        while (i < d.length && d[i] >= v) {
            int j = i;
            double group = 0;
            while (j < d.length && d[j] == d[i]) {
                group += d[j];
                j++;
            }
            cum += group;
            i = j;
        }
        return cum;
    }
}
