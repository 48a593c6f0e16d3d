package dev.fewshot.core.conformal;

/** The miscoverage level α of every conformal promise: a number in (0, 1). */
public final class Alpha {
    /** The level when a request does not say. */
    public static final double DEFAULT = 0.05;

    private Alpha() {
    }

    public static double checked(double alpha) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be a number in (0, 1), got " + alpha);
        }
        return alpha;
    }
}
