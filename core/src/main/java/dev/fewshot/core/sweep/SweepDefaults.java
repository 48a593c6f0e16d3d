package dev.fewshot.core.sweep;

import dev.fewshot.core.heads.HeadKind;
import dev.fewshot.core.heads.gaussian.Shrinkage;
import dev.fewshot.core.ood.OodScore;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The study's defaults, the one place the run request ({@code RunRequest.withDefaults}), the CLI's options and
 * {@link SweepConfig#defaults()} take them from (docs/messages.md). The comma-separated forms are compile-time
 * constants so that command-line options can name them as their default values; the lists are parsed from them.
 * Bootstrap resamples, α and the solver's iteration cap are defined beside what they tune
 * ({@code Bootstrap.DEFAULT_RESAMPLES}, {@code Alpha.DEFAULT}, {@code SolverOptions.DEFAULT_MAX_ITER}).
 */
public final class SweepDefaults {
    /** K values: zero-shot and 1 to 16 shots per class, as the reference study. */
    public static final String SHOTS = "0,1,2,4,8,16";
    /** Sampling seeds of the support sets. */
    public static final String SEEDS = "0,1,2";
    /** The study's four heads and the zero-shot-anchored probe; the others are opt-in. */
    public static final String HEADS = "zero-shot,linear,linear-zs,prototype,gaussian";
    /** The logit and feature scores every head of the study has; rmds, knn and neglabel are opt-in. */
    public static final String OOD_SCORES = "msp,maxlogit,energy,maxcos,mcm,mahalanobis";
    /** The Gaussian head's covariance shrinkage. */
    public static final String GAUSSIAN_SHRINKAGE = "auto";

    private SweepDefaults() {
    }

    public static List<Integer> shots() {
        return split(SHOTS).stream().map(Integer::valueOf).toList();
    }

    public static List<Long> seeds() {
        return split(SEEDS).stream().map(Long::valueOf).toList();
    }

    /** Head ids, in plan order. */
    public static List<String> headIds() {
        return split(HEADS);
    }

    /** OOD score ids, in the order the request lists them. */
    public static List<String> oodScoreIds() {
        return split(OOD_SCORES);
    }

    public static List<HeadKind> heads() {
        return headIds().stream().map(HeadKind::fromId).toList();
    }

    public static Set<OodScore> oodScores() {
        Set<OodScore> out = EnumSet.noneOf(OodScore.class);
        oodScoreIds().forEach(s -> out.add(OodScore.fromId(s)));
        return out;
    }

    public static Shrinkage gaussianShrinkage() {
        return Shrinkage.parse(GAUSSIAN_SHRINKAGE);
    }

    private static List<String> split(String csv) {
        return List.copyOf(Arrays.asList(csv.split(",")));
    }
}
