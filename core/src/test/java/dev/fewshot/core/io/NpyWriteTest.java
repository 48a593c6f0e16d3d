package dev.fewshot.core.io;

import static dev.fewshot.core.io.NpyFixtures.assertInvalid;
import static dev.fewshot.core.io.NpyFixtures.fixture;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fewshot.core.linalg.FloatMatrix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyWriteTest {
    @TempDir
    Path dir;

    /** Our writer produces the very bytes numpy's np.save does, header padding included. */
    @Test
    void bytesMatchNumpy() throws IOException {
        float[] f4 = new float[12];
        for (int i = 0; i < 12; i++) {
            f4[i] = i * 0.5f - 1.0f;
        }
        Npy.writeFloat32(dir.resolve("a.npy"), new FloatMatrix(3, 4, f4));
        assertSameBytes("f4_v1.npy", dir.resolve("a.npy"));

        Npy.writeFloat64(dir.resolve("b.npy"), new double[] {-0.25, 0.0, 0.25, 0.5, 0.75, 1.0}, 2, 3);
        assertSameBytes("f8_v1.npy", dir.resolve("b.npy"));

        Npy.writeInt32(dir.resolve("c.npy"), new int[] {0, 1, 2, 1, 0, 7});
        assertSameBytes("i4_v1.npy", dir.resolve("c.npy"));

        Npy.writeInt64(dir.resolve("d.npy"), new long[] {3, 0, 2, 1, Integer.MAX_VALUE});
        assertSameBytes("i8_v1.npy", dir.resolve("d.npy"));

        Npy.writeFloat32(dir.resolve("e.npy"), new float[] {0, 1, 2, 3, 4});
        assertSameBytes("f4_1d.npy", dir.resolve("e.npy"));

        Npy.writeFloat32(dir.resolve("f.npy"), new float[] {0, 1, 2, 3, 4, 5, 6, 7}, 2, 2, 2);
        assertSameBytes("f4_3d.npy", dir.resolve("f.npy"));

        Npy.writeFloat32(dir.resolve("g.npy"), new float[0], 0, 4);
        assertSameBytes("f4_empty_rows.npy", dir.resolve("g.npy"));
    }

    private static void assertSameBytes(String fixture, Path written) throws IOException {
        assertArrayEquals(Files.readAllBytes(fixture(fixture)), Files.readAllBytes(written), fixture);
    }

    @Test
    void float32RoundTripKeepsEveryBit() {
        float[] data = {
            0f, -0f, 1f, -1.5f, Float.MIN_VALUE, -Float.MIN_VALUE, 1e-40f, Float.MIN_NORMAL,
            Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN,
            Float.intBitsToFloat(0x7fc00001), Float.intBitsToFloat(0xffc12345),
            Float.intBitsToFloat(0x7f800001), Float.intBitsToFloat(0x7fffffff),
        };
        Path p = dir.resolve("special.npy");
        Npy.writeFloat32(p, data, 4, 4);
        NpyArray a = Npy.read(p);
        assertEquals(NpyDtype.FLOAT32, a.dtype());
        assertArrayEquals(new int[] {4, 4}, a.shape());
        assertArrayEquals(rawBits(data), rawBits(a.toFloatArray()));
        assertEquals(0x7fc00001, Float.floatToRawIntBits(a.toFloatArray()[12]), "quiet NaN payload");
        assertEquals(0x80000000, Float.floatToRawIntBits(a.toFloatArray()[1]), "-0.0");
    }

    @Test
    void float64RoundTripKeepsEveryBit() {
        double[] data = {
            0.0, -0.0, Math.PI, Double.MIN_VALUE, 1e-310, Double.MAX_VALUE, Double.NEGATIVE_INFINITY,
            Double.NaN, Double.longBitsToDouble(0x7ff8000000000001L), Double.longBitsToDouble(0xfff0000000abcdefL),
        };
        Path p = dir.resolve("special64.npy");
        Npy.writeFloat64(p, data);
        NpyArray a = Npy.read(p);
        assertEquals(NpyDtype.FLOAT64, a.dtype());
        assertArrayEquals(new int[] {10}, a.shape());
        double[] back = a.toDoubleArray();
        for (int i = 0; i < data.length; i++) {
            assertEquals(Double.doubleToRawLongBits(data[i]), Double.doubleToRawLongBits(back[i]), "index " + i);
        }
    }

    @Test
    void intRoundTrips() {
        int[] ints = {0, -1, 1, Integer.MIN_VALUE, Integer.MAX_VALUE, 42};
        Npy.writeInt32(dir.resolve("i4.npy"), ints);
        NpyArray a = Npy.read(dir.resolve("i4.npy"));
        assertEquals(NpyDtype.INT32, a.dtype());
        assertArrayEquals(ints, a.toIntArray());

        long[] longs = {0, -1, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 40};
        Npy.writeInt64(dir.resolve("i8.npy"), longs);
        NpyArray b = Npy.read(dir.resolve("i8.npy"));
        assertEquals(NpyDtype.INT64, b.dtype());
        assertArrayEquals(longs, b.toLongArray());

        Npy.writeInt64(dir.resolve("i8from4.npy"), ints);
        NpyArray c = Npy.read(dir.resolve("i8from4.npy"));
        assertEquals(NpyDtype.INT64, c.dtype());
        assertArrayEquals(ints, c.toIntArray());
    }

    @Test
    void emptyArrays() {
        Npy.writeInt64(dir.resolve("e.npy"), new long[0]);
        NpyArray a = Npy.read(dir.resolve("e.npy"));
        assertArrayEquals(new int[] {0}, a.shape());
        assertEquals(0, a.toLongArray().length);
    }

    @Test
    void headersAreAlignedAndNewlineTerminated() {
        for (int[] shape : List.of(new int[0], new int[] {1}, new int[] {50_000, 512}, new int[] {7, 1, 3, 2})) {
            for (NpyDtype t : NpyDtype.values()) {
                byte[] h = NpyHeader.encode(t, shape);
                assertEquals(0, h.length % 64, Arrays.toString(shape));
                assertEquals('\n', h[h.length - 1]);
                assertEquals(1, h[6], "version 1.0 for small headers");
            }
        }
    }

    /** Only a header over 64 KiB needs version 2.0; 30,000 axes of length 1 make one. */
    @Test
    void hugeHeaderUsesVersion2() {
        int[] shape = new int[30_000];
        Arrays.fill(shape, 1);
        byte[] h = NpyHeader.encode(NpyDtype.FLOAT32, shape);
        assertEquals(2, h[6]);
        assertEquals(0, h.length % 64);
        Path p = dir.resolve("v2.npy");
        Npy.writeFloat32(p, new float[] {3.5f}, shape);
        NpyArray a = Npy.read(p);
        assertEquals(30_000, a.ndim());
        assertArrayEquals(new float[] {3.5f}, a.toFloatArray());
    }

    @Test
    void overwritesExistingFile() {
        Path p = dir.resolve("x.npy");
        Npy.writeInt32(p, new int[] {1, 2, 3});
        Npy.writeInt32(p, new int[] {4});
        assertArrayEquals(new int[] {4}, Npy.read(p).toIntArray());
        assertNoTempFiles();
    }

    @Test
    void failedWriteLeavesNoFiles() throws IOException {
        Path target = Files.createDirectory(dir.resolve("taken.npy")); // rename over a directory fails
        assertInvalid(target, () -> Npy.writeInt32(target, new int[] {1}), "cannot write");
        assertNoTempFiles();

        Path missing = dir.resolve("no/such/dir/out.npy");
        assertInvalid(missing, () -> Npy.writeInt32(missing, new int[] {1}), "does not exist");
    }

    /** Files.createTempFile would leave the result owner-only; ours gets normal umask permissions. */
    @Test
    void writtenFileHasDefaultPermissions() throws IOException {
        Path p = dir.resolve("perm.npy");
        Npy.writeInt32(p, new int[] {1});
        Path plain = Files.write(dir.resolve("plain.bin"), new byte[] {1});
        if (Files.getFileAttributeView(p, PosixFileAttributeView.class) != null) {
            assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(p));
        }
    }

    @Test
    void shapeMustMatchData() {
        Path p = dir.resolve("bad.npy");
        assertThrows(IllegalArgumentException.class, () -> Npy.writeFloat32(p, new float[6], 4, 2));
        assertThrows(IllegalArgumentException.class, () -> Npy.writeFloat64(p, new double[0], -1, 0));
        assertTrue(Files.notExists(p));
    }

    private void assertNoTempFiles() {
        try (Stream<Path> files = Files.list(dir)) {
            List<String> leftovers = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList();
            assertTrue(leftovers.isEmpty(), "temp files left: " + leftovers);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static int[] rawBits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }
}
