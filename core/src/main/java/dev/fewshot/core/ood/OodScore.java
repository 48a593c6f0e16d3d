package dev.fewshot.core.ood;

import dev.fewshot.core.heads.CosineLogits;
import dev.fewshot.core.heads.GaussianLogits;
import dev.fewshot.core.heads.Head;
import dev.fewshot.core.heads.HeadKind;
import dev.fewshot.core.heads.NegativeLabels;
import dev.fewshot.core.heads.SupportRows;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * OOD scores, every one "higher = more in-distribution". The id is the name used in results.
 */
public enum OodScore {
    /** log of the max softmax probability: max logit − logsumexp (MSP without float saturation). */
    MSP("msp"),
    MAXLOGIT("maxlogit"),
    /** logsumexp of the logits (negative free energy). */
    ENERGY("energy"),
    /** max cosine to a class vector; cosine heads only. */
    MAXCOS("maxcos"),
    /** log max softmax of cosine/τ, τ = 1 (Ming et al.'s MCM); zero-shot only. */
    MCM("mcm"),
    /** minus the smallest squared Mahalanobis distance; Gaussian only. */
    MAHALANOBIS("mahalanobis"),
    /**
     * Relative Mahalanobis (Ren et al. 2021): minus the smallest class distance relative to the distance to one
     * background Gaussian of all support rows, {@code −min_c(d²_c(x) − d²_0(x))}; Gaussian only.
     */
    RMDS("rmds"),
    /**
     * Deep nearest neighbours (Sun et al., ICML 2022): minus the Euclidean distance from the normalised row to its
     * k-th nearest support row ({@link #knnNeighbours}); heads that keep their support rows (tip-adapter).
     */
    KNN("knn"),
    /**
     * NegLabel (Jiang et al., ICLR 2024): the zero-shot classes' share of exp(cos/τ) against a bank of negative
     * labels mined from WordNet, averaged over groups of the bank ({@link NegLabel}); zero-shot heads with a bank.
     */
    NEGLABEL("neglabel");

    /** MCM's temperature. */
    public static final double MCM_TEMPERATURE = 1.0;

    /**
     * k of the kNN score for N support rows: max(1, round(N/1000)), Sun et al.'s ImageNet ratio (k = 1000 of 1.28 M
     * training rows, k = 10 of their 1% sample). ImageNet at 16 shots: k = 16; at 1 shot: k = 1.
     */
    public static int knnNeighbours(int supportRows) {
        return (int) Math.max(1, Math.min(supportRows, Math.round(supportRows / 1000.0)));
    }

    private final String id;

    OodScore(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /**
     * Whether this score is defined for heads of this kind, known before any head is fitted (a request whose head
     * has no applicable score would wait for result rows that cannot exist). Agrees with {@link #appliesTo(Head)}.
     */
    public boolean appliesTo(HeadKind kind) {
        return switch (this) {
            case MSP, MAXLOGIT, ENERGY -> true;
            case MAXCOS -> kind == HeadKind.ZERO_SHOT || kind == HeadKind.PROTOTYPE;
            case MCM -> kind == HeadKind.ZERO_SHOT;
            case MAHALANOBIS, RMDS -> kind == HeadKind.GAUSSIAN;
            case KNN -> kind == HeadKind.TIP_ADAPTER;
            case NEGLABEL -> kind == HeadKind.ZERO_SHOT;
        };
    }

    /**
     * Whether this score is defined for the head. A Gaussian head stored before format version 3 has no background
     * and so no RMDS, a tip-adapter head with an empty cache (K = 0) no kNN, and a zero-shot head fitted without
     * negative-label candidates (or stored before format version 3) no NegLabel.
     */
    public boolean appliesTo(Head head) {
        return switch (this) {
            case MSP, MAXLOGIT, ENERGY -> true;
            case MAXCOS -> head instanceof CosineLogits;
            case MCM -> head instanceof CosineLogits && head.kind() == HeadKind.ZERO_SHOT;
            case MAHALANOBIS -> head instanceof GaussianLogits;
            case RMDS -> head instanceof GaussianLogits g && g.background().isPresent();
            case KNN -> head instanceof SupportRows s && s.supportKeys().rows() > 0;
            case NEGLABEL -> head instanceof NegativeLabels n && head.kind() == HeadKind.ZERO_SHOT
                    && n.negativeLabels().rows() > 0;
        };
    }

    public static OodScore fromId(String id) {
        for (OodScore s : values()) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown OOD score '" + id + "'; known scores: "
                + Arrays.stream(values()).map(OodScore::id).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return id;
    }
}
