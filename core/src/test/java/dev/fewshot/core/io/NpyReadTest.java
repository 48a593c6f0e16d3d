package dev.fewshot.core.io;

import static dev.fewshot.core.io.NpyFixtures.fixture;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Reads the numpy-written fixtures; expected values mirror make_fixtures.py. */
class NpyReadTest {

    @ParameterizedTest
    @ValueSource(strings = {"v1", "v2", "v3"})
    void float32(String version) {
        NpyArray a = Npy.read(fixture("f4_" + version + ".npy"));
        assertEquals(NpyDtype.FLOAT32, a.dtype());
        assertArrayEquals(new int[] {3, 4}, a.shape());
        assertEquals(12, a.elementCount());
        float[] expected = new float[12];
        for (int i = 0; i < 12; i++) {
            expected[i] = i * 0.5f - 1.0f;
        }
        assertArrayEquals(expected, a.toFloatArray());
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1", "v2", "v3"})
    void float64(String version) {
        NpyArray a = Npy.read(fixture("f8_" + version + ".npy"));
        assertEquals(NpyDtype.FLOAT64, a.dtype());
        assertArrayEquals(new int[] {2, 3}, a.shape());
        assertArrayEquals(new double[] {-0.25, 0.0, 0.25, 0.5, 0.75, 1.0}, a.toDoubleArray());
        assertArrayEquals(new float[] {-0.25f, 0.0f, 0.25f, 0.5f, 0.75f, 1.0f}, a.toFloatArray());
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1", "v2", "v3"})
    void int32(String version) {
        NpyArray a = Npy.read(fixture("i4_" + version + ".npy"));
        assertEquals(NpyDtype.INT32, a.dtype());
        assertArrayEquals(new int[] {6}, a.shape());
        assertArrayEquals(new int[] {0, 1, 2, 1, 0, 7}, a.toIntArray());
        assertArrayEquals(new long[] {0, 1, 2, 1, 0, 7}, a.toLongArray());
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1", "v2", "v3"})
    void int64(String version) {
        NpyArray a = Npy.read(fixture("i8_" + version + ".npy"));
        assertEquals(NpyDtype.INT64, a.dtype());
        assertArrayEquals(new int[] {5}, a.shape());
        assertArrayEquals(new long[] {3, 0, 2, 1, Integer.MAX_VALUE}, a.toLongArray());
        assertArrayEquals(new int[] {3, 0, 2, 1, Integer.MAX_VALUE}, a.toIntArray());
    }

    @Test
    void otherShapes() {
        NpyArray scalar = Npy.read(fixture("f4_scalar.npy"));
        assertEquals(0, scalar.ndim());
        assertEquals(1, scalar.elementCount());
        assertEquals("()", scalar.shapeString());
        assertArrayEquals(new float[] {2.5f}, scalar.toFloatArray());

        NpyArray vec = Npy.read(fixture("f4_1d.npy"));
        assertEquals("(5,)", vec.shapeString());
        assertArrayEquals(new float[] {0, 1, 2, 3, 4}, vec.toFloatArray());

        NpyArray cube = Npy.read(fixture("f4_3d.npy"));
        assertArrayEquals(new int[] {2, 2, 2}, cube.shape());
        assertEquals(7f, cube.toFloatArray()[7]);

        NpyArray empty = Npy.read(fixture("f4_empty_rows.npy"));
        assertArrayEquals(new int[] {0, 4}, empty.shape());
        assertEquals(0, empty.elementCount());
        assertEquals(0, empty.toFloatArray().length);
    }

    @Test
    void accessorsReturnCopies() {
        NpyArray a = Npy.read(fixture("f4_v1.npy"));
        a.toFloatArray()[0] = 99f;
        a.shape()[0] = 99;
        assertEquals(-1.0f, a.toFloatArray()[0]);
        assertEquals(3, a.dim(0));
    }
}
