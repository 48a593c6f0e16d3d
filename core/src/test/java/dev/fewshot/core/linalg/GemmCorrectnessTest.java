package dev.fewshot.core.linalg;

import static dev.fewshot.core.linalg.GemmTestSupport.abs;
import static dev.fewshot.core.linalg.GemmTestSupport.assertClose;
import static dev.fewshot.core.linalg.GemmTestSupport.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every implementation against {@link NaiveGemm}, on odd, tiny and degenerate shapes. */
class GemmCorrectnessTest {

    private static final double REL = 1e-5;
    private static final List<AutoCloseable> OPEN = new ArrayList<>();

    static Stream<Gemm> gemms() throws Exception {
        List<Gemm> list = new ArrayList<>();
        for (int t : new int[] {1, 2, 3}) {
            OrtGemm o = new OrtGemm(t);
            JavaGemm j = new JavaGemm(t);
            OPEN.add(o);
            OPEN.add(j);
            list.add(o);
            list.add(j);
        }
        return list.stream();
    }

    @AfterAll
    static void closeAll() throws Exception {
        for (AutoCloseable c : OPEN) {
            c.close();
        }
    }

    static final int[][] SHAPES = {
        // m, k, n
        {1, 1, 1}, {1, 512, 1000}, {1000, 512, 1}, {1, 7, 1}, {2, 3, 5}, {3, 1, 4}, {7, 13, 11},
        {17, 33, 65}, {64, 64, 64}, {129, 31, 257}, {100, 512, 37}, {5, 1000, 3}, {300, 17, 1},
        {33, 600, 129}, {4097, 9, 3},
    };

    @ParameterizedTest(name = "{0}")
    @MethodSource("gemms")
    void matchesNaiveOnAllShapes(Gemm g) {
        NaiveGemm ref = new NaiveGemm();
        Random rng = new Random(7);
        for (int[] s : SHAPES) {
            int m = s[0], k = s[1], n = s[2];
            String shape = g.name() + " m=" + m + " k=" + k + " n=" + n;
            FloatMatrix a = random(rng, m, k);
            FloatMatrix bt = random(rng, n, k);  // for A·Bᵀ
            FloatMatrix b = random(rng, k, n);   // for A·B
            FloatMatrix at = random(rng, m, k);  // for Aᵀ·B with B m×n
            FloatMatrix bm = random(rng, m, n);

            assertClose(ref.mulTransB(a, bt), g.mulTransB(a, bt),
                    ref.mulTransB(abs(a), abs(bt)), REL, "A·Bᵀ " + shape);
            assertClose(ref.mul(a, b), g.mul(a, b), ref.mul(abs(a), abs(b)), REL, "A·B " + shape);
            assertClose(ref.mulTransA(at, bm), g.mulTransA(at, bm),
                    ref.mulTransA(abs(at), abs(bm)), REL, "Aᵀ·B " + shape);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("gemms")
    void emptyShapes(Gemm g) {
        FloatMatrix r = g.mulTransB(new FloatMatrix(0, 4), new FloatMatrix(3, 4));
        assertEquals(0, r.rows());
        assertEquals(3, r.cols());
        FloatMatrix z = g.mulTransB(new FloatMatrix(2, 0), new FloatMatrix(3, 0));
        assertEquals(2, z.rows());
        assertEquals(3, z.cols());
        for (float v : z.data()) {
            assertEquals(0f, v);
        }
        assertEquals(0, g.mul(new FloatMatrix(2, 5), new FloatMatrix(5, 0)).cols());
        FloatMatrix t = g.mulTransA(new FloatMatrix(0, 3), new FloatMatrix(0, 2));
        assertEquals(3, t.rows());
        assertEquals(2, t.cols());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("gemms")
    void shapeMismatchIsRejected(Gemm g) {
        FloatMatrix a = new FloatMatrix(3, 4), b = new FloatMatrix(5, 6);
        assertThrows(IllegalArgumentException.class, () -> g.mulTransB(a, b));
        assertThrows(IllegalArgumentException.class, () -> g.mulTransA(a, b));
        assertThrows(IllegalArgumentException.class, () -> g.mul(a, b));
    }

    @Test
    void closedOrtGemmRefusesWork() throws Exception {
        OrtGemm g = new OrtGemm(1);
        g.close();
        g.close(); // idempotent
        assertThrows(IllegalStateException.class,
                () -> g.mulTransB(new FloatMatrix(2, 2), new FloatMatrix(2, 2)));
    }

    @Test
    void factoriesReturnSharedInstances() {
        Gemm d = Gemms.defaultGemm();
        assertNotNull(d);
        assertSame(d, Gemms.defaultGemm());
        assertSame(Gemms.pureJava(), Gemms.pureJava());
        // ONNX Runtime loads on this platform, so the default is the native kernel.
        assertEquals(OrtGemm.class, d.getClass());
    }

    @Test
    void onnxGraphBytesAreStable() {
        // The generated model is a pure function of its arguments (no timestamps, no ids).
        byte[] x = OnnxGraphs.gemm(false, true, new Long[] {null, 4L}, new Long[] {3L, 4L}, null);
        byte[] y = OnnxGraphs.gemm(false, true, new Long[] {null, 4L}, new Long[] {3L, 4L}, null);
        org.junit.jupiter.api.Assertions.assertArrayEquals(x, y);
    }
}
