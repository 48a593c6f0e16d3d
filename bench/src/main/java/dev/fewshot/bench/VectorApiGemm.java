package dev.fewshot.bench;

import dev.fewshot.core.linalg.FloatMatrix;
import dev.fewshot.core.linalg.Gemm;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Benchmark candidate (b): register-tiled kernel on the incubating JDK Vector API. Lives in the
 * bench module only because it needs {@code --add-modules jdk.incubator.vector} at compile and run
 * time. 4 rows × 2 vectors of accumulators, B packed into column panels; every element is
 * fma-accumulated over p in order from 0, so it is deterministic and row-independent.
 */
final class VectorApiGemm implements Gemm, AutoCloseable {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int PW = 2 * L; // panel width
    private static final int ROW_BLOCK = 64;

    private final int threads;
    private final ExecutorService pool;

    VectorApiGemm(int threads) {
        this.threads = threads;
        this.pool = Executors.newFixedThreadPool(Math.max(1, threads - 1), r -> {
            Thread t = new Thread(r, "vector-gemm");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public FloatMatrix mulTransB(FloatMatrix a, FloatMatrix b) {
        return product(a, b.transpose());
    }

    @Override
    public FloatMatrix mulTransA(FloatMatrix a, FloatMatrix b) {
        return product(a.transpose(), b);
    }

    @Override
    public FloatMatrix mul(FloatMatrix a, FloatMatrix b) {
        return product(a, b);
    }

    private FloatMatrix product(FloatMatrix xm, FloatMatrix ym) {
        int m = xm.rows(), k = xm.cols(), n = ym.cols();
        float[] x = xm.data(), y = ym.data(), c = new float[m * n];
        int panels = n / PW;
        float[] packed = new float[panels * k * PW];
        for (int q = 0; q < panels; q++) {
            for (int p = 0; p < k; p++) {
                System.arraycopy(y, p * n + q * PW, packed, (q * k + p) * PW, PW);
            }
        }
        int blocks = (m + ROW_BLOCK - 1) / ROW_BLOCK;
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            int blk;
            while ((blk = next.getAndIncrement()) < blocks) {
                int i0 = blk * ROW_BLOCK;
                rows(x, y, packed, c, k, n, panels, i0, Math.min(m, i0 + ROW_BLOCK));
            }
        };
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 1; t < threads; t++) {
            fs.add(pool.submit(worker));
        }
        worker.run();
        for (Future<?> f : fs) {
            try {
                f.get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return new FloatMatrix(m, n, c);
    }

    private static void rows(float[] x, float[] y, float[] packed, float[] c, int k, int n,
                             int panels, int i0, int i1) {
        for (int q = 0; q < panels; q++) {
            int base = q * k * PW, j = q * PW;
            int i = i0;
            for (; i + 4 <= i1; i += 4) {
                FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
                FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
                FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
                FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
                int x0 = i * k, x1 = x0 + k, x2 = x1 + k, x3 = x2 + k;
                for (int p = 0; p < k; p++) {
                    int o = base + p * PW;
                    FloatVector b0 = FloatVector.fromArray(S, packed, o);
                    FloatVector b1 = FloatVector.fromArray(S, packed, o + L);
                    FloatVector a0 = FloatVector.broadcast(S, x[x0 + p]);
                    FloatVector a1 = FloatVector.broadcast(S, x[x1 + p]);
                    FloatVector a2 = FloatVector.broadcast(S, x[x2 + p]);
                    FloatVector a3 = FloatVector.broadcast(S, x[x3 + p]);
                    c00 = a0.fma(b0, c00);
                    c01 = a0.fma(b1, c01);
                    c10 = a1.fma(b0, c10);
                    c11 = a1.fma(b1, c11);
                    c20 = a2.fma(b0, c20);
                    c21 = a2.fma(b1, c21);
                    c30 = a3.fma(b0, c30);
                    c31 = a3.fma(b1, c31);
                }
                c00.intoArray(c, i * n + j);
                c01.intoArray(c, i * n + j + L);
                c10.intoArray(c, (i + 1) * n + j);
                c11.intoArray(c, (i + 1) * n + j + L);
                c20.intoArray(c, (i + 2) * n + j);
                c21.intoArray(c, (i + 2) * n + j + L);
                c30.intoArray(c, (i + 3) * n + j);
                c31.intoArray(c, (i + 3) * n + j + L);
            }
            for (; i < i1; i++) {
                FloatVector c0 = FloatVector.zero(S), c1 = FloatVector.zero(S);
                for (int p = 0; p < k; p++) {
                    int o = base + p * PW;
                    FloatVector a0 = FloatVector.broadcast(S, x[i * k + p]);
                    c0 = a0.fma(FloatVector.fromArray(S, packed, o), c0);
                    c1 = a0.fma(FloatVector.fromArray(S, packed, o + L), c1);
                }
                c0.intoArray(c, i * n + j);
                c1.intoArray(c, i * n + j + L);
            }
        }
        for (int j = panels * PW; j < n; j++) { // tail columns, scalar
            for (int i = i0; i < i1; i++) {
                float s = 0f;
                for (int p = 0; p < k; p++) {
                    s = Math.fma(x[i * k + p], y[p * n + j], s);
                }
                c[i * n + j] = s;
            }
        }
    }

    @Override
    public String name() {
        return "vector-api(" + threads + "t, " + L + " lanes)";
    }

    @Override
    public void close() {
        pool.shutdown();
    }
}
