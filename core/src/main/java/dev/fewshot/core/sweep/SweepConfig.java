package dev.fewshot.core.sweep;

import dev.fewshot.core.conformal.Alpha;
import dev.fewshot.core.heads.HeadKind;
import dev.fewshot.core.heads.gaussian.Shrinkage;
import dev.fewshot.core.metrics.Bootstrap;
import dev.fewshot.core.ood.OodScore;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a sweep runs: shots, seeds, heads, OOD scores and head options.
 *
 * @param linearC           fixed C for both linear probes, or null to choose it by CV (K ≥ 2)
 * @param gaussianShrinkage how the Gaussian head shrinks its covariance
 * @param linearMaxIter     L-BFGS iteration cap for the linear probes
 * @param bootstrap         resamples behind each result's 95% intervals ({@link Bootstrap}); 0 turns them off
 * @param alpha             level of the conformal promises ({@link Alpha}), in (0, 1)
 */
public record SweepConfig(List<Integer> shots, List<Long> seeds, List<HeadKind> heads, Set<OodScore> scores,
                          Double linearC, Shrinkage gaussianShrinkage, int linearMaxIter, int bootstrap, double alpha) {

    /** The same with the default bootstrap ({@link Bootstrap#DEFAULT_RESAMPLES}) and α ({@link Alpha#DEFAULT}). */
    public SweepConfig(List<Integer> shots, List<Long> seeds, List<HeadKind> heads, Set<OodScore> scores,
                       Double linearC, Shrinkage gaussianShrinkage, int linearMaxIter) {
        this(shots, seeds, heads, scores, linearC, gaussianShrinkage, linearMaxIter, Bootstrap.DEFAULT_RESAMPLES,
                Alpha.DEFAULT);
    }

    /** The most (head, K, seed) steps one sweep may plan: a request for more is refused, not queued for days. */
    public static final long MAX_STEPS = 100_000;
    /** The most L-BFGS iterations a request may ask for. */
    public static final int MAX_ITER_LIMIT = 100_000;

    /**
     * Checks and normalises: repeated shots, seeds and heads are dropped (first occurrence kept), every head must
     * have at least one of the OOD scores that applies to it, and the plan must stay under {@link #MAX_STEPS}.
     */
    public SweepConfig {
        if (shots == null || seeds == null || heads == null || scores == null) {
            throw new IllegalArgumentException("shots, seeds, heads and OOD scores must each name at least one value");
        }
        if (hasNull(shots) || hasNull(seeds) || hasNull(heads) || hasNull(scores)) {
            throw new IllegalArgumentException("shots, seeds, heads and OOD scores must not hold null values");
        }
        shots = List.copyOf(new LinkedHashSet<>(shots));
        seeds = List.copyOf(new LinkedHashSet<>(seeds));
        heads = List.copyOf(new LinkedHashSet<>(heads));
        scores = scores.isEmpty() ? EnumSet.noneOf(OodScore.class) : EnumSet.copyOf(scores);
        for (int k : shots) {
            if (k < 0) {
                throw new IllegalArgumentException("shots must be >= 0, got " + k);
            }
        }
        if (shots.isEmpty() || seeds.isEmpty() || heads.isEmpty() || scores.isEmpty()) {
            throw new IllegalArgumentException("shots, seeds, heads and OOD scores must each name at least one value");
        }
        for (HeadKind h : heads) {
            Set<OodScore> applicable = EnumSet.noneOf(OodScore.class);
            for (OodScore s : OodScore.values()) {
                if (s.appliesTo(h)) {
                    applicable.add(s);
                }
            }
            if (java.util.Collections.disjoint(applicable, scores)) {
                throw new IllegalArgumentException("no OOD score of " + scores + " applies to head " + h.id()
                        + " (it has " + applicable + "), so it could produce no result rows");
            }
        }
        long steps = (long) shots.size() * seeds.size() * heads.size();
        if (steps > MAX_STEPS) {
            throw new IllegalArgumentException(shots.size() + " shots x " + seeds.size() + " seeds x " + heads.size()
                    + " heads = " + steps + " steps; at most " + MAX_STEPS + " are allowed");
        }
        if (linearC != null && !(linearC > 0 && Double.isFinite(linearC))) {
            throw new IllegalArgumentException("linear C must be a finite number > 0, got " + linearC);
        }
        if (bootstrap != 0 && (bootstrap < 2 || bootstrap > Bootstrap.MAX_RESAMPLES)) {
            throw new IllegalArgumentException("bootstrap resamples must be 0 (off) or in [2, "
                    + Bootstrap.MAX_RESAMPLES + "], got " + bootstrap);
        }
        Alpha.checked(alpha);
        if (linearMaxIter < 1 || linearMaxIter > MAX_ITER_LIMIT) {
            throw new IllegalArgumentException("linear max iterations must be in [1, " + MAX_ITER_LIMIT + "], got "
                    + linearMaxIter);
        }
    }

    /** List.of(...).contains(null) throws: look element by element. */
    private static boolean hasNull(java.util.Collection<?> values) {
        for (Object v : values) {
            if (v == null) {
                return true;
            }
        }
        return false;
    }

    /** What a run request or {@code fewshot sweep} that names nothing runs ({@link SweepDefaults}). */
    public static SweepConfig defaults() {
        return new SweepConfig(SweepDefaults.shots(), SweepDefaults.seeds(), SweepDefaults.heads(),
                SweepDefaults.oodScores(), null, SweepDefaults.gaussianShrinkage(),
                dev.fewshot.core.heads.linear.SolverOptions.DEFAULT_MAX_ITER);
    }

    public SweepConfig withHeads(List<HeadKind> h) {
        return new SweepConfig(shots, seeds, h, scores, linearC, gaussianShrinkage, linearMaxIter, bootstrap, alpha);
    }

    public SweepConfig withBootstrap(int resamples) {
        return new SweepConfig(shots, seeds, heads, scores, linearC, gaussianShrinkage, linearMaxIter, resamples, alpha);
    }

    public SweepConfig withAlpha(double a) {
        return new SweepConfig(shots, seeds, heads, scores, linearC, gaussianShrinkage, linearMaxIter, bootstrap, a);
    }
}
