package dev.fewshot.core.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The study's second question, "how many shots does a head need to beat zero-shot?", answered from the paired
 * comparison columns: per head × OOD score, the smallest K at which every seed is better than zero-shot on the same
 * test rows with a one-sided p-value below {@link #LEVEL} (McNemar for accuracy, DeLong for AUROC), and whether it
 * stays so at every larger K of the sweep. Requiring every seed is conservative; no correction for the number of
 * K and scores tested is applied, so read a lone significant K at a large sweep with care.
 */
public final class BeatsZeroShot {
    /** The one-sided level each paired test must pass. */
    public static final double LEVEL = 0.05;

    /**
     * @param accuracyK smallest K whose every seed is significantly more accurate than zero-shot, or null (never)
     * @param accuracyHolds whether every larger K also is
     * @param aurocK    the same for AUROC (against zero-shot's {@code zs_score})
     * @param shots     the K values the head was measured at
     */
    public record Answer(String head, String oodScore, Integer accuracyK, boolean accuracyHolds, Integer aurocK,
                         boolean aurocHolds, List<Integer> shots) {
    }

    private BeatsZeroShot() {
    }

    /** One answer per head × score that has paired columns, in {@link Summary#byHead} order. */
    public static List<Answer> of(List<ResultRow> rows) {
        Map<String, TreeMap<Integer, List<ResultRow>>> groups = new LinkedHashMap<>();
        for (Summary.Line l : Summary.byHead(Summary.of(rows))) {
            groups.computeIfAbsent(l.head() + "|" + l.oodScore(), g -> new TreeMap<>());
        }
        for (ResultRow r : rows) {
            if (r.get(ResultColumn.ZS_ACCURACY_P) != null) {
                groups.get(r.head() + "|" + r.oodScore()).computeIfAbsent(r.k(), k -> new ArrayList<>()).add(r);
            }
        }
        List<Answer> out = new ArrayList<>();
        groups.forEach((key, byK) -> {
            if (byK.isEmpty()) {
                return;
            }
            String[] parts = key.split("\\|", 2);
            boolean[] acc = beats(byK, ResultColumn.ZS_ACCURACY_P);
            boolean[] auc = beats(byK, ResultColumn.ZS_AUROC_P);
            List<Integer> shots = new ArrayList<>(byK.keySet());
            int a = first(acc), u = first(auc);
            out.add(new Answer(parts[0], parts[1], a < 0 ? null : shots.get(a), a >= 0 && holds(acc, a),
                    u < 0 ? null : shots.get(u), u >= 0 && holds(auc, u), List.copyOf(shots)));
        });
        return out;
    }

    /** Per K (ascending): does every seed pass? A seed without the p-value (too few rows) does not. */
    private static boolean[] beats(TreeMap<Integer, List<ResultRow>> byK, ResultColumn p) {
        boolean[] out = new boolean[byK.size()];
        int i = 0;
        for (List<ResultRow> seeds : byK.values()) {
            boolean all = true;
            for (ResultRow r : seeds) {
                Object v = r.get(p);
                all &= v != null && (Double) v < LEVEL;
            }
            out[i++] = all;
        }
        return out;
    }

    private static int first(boolean[] b) {
        for (int i = 0; i < b.length; i++) {
            if (b[i]) {
                return i;
            }
        }
        return -1;
    }

    private static boolean holds(boolean[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (!b[i]) {
                return false;
            }
        }
        return true;
    }

    /** "8", "8+" when it holds at every larger K, "never" (or "–" when not measured). */
    public static String label(Integer k, boolean holds, int largest) {
        if (k == null) {
            return "never";
        }
        return holds && k < largest ? k + "+" : Integer.toString(k);
    }
}
