package dev.fewshot.core.heads;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The heads fewshot fits. The id is the name used on the command line, in results and in SQL. */
public enum HeadKind {
    ZERO_SHOT("zero-shot", 1),
    LINEAR("linear", 2),
    LINEAR_ZS("linear-zs", 3),
    PROTOTYPE("prototype", 4),
    GAUSSIAN("gaussian", 5),
    /** Gaussian discriminant analysis blended with zero-shot (Wang et al., ICLR 2024); opt-in, not in the study. */
    GDA("gda", 6),
    /** Tip-Adapter's training-free cache model (Zhang et al., ECCV 2022); opt-in, not in the study. */
    TIP_ADAPTER("tip-adapter", 7);

    private final String id;
    /** Stable byte in the serialised parameter format; never reuse a retired code. */
    private final int code;

    HeadKind(String id, int code) {
        this.id = id;
        this.code = code;
    }

    public String id() {
        return id;
    }

    int code() {
        return code;
    }

    /** Whether the head needs class text embeddings. */
    public boolean needsText() {
        return this == ZERO_SHOT || this == LINEAR_ZS || this == GDA || this == TIP_ADAPTER;
    }

    /** Whether the head is fitted on K labelled shots (all but zero-shot). */
    public boolean usesShots() {
        return this != ZERO_SHOT;
    }

    public static HeadKind fromId(String id) {
        for (HeadKind k : values()) {
            if (k.id.equals(id)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown head '" + id + "'; known heads: "
                + Arrays.stream(values()).map(HeadKind::id).collect(Collectors.joining(", ")));
    }

    static HeadKind fromCode(int code) {
        for (HeadKind k : values()) {
            if (k.code == code) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown head code " + code);
    }

    @Override
    public String toString() {
        return id;
    }
}
