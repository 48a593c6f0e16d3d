package dev.fewshot.core.metrics;

/**
 * OOD detection metrics with ID as the positive class and scores "higher = more in-distribution".
 * Exact definitions, tie handling and the FPR@95 threshold rule are in docs/metrics.md.
 *
 * @param auroc Mann–Whitney AUROC, ties counted one half
 * @param fpr95 fraction of OOD scores ≥ the k-th largest ID score, k = ceil(0.95·n)
 * @param auprIn average precision (sklearn step-wise) with ID positive
 * @param auprOut average precision with OOD positive and negated scores
 * @param fpr95OodPositive OpenOOD's FPR@95: fraction of ID scores ≤ the k-th smallest OOD score, k = ceil(0.95·m)
 */
public record OodMetrics(double auroc, double fpr95, double auprIn, double auprOut, double fpr95OodPositive) {

    /**
     * All four metrics from one sort of the scores.
     *
     * @throws IllegalArgumentException if either array is null, empty or holds a NaN
     */
    public static OodMetrics of(double[] idScores, double[] oodScores) {
        RankedScores r = RankedScores.of(idScores, oodScores);
        return new OodMetrics(r.auroc(), r.fpr95(), r.auprIn(), r.auprOut(), r.fpr95OodPositive());
    }

    /** See {@link RankedScores#auroc()}. */
    public static double auroc(double[] idScores, double[] oodScores) {
        return RankedScores.of(idScores, oodScores).auroc();
    }

    /** See {@link RankedScores#fpr95()}. */
    public static double fpr95(double[] idScores, double[] oodScores) {
        return RankedScores.of(idScores, oodScores).fpr95();
    }

    /** See {@link RankedScores#fpr95OodPositive()}. */
    public static double fpr95OodPositive(double[] idScores, double[] oodScores) {
        return RankedScores.of(idScores, oodScores).fpr95OodPositive();
    }

    /** See {@link RankedScores#auprIn()}. */
    public static double auprIn(double[] idScores, double[] oodScores) {
        return RankedScores.of(idScores, oodScores).auprIn();
    }

    /** See {@link RankedScores#auprOut()}. */
    public static double auprOut(double[] idScores, double[] oodScores) {
        return RankedScores.of(idScores, oodScores).auprOut();
    }
}
