package dev.fewshot.core.sweep;

import dev.fewshot.core.heads.HeadKind;
import dev.fewshot.core.heads.gaussian.Shrinkage;
import dev.fewshot.core.ood.OodScore;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What a sweep runs: shots, seeds, heads, OOD scores and head options.
 *
 * @param linearC           fixed C for both linear probes, or null to choose it by CV (K ≥ 2)
 * @param gaussianShrinkage how the Gaussian head shrinks its covariance
 * @param linearMaxIter     L-BFGS iteration cap for the linear probes
 */
public record SweepConfig(List<Integer> shots, List<Long> seeds, List<HeadKind> heads, Set<OodScore> scores,
                          Double linearC, Shrinkage gaussianShrinkage, int linearMaxIter) {

    public static final List<Integer> DEFAULT_SHOTS = List.of(0, 1, 2, 4, 8, 16);
    public static final List<Long> DEFAULT_SEEDS = List.of(0L, 1L, 2L);

    public SweepConfig {
        shots = List.copyOf(shots);
        seeds = List.copyOf(seeds);
        heads = List.copyOf(heads);
        scores = scores.isEmpty() ? EnumSet.noneOf(OodScore.class) : EnumSet.copyOf(scores);
        for (int k : shots) {
            if (k < 0) {
                throw new IllegalArgumentException("shots must be >= 0, got " + k);
            }
        }
        if (shots.isEmpty() || seeds.isEmpty() || heads.isEmpty() || scores.isEmpty()) {
            throw new IllegalArgumentException("shots, seeds, heads and OOD scores must each name at least one value");
        }
        if (linearC != null && !(linearC > 0)) {
            throw new IllegalArgumentException("linear C must be > 0, got " + linearC);
        }
    }

    public static SweepConfig defaults() {
        return new SweepConfig(DEFAULT_SHOTS, DEFAULT_SEEDS, List.of(HeadKind.values()), EnumSet.allOf(OodScore.class),
                null, Shrinkage.AUTO, 100);
    }

    public SweepConfig withHeads(List<HeadKind> h) {
        return new SweepConfig(shots, seeds, h, scores, linearC, gaussianShrinkage, linearMaxIter);
    }
}
