package dev.fewshot.core.ood;

import dev.fewshot.core.heads.Head;
import dev.fewshot.core.heads.HeadKind;
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
    MAHALANOBIS("mahalanobis");

    /** MCM's temperature. */
    public static final double MCM_TEMPERATURE = 1.0;

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
            case MAHALANOBIS -> kind == HeadKind.GAUSSIAN;
        };
    }

    /** Whether this score is defined for the head. */
    public boolean appliesTo(Head head) {
        return switch (this) {
            case MSP, MAXLOGIT, ENERGY -> true;
            case MAXCOS -> head.cosineScale() > 0;
            case MCM -> head.kind() == HeadKind.ZERO_SHOT && head.cosineScale() > 0;
            case MAHALANOBIS -> !Double.isNaN(head.mahalanobisOffset());
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
