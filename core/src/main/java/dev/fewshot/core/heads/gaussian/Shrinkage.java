package dev.fewshot.core.heads.gaussian;

/**
 * How the Gaussian head picks its shrinkage coefficient α in Σ = (1−α)·S + α·(tr S / D)·I.
 * Written on the command line as {@code auto}, {@code lw}, {@code oas} or a number in [0, 1].
 */
public record Shrinkage(Mode mode, double fixed) {

    public enum Mode { AUTO, LEDOIT_WOLF, OAS, FIXED }

    public static final Shrinkage AUTO = new Shrinkage(Mode.AUTO, Double.NaN);
    public static final Shrinkage LEDOIT_WOLF = new Shrinkage(Mode.LEDOIT_WOLF, Double.NaN);
    public static final Shrinkage OAS = new Shrinkage(Mode.OAS, Double.NaN);

    public static Shrinkage fixed(double alpha) {
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("shrinkage must be in [0, 1], got " + alpha);
        }
        return new Shrinkage(Mode.FIXED, alpha);
    }

    public static Shrinkage parse(String s) {
        switch (s.trim().toLowerCase()) {
            case "auto":
                return AUTO;
            case "lw":
            case "ledoit-wolf":
                return LEDOIT_WOLF;
            case "oas":
                return OAS;
            default:
                try {
                    return fixed(Double.parseDouble(s.trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(
                            "gaussian shrinkage '" + s + "' is not auto, lw, oas or a number in [0, 1]");
                }
        }
    }

    @Override
    public String toString() {
        return switch (mode) {
            case AUTO -> "auto";
            case LEDOIT_WOLF -> "lw";
            case OAS -> "oas";
            case FIXED -> Double.toString(fixed);
        };
    }
}
