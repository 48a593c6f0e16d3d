package dev.fewshot.core.linalg;

/**
 * A kernel set's products with the double-precision Java reductions ({@link RowSoftmax#java}, and scoring by
 * {@link RowScoring#unfused}): what a row the float reductions cannot keep falls back to, and the reference that
 * benchmarks and tests compare the fused reductions with.
 */
public record JavaReductions(Gemm inner) implements Gemm {
    @Override
    public FloatMatrix mulTransB(FloatMatrix a, FloatMatrix b) {
        return inner.mulTransB(a, b);
    }

    @Override
    public FloatMatrix mulTransA(FloatMatrix a, FloatMatrix b) {
        return inner.mulTransA(a, b);
    }

    @Override
    public FloatMatrix mul(FloatMatrix a, FloatMatrix b) {
        return inner.mul(a, b);
    }

    @Override
    public String name() {
        return inner.name() + "+java-reductions";
    }

    @Override
    public Prepared prepareTransB(FloatMatrix b) {
        return inner.prepareTransB(b);
    }

    @Override
    public RowSoftmax rowSoftmax(int classes, double scale) {
        return RowSoftmax.java(classes, scale);
    }
}
