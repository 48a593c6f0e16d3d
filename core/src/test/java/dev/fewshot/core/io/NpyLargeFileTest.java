package dev.fewshot.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fewshot.core.linalg.FloatMatrix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A CLIP-sized file (20,000 x 512 float32, 41 MB): spans many read/write chunks and must stay bit-exact. */
class NpyLargeFileTest {
    @TempDir
    Path dir;

    @Test
    void roundTrip20kBy512() throws IOException {
        int rows = 20_000;
        int cols = 512;
        float[] data = new float[rows * cols];
        SplittableRandom rnd = new SplittableRandom(42);
        for (int i = 0; i < data.length; i++) {
            data[i] = Float.intBitsToFloat(rnd.nextInt()); // every bit pattern, NaNs and subnormals included
        }
        Path p = dir.resolve("big.npy");
        long t0 = System.nanoTime();
        Npy.writeFloat32(p, new FloatMatrix(rows, cols, data));
        long t1 = System.nanoTime();
        NpyArray a = Npy.read(p);
        long t2 = System.nanoTime();
        System.out.printf("20000x512 float32: write %d ms, read %d ms%n", (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);

        assertEquals(128 + 4L * rows * cols, Files.size(p));
        assertArrayEquals(new int[] {rows, cols}, a.shape());
        float[] back = a.toFloatArray();
        for (int i = 0; i < data.length; i++) {
            if (Float.floatToRawIntBits(data[i]) != Float.floatToRawIntBits(back[i])) {
                throw new AssertionError("bit mismatch at element " + i);
            }
        }
    }
}
