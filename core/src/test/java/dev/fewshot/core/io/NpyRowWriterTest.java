package dev.fewshot.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyRowWriterTest {
    @TempDir
    Path dir;

    @Test
    void rowsAppendedInPiecesReadBackAsOneArray() {
        Path p = dir.resolve("x.npy");
        float[] all = new float[5 * 6];
        for (int i = 0; i < all.length; i++) {
            all[i] = i * 0.5f - 3;
        }
        try (Npy.RowWriter w = Npy.rowWriter(p, 2, 3)) {
            w.append(all, 0, 2);
            w.append(FloatBuffer.wrap(all, 12, 18).slice(), 3);
            assertEquals(5, w.rows());
            w.finish();
        }
        NpyArray a = Npy.read(p);
        assertArrayEquals(new int[] {5, 2, 3}, a.shape());
        assertArrayEquals(all, a.toFloatArray());
    }

    @Test
    void manyRowsFitThePaddedHeaderAndNoRowsIsAnEmptyArray() {
        Path p = dir.resolve("many.npy");
        try (Npy.RowWriter w = Npy.rowWriter(p, 1)) {
            float[] chunk = new float[250_000];
            for (int i = 0; i < 5; i++) {
                w.append(chunk, 0, chunk.length);
            }
            w.finish();
        }
        assertArrayEquals(new int[] {1_250_000, 1}, Npy.read(p).shape());
        Path empty = dir.resolve("empty.npy");
        try (Npy.RowWriter w = Npy.rowWriter(empty, 4)) {
            w.finish();
        }
        assertArrayEquals(new int[] {0, 4}, Npy.read(empty).shape());
    }

    @Test
    void closingWithoutFinishLeavesNothing() throws Exception {
        Path p = dir.resolve("partial.npy");
        try (Npy.RowWriter w = Npy.rowWriter(p, 3)) {
            w.append(new float[9], 0, 3);
        }
        assertFalse(Files.exists(p));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(0, s.count(), "no temp file left");
        }
    }
}
