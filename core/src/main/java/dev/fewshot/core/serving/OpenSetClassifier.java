package dev.fewshot.core.serving;

import dev.fewshot.core.conformal.Alpha;
import dev.fewshot.core.conformal.PValues;
import dev.fewshot.core.conformal.SetScores;
import dev.fewshot.core.conformal.SplitQuantile;
import dev.fewshot.core.heads.Head;
import dev.fewshot.core.linalg.FloatMatrix;
import dev.fewshot.core.linalg.Gemm;
import dev.fewshot.core.ood.OodScore;
import dev.fewshot.core.ood.ScoredRows;
import dev.fewshot.core.ood.Scorer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Classifies one embedding with a fitted head and says "unknown" when its OOD score falls below
 * the threshold: the 95%-TPR operating point of the run, so that 95% of in-distribution test images
 * were accepted. The score comes from the same {@link Scorer} as the evaluation, so a vector scored
 * here gets exactly the number it would get in a run.
 */
public final class OpenSetClassifier {
    private final Scorer scorer;
    private final Gemm gemm;

    public OpenSetClassifier(Gemm gemm) {
        this.gemm = gemm;
        this.scorer = new Scorer(gemm);
    }

    /** One class and its softmax probability. */
    public record Ranked(int classIndex, double probability) {
    }

    /**
     * @param top       the {@code topK} most probable classes, most probable first
     * @param score     the OOD score (higher = more in-distribution)
     * @param known     score ≥ threshold
     */
    public record Result(List<Ranked> top, double score, double threshold, boolean known) {
    }

    /**
     * @throws IllegalArgumentException if the vector's dimension does not fit the head or the score
     *                                  does not apply to the head (e.g. Mahalanobis on a linear head)
     */
    public Result classify(Head head, float[] vector, OodScore score, double threshold, int topK) {
        if (vector.length != head.dim()) {
            throw new IllegalArgumentException("the vector has " + vector.length + " dimensions, the head expects "
                    + head.dim());
        }
        if (!score.appliesTo(head)) {
            throw new IllegalArgumentException("OOD score " + score.id() + " does not apply to the "
                    + head.kind().id() + " head");
        }
        FloatMatrix x = new FloatMatrix(1, vector.length, vector.clone());
        ScoredRows scored = scorer.score(head, x, EnumSet.of(score));
        double s = scored.score(score)[0];
        return new Result(top(head.logits(x, gemm).row(0), topK), s, threshold, s >= threshold);
    }

    /** The k largest logits with their softmax probabilities (max-shifted, in double). */
    static List<Ranked> top(float[] logits, int k) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] p = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        List<Ranked> out = new ArrayList<>(k);
        boolean[] taken = new boolean[logits.length];
        for (int r = 0; r < Math.min(k, logits.length); r++) {
            int best = -1;
            for (int i = 0; i < logits.length; i++) {
                // Ranked by logit: probabilities that underflow to 0 would tie.
                if (!taken[i] && (best < 0 || logits[i] > logits[best])) {
                    best = i;
                }
            }
            taken[best] = true;
            out.add(new Ranked(best, p[best] / sum));
        }
        return out;
    }

    /**
     * The run's conformal answer for one vector (docs/conformal.md): the p-value of its OOD score against the
     * calibration rows, known when p &gt; α, and the prediction set at level α.
     *
     * @param set the labels in the prediction set with their probabilities, most probable first (empty: none of
     *            the known classes)
     */
    public record ConformalAnswer(double alpha, double pValue, boolean known, int calibrationRows,
                                  SetScores.Method method, double setThreshold, List<Ranked> set) {
    }

    /**
     * @param calibration      the run's calibration scores of this head and OOD score
     * @param setCalibration   the run's calibration nonconformity of this head and set method, ascending
     * @throws IllegalArgumentException as {@link #classify}, or for α outside (0, 1)
     */
    public ConformalAnswer conformal(Head head, float[] vector, OodScore score, PValues calibration,
                                     SetScores.Method method, double[] setCalibration, double alpha) {
        Alpha.checked(alpha);
        return conformal(head, vector, classify(head, vector, score, Double.NEGATIVE_INFINITY, 1).score(), calibration,
                method, setCalibration, alpha);
    }

    /**
     * The same for a vector whose OOD score is known already (from {@link #classify}), so the head's product for
     * the score is not computed twice.
     */
    public ConformalAnswer conformal(Head head, float[] vector, double score, PValues calibration,
                                     SetScores.Method method, double[] setCalibration, double alpha) {
        Alpha.checked(alpha);
        double pValue = calibration.pValue(score);
        double q = SplitQuantile.ofSorted(setCalibration, alpha);
        float[] logits = head.logits(new FloatMatrix(1, vector.length, vector.clone()), gemm).row(0);
        double[] p = SetScores.softmax(logits, 0, logits.length);
        List<Ranked> set = new ArrayList<>();
        for (int c : SetScores.members(method, p, q)) {
            set.add(new Ranked(c, p[c]));
        }
        return new ConformalAnswer(alpha, pValue, pValue > alpha, calibration.size(), method, q, set);
    }
}
