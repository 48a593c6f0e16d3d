package dev.fewshot.core.io;

import dev.fewshot.core.InvalidInputException;

/**
 * An n-dimensional array read from a .npy file: dtype, C-order shape and the elements in one
 * primitive array ({@code float[]}, {@code double[]}, {@code int[]} or {@code long[]} by dtype).
 * Immutable: the {@code to*Array} accessors always return fresh arrays.
 */
public final class NpyArray {
    private final String source;
    private final NpyDtype dtype;
    private final int[] shape;
    private final Object data;

    NpyArray(String source, NpyDtype dtype, int[] shape, Object data) {
        this.source = source;
        this.dtype = dtype;
        this.shape = shape.clone();
        this.data = data;
    }

    /** The file this came from, used as the input name in errors. */
    public String source() {
        return source;
    }

    public NpyDtype dtype() {
        return dtype;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int ndim() {
        return shape.length;
    }

    public int dim(int axis) {
        return shape[axis];
    }

    public long elementCount() {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** Python-style shape, e.g. {@code (3, 4)} or {@code (5,)}, for messages. */
    public String shapeString() {
        return NpyHeader.shapeString(shape);
    }

    /** float32 copied, float64 narrowed to float (values beyond float range become infinite). */
    public float[] toFloatArray() {
        switch (dtype) {
            case FLOAT32:
                return ((float[]) data).clone();
            case FLOAT64: {
                double[] src = (double[]) data;
                float[] out = new float[src.length];
                for (int i = 0; i < src.length; i++) {
                    out[i] = (float) src[i];
                }
                return out;
            }
            default:
                throw wrongKind("floating-point data (float32 or float64)");
        }
    }

    /** float32 widened exactly, float64 copied. */
    public double[] toDoubleArray() {
        switch (dtype) {
            case FLOAT64:
                return ((double[]) data).clone();
            case FLOAT32: {
                float[] src = (float[]) data;
                double[] out = new double[src.length];
                for (int i = 0; i < src.length; i++) {
                    out[i] = src[i];
                }
                return out;
            }
            default:
                throw wrongKind("floating-point data (float32 or float64)");
        }
    }

    /** int32 copied; int64 checked to fit in int, else {@link InvalidInputException} naming the index. */
    public int[] toIntArray() {
        switch (dtype) {
            case INT32:
                return ((int[]) data).clone();
            case INT64: {
                long[] src = (long[]) data;
                int[] out = new int[src.length];
                for (int i = 0; i < src.length; i++) {
                    long v = src[i];
                    if (v != (int) v) {
                        throw new InvalidInputException(source, "value " + v + " at index " + i
                                + " does not fit in a 32-bit int");
                    }
                    out[i] = (int) v;
                }
                return out;
            }
            default:
                throw wrongKind("integer data (int32 or int64)");
        }
    }

    /** int32 widened, int64 copied. */
    public long[] toLongArray() {
        switch (dtype) {
            case INT64:
                return ((long[]) data).clone();
            case INT32: {
                int[] src = (int[]) data;
                long[] out = new long[src.length];
                for (int i = 0; i < src.length; i++) {
                    out[i] = src[i];
                }
                return out;
            }
            default:
                throw wrongKind("integer data (int32 or int64)");
        }
    }

    /** The backing float32 array without a copy; lets FeatureFiles avoid doubling memory on big files. */
    float[] floatsNoCopy() {
        return dtype == NpyDtype.FLOAT32 ? (float[]) data : toFloatArray();
    }

    /** The raw primitive array; package-private so callers cannot mutate this "immutable" value. */
    Object rawData() {
        return data;
    }

    private InvalidInputException wrongKind(String expected) {
        return new InvalidInputException(source, "expected " + expected + ", got " + dtype.numpyName());
    }

    @Override
    public String toString() {
        return "NpyArray[" + dtype.numpyName() + " " + shapeString() + " from " + source + "]";
    }
}
