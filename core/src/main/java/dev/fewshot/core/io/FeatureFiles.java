package dev.fewshot.core.io;

import dev.fewshot.core.InvalidInputException;
import dev.fewshot.core.linalg.FloatMatrix;
import java.nio.file.Path;

/**
 * Validated loaders for feature matrices and label vectors. Everything a head would choke on later
 * (wrong rank, NaN, negative labels, mismatched row counts) is rejected here, with the file named,
 * so the user sees the cause instead of a NaN accuracy.
 */
public final class FeatureFiles {
    private FeatureFiles() {
    }

    /**
     * Reads a 2-D [N, D] float32 or float64 matrix (float64 is narrowed to float32), N, D >= 1,
     * all values finite. Optionally L2-normalises rows, as CLIP heads expect.
     */
    public static FloatMatrix readMatrix(Path file, boolean l2Normalize) {
        NpyArray a = Npy.read(file);
        String src = file.toString();
        if (a.ndim() != 2) {
            throw new InvalidInputException(src, "expected a 2-D [N, D] matrix, got shape " + a.shapeString());
        }
        if (!a.dtype().isFloatingPoint()) {
            throw new InvalidInputException(src, "expected float32 or float64 features, got " + a.dtype().numpyName()
                    + "; save with x.astype(np.float32)");
        }
        int rows = a.dim(0);
        int cols = a.dim(1);
        if (rows < 1 || cols < 1) {
            throw new InvalidInputException(src, "matrix is empty: shape " + a.shapeString()
                    + ", need at least one row and one column");
        }
        if (a.dtype() == NpyDtype.FLOAT64) {
            checkFitsFloat(src, (double[]) a.rawData(), cols);
        }
        float[] data = a.floatsNoCopy();
        checkFinite(src, data, cols);
        FloatMatrix m = new FloatMatrix(rows, cols, data);
        return l2Normalize ? m.l2NormalizeRows() : m;
    }

    /**
     * Reads class labels: int32 or int64, shape [N] or [N, 1], N >= 1, no negatives, each fitting
     * in an int.
     */
    public static int[] readLabels(Path file) {
        NpyArray a = Npy.read(file);
        String src = file.toString();
        boolean column = a.ndim() == 2 && a.dim(1) == 1;
        if (a.ndim() != 1 && !column) {
            throw new InvalidInputException(src, "expected a 1-D [N] label vector (or [N, 1]), got shape "
                    + a.shapeString());
        }
        if (a.dtype().isFloatingPoint()) {
            throw new InvalidInputException(src, "expected int32 or int64 labels, got " + a.dtype().numpyName()
                    + "; save with y.astype(np.int64)");
        }
        int[] labels = a.toIntArray();
        if (labels.length == 0) {
            throw new InvalidInputException(src, "label file is empty: shape " + a.shapeString());
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) {
                throw new InvalidInputException(src, "negative label " + labels[i] + " at index " + i
                        + "; labels must be class indices 0, 1, 2, ...");
            }
        }
        return labels;
    }

    /** Fails unless there is exactly one label per feature row. */
    public static void checkRowsMatch(Path xFile, FloatMatrix x, Path yFile, int[] y) {
        if (x.rows() != y.length) {
            throw new InvalidInputException(yFile.toString(), "has " + y.length + " labels but " + xFile
                    + " has " + x.rows() + " rows; they must match one to one");
        }
    }

    /** Fails unless both matrices have the same feature dimension (e.g. support vs query, same CLIP model). */
    public static void checkSameDim(Path aFile, FloatMatrix a, Path bFile, FloatMatrix b) {
        if (a.cols() != b.cols()) {
            throw new InvalidInputException(bFile.toString(), "has feature dimension " + b.cols() + " but " + aFile
                    + " has " + a.cols() + "; were they embedded with the same model?");
        }
    }

    /** Reads features and labels together and checks they line up: the usual CLI pairing. */
    public static LabeledFeatures readLabeled(Path xFile, Path yFile, boolean l2Normalize) {
        FloatMatrix x = readMatrix(xFile, l2Normalize);
        int[] y = readLabels(yFile);
        checkRowsMatch(xFile, x, yFile, y);
        return new LabeledFeatures(x, y);
    }

    /** Features with one label per row. */
    public record LabeledFeatures(FloatMatrix x, int[] y) {
    }

    private static void checkFinite(String src, float[] data, int cols) {
        for (int i = 0; i < data.length; i++) {
            float v = data[i];
            if (!Float.isFinite(v)) {
                String what = Float.isNaN(v) ? "NaN" : v > 0 ? "+Inf" : "-Inf";
                throw new InvalidInputException(src, "contains " + what + " at row " + (i / cols) + ", column "
                        + (i % cols) + " (0-based); features must be finite");
            }
        }
    }

    /** A finite float64 beyond float range would turn into Inf; say so rather than report a phantom Inf. */
    private static void checkFitsFloat(String src, double[] data, int cols) {
        for (int i = 0; i < data.length; i++) {
            double v = data[i];
            if (Double.isFinite(v) && Math.abs(v) > Float.MAX_VALUE) {
                throw new InvalidInputException(src, "value " + v + " at row " + (i / cols) + ", column "
                        + (i % cols) + " (0-based) is too large for float32");
            }
        }
    }
}
