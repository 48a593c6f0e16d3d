package dev.fewshot.core.ood;

import java.util.EnumMap;
import java.util.Map;

/**
 * What scoring keeps of each row: the predicted class, the max softmax probability (for the
 * confidence and calibration views) and one value per OOD score. The full logits are never kept.
 */
public final class ScoredRows {
    private final int[] predicted;
    private final double[] maxProbability;
    private final Map<OodScore, double[]> scores;

    ScoredRows(int[] predicted, double[] maxProbability, Map<OodScore, double[]> scores) {
        this.predicted = predicted;
        this.maxProbability = maxProbability;
        this.scores = new EnumMap<>(scores);
    }

    public int size() {
        return predicted.length;
    }

    public int[] predicted() {
        return predicted;
    }

    public double[] maxProbability() {
        return maxProbability;
    }

    public double[] score(OodScore s) {
        double[] v = scores.get(s);
        if (v == null) {
            throw new IllegalArgumentException("score " + s + " was not computed for these rows");
        }
        return v;
    }

    public boolean has(OodScore s) {
        return scores.containsKey(s);
    }

    /** The values of some rows, in the order given (a calibration or evaluation subset). */
    public ScoredRows select(int[] rows) {
        int[] p = new int[rows.length];
        double[] mp = new double[rows.length];
        Map<OodScore, double[]> v = new EnumMap<>(OodScore.class);
        scores.forEach((s, all) -> v.put(s, new double[rows.length]));
        for (int i = 0; i < rows.length; i++) {
            int r = rows[i];
            p[i] = predicted[r];
            mp[i] = maxProbability[r];
            for (Map.Entry<OodScore, double[]> e : v.entrySet()) {
                e.getValue()[i] = scores.get(e.getKey())[r];
            }
        }
        return new ScoredRows(p, mp, v);
    }
}
