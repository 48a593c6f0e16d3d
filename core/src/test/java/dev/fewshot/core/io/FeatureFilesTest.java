package dev.fewshot.core.io;

import static dev.fewshot.core.io.NpyFixtures.assertInvalid;
import static dev.fewshot.core.io.NpyFixtures.fixture;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fewshot.core.linalg.FloatMatrix;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureFilesTest {
    @TempDir
    Path dir;

    @Test
    void readsMatrixAsIs() {
        FloatMatrix m = FeatureFiles.readMatrix(fixture("f4_v1.npy"), false);
        assertEquals(3, m.rows());
        assertEquals(4, m.cols());
        assertArrayEquals(new float[] {-1.0f, -0.5f, 0.0f, 0.5f}, m.row(0));
        assertArrayEquals(new float[] {3.0f, 3.5f, 4.0f, 4.5f}, m.row(2));
    }

    @Test
    void readsFloat64AsFloat() {
        FloatMatrix m = FeatureFiles.readMatrix(fixture("f8_v2.npy"), false);
        assertEquals(2, m.rows());
        assertArrayEquals(new float[] {-0.25f, 0f, 0.25f, 0.5f, 0.75f, 1f}, m.data());
    }

    @Test
    void l2NormalizesRowsWhenAsked() {
        Path p = dir.resolve("x.npy");
        Npy.writeFloat32(p, new float[] {3, 4, 0, 0, 0, 5, 0, 0, 0}, 3, 3);
        FloatMatrix m = FeatureFiles.readMatrix(p, true);
        assertArrayEquals(new float[] {0.6f, 0.8f, 0f}, m.row(0), 1e-7f);
        assertArrayEquals(new float[] {0f, 0f, 1f}, m.row(1), 1e-7f);
        assertArrayEquals(new float[] {0f, 0f, 0f}, m.row(2), "zero rows stay zero");
        assertArrayEquals(new float[] {3, 4, 0}, FeatureFiles.readMatrix(p, false).row(0));
    }

    @Test
    void rejectsNonFinite() {
        Path nan = fixture("f4_nan.npy");
        assertInvalid(nan, () -> FeatureFiles.readMatrix(nan, false), "contains NaN at row 3, column 7");
        Path inf = fixture("f4_inf.npy");
        assertInvalid(inf, () -> FeatureFiles.readMatrix(inf, true), "contains +Inf at row 1, column 2");
        Path over = fixture("f8_overflow.npy");
        assertInvalid(over, () -> FeatureFiles.readMatrix(over, false), "row 0, column 1", "too large for float32");
    }

    @Test
    void rejectsWrongShapesAndTypes() {
        Path vec = fixture("f4_1d.npy");
        assertInvalid(vec, () -> FeatureFiles.readMatrix(vec, false), "expected a 2-D [N, D] matrix, got shape (5,)");
        Path cube = fixture("f4_3d.npy");
        assertInvalid(cube, () -> FeatureFiles.readMatrix(cube, false), "got shape (2, 2, 2)");
        Path scalar = fixture("f4_scalar.npy");
        assertInvalid(scalar, () -> FeatureFiles.readMatrix(scalar, false), "got shape ()");
        Path empty = fixture("f4_empty_rows.npy");
        assertInvalid(empty, () -> FeatureFiles.readMatrix(empty, false), "empty", "(0, 4)");
        Path ints = fixture("labels_i8_2d.npy");
        assertInvalid(ints, () -> FeatureFiles.readMatrix(ints, false), "expected float32 or float64", "int64");
        Path missing = dir.resolve("missing.npy");
        assertInvalid(missing, () -> FeatureFiles.readMatrix(missing, false), "file not found");
    }

    @Test
    void readsLabels() {
        assertArrayEquals(new int[] {0, 1, 2, 1, 0, 7}, FeatureFiles.readLabels(fixture("i4_v1.npy")));
        assertArrayEquals(new int[] {3, 0, 2, 1, Integer.MAX_VALUE}, FeatureFiles.readLabels(fixture("i8_v2.npy")));
        assertArrayEquals(new int[] {2, 0, 1}, FeatureFiles.readLabels(fixture("labels_i8_2d.npy")));
    }

    @Test
    void rejectsBadLabels() {
        Path neg = fixture("labels_negative.npy");
        assertInvalid(neg, () -> FeatureFiles.readLabels(neg), "negative label -1 at index 2");
        Path big = fixture("labels_too_big.npy");
        assertInvalid(big, () -> FeatureFiles.readLabels(big), "2147483648", "does not fit");
        Path floats = fixture("labels_f4.npy");
        assertInvalid(floats, () -> FeatureFiles.readLabels(floats), "expected int32 or int64 labels, got float32");
        Path matrix = fixture("f4_v1.npy");
        assertInvalid(matrix, () -> FeatureFiles.readLabels(matrix), "expected a 1-D", "(3, 4)");
        Path empty = dir.resolve("empty.npy");
        Npy.writeInt64(empty, new long[0]);
        assertInvalid(empty, () -> FeatureFiles.readLabels(empty), "empty");
    }

    @Test
    void checksRowsAndDims() {
        Path xFile = fixture("f4_v1.npy");
        Path yFile = fixture("i4_v1.npy");
        FloatMatrix x = FeatureFiles.readMatrix(xFile, false);
        int[] y = FeatureFiles.readLabels(yFile);
        assertInvalid(yFile, () -> FeatureFiles.checkRowsMatch(xFile, x, yFile, y), "6 labels", "f4_v1.npy has 3 rows");
        FeatureFiles.checkRowsMatch(xFile, x, yFile, new int[] {0, 1, 2});

        Path qFile = fixture("f8_v1.npy");
        FloatMatrix q = FeatureFiles.readMatrix(qFile, false);
        assertInvalid(qFile, () -> FeatureFiles.checkSameDim(xFile, x, qFile, q), "dimension 3", "has 4");
        FeatureFiles.checkSameDim(xFile, x, xFile, x);
    }

    @Test
    void readsLabeledPair() {
        Path x = dir.resolve("x.npy");
        Path y = dir.resolve("y.npy");
        Npy.writeFloat32(x, new float[] {1, 0, 0, 2}, 2, 2);
        Npy.writeInt32(y, new int[] {1, 0});
        FeatureFiles.LabeledFeatures xy = FeatureFiles.readLabeled(x, y, true);
        assertArrayEquals(new float[] {1, 0, 0, 1}, xy.x().data());
        assertArrayEquals(new int[] {1, 0}, xy.y());
        Npy.writeInt32(y, new int[] {1, 0, 1});
        assertInvalid(y, () -> FeatureFiles.readLabeled(x, y, true), "3 labels", "2 rows");
    }
}
