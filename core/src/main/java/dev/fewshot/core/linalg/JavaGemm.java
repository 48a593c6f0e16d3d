package dev.fewshot.core.linalg;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * Pure-Java products, the fallback when ONNX Runtime cannot load: 4×4 scalar register tiles of
 * {@code Math.fma} over contiguous rows of A and B (the A·Bᵀ layout; the other products transpose
 * first), columns blocked for L2, row blocks split among threads. About 8-20 GFLOP/s on 2 cores
 * (HotSpot 17 does not auto-vectorise these reductions), so roughly a tenth of ORT/MLAS.
 *
 * <p>Deterministic by construction: every output element is {@code fma}-accumulated over
 * {@code p = 0..k-1} in order, starting from 0, whatever the blocking, the thread count or the row
 * count. Java floating point is exactly specified, so vectorised and scalar paths agree bit for
 * bit, and row i of A·Bᵀ depends only on row i of A.
 */
public final class JavaGemm implements Gemm, AutoCloseable {

    private static final int ROW_BLOCK = 32;
    private static final int COL_BLOCK = 128;
    /** Below this many multiply-adds a call runs on the calling thread only. */
    private static final long PARALLEL_MIN_FLOPS = 1L << 20;

    private final int threads;
    private volatile ExecutorService pool;

    public JavaGemm() {
        this(Runtime.getRuntime().availableProcessors());
    }

    public JavaGemm(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1: " + threads);
        }
        this.threads = threads;
    }

    public int threads() {
        return threads;
    }

    @Override
    public FloatMatrix mulTransB(FloatMatrix a, FloatMatrix b) {
        NaiveGemm.check(a.cols() == b.cols(), "A·Bᵀ", a, b);
        return product(a, b);
    }

    @Override
    public FloatMatrix mulTransA(FloatMatrix a, FloatMatrix b) {
        NaiveGemm.check(a.rows() == b.rows(), "Aᵀ·B", a, b);
        return product(a.transpose(), b.transpose());
    }

    @Override
    public FloatMatrix mul(FloatMatrix a, FloatMatrix b) {
        NaiveGemm.check(a.cols() == b.rows(), "A·B", a, b);
        return product(a, b.transpose());
    }

    /** X (m×k) · Zᵀ where Z is n×k, both row-major. */
    private FloatMatrix product(FloatMatrix xm, FloatMatrix ym) {
        int m = xm.rows(), k = xm.cols(), n = ym.rows();
        float[] x = xm.data(), y = ym.data();
        float[] c = new float[Math.multiplyExact(m, n)];
        if (m == 0 || n == 0 || k == 0) {
            return new FloatMatrix(m, n, c);
        }
        int blocks = (m + ROW_BLOCK - 1) / ROW_BLOCK;
        int workers = (int) Math.min(threads, blocks);
        if (workers <= 1 || (long) m * n * k < PARALLEL_MIN_FLOPS) {
            rows(x, y, c, k, n, 0, m);
            return new FloatMatrix(m, n, c);
        }
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            int blk;
            while ((blk = next.getAndIncrement()) < blocks) {
                int i0 = blk * ROW_BLOCK;
                rows(x, y, c, k, n, i0, Math.min(m, i0 + ROW_BLOCK));
            }
        };
        ExecutorService ex = pool();
        List<Future<?>> futures = new ArrayList<>(workers - 1);
        for (int t = 1; t < workers; t++) {
            futures.add(ex.submit(worker));
        }
        worker.run();
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("gemm worker failed", e.getCause());
            }
        }
        return new FloatMatrix(m, n, c);
    }

    /**
     * Computes rows [i0, i1) of C = X·Zᵀ (X m×k, Z n×k, both row-major, so both operands of every
     * dot product are contiguous). 4×4 scalar register tiles; columns blocked so a panel of Z
     * stays in L2. Every element is one fma chain over p = 0..k-1 from 0, tile or tail alike.
     */
    static void rows(float[] x, float[] z, float[] c, int k, int n, int i0, int i1) {
        for (int j0 = 0; j0 < n; j0 += COL_BLOCK) {
            int j1 = Math.min(n, j0 + COL_BLOCK);
            int i = i0;
            for (; i + 4 <= i1; i += 4) {
                int j = j0;
                for (; j + 4 <= j1; j += 4) {
                    tile4x4(x, z, c, k, n, i, j);
                }
                for (; j < j1; j++) {
                    for (int r = i; r < i + 4; r++) {
                        c[r * n + j] = dot(x, r * k, z, j * k, k);
                    }
                }
            }
            for (; i < i1; i++) {
                for (int j = j0; j < j1; j++) {
                    c[i * n + j] = dot(x, i * k, z, j * k, k);
                }
            }
        }
    }

    private static float dot(float[] x, int xo, float[] z, int zo, int k) {
        float s = 0f;
        for (int p = 0; p < k; p++) {
            s = Math.fma(x[xo + p], z[zo + p], s);
        }
        return s;
    }

    private static void tile4x4(float[] x, float[] z, float[] c, int k, int n, int i, int j) {
        int a0 = i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
        int b0 = j * k, b1 = b0 + k, b2 = b1 + k, b3 = b2 + k;
        float c00 = 0f, c01 = 0f, c02 = 0f, c03 = 0f;
        float c10 = 0f, c11 = 0f, c12 = 0f, c13 = 0f;
        float c20 = 0f, c21 = 0f, c22 = 0f, c23 = 0f;
        float c30 = 0f, c31 = 0f, c32 = 0f, c33 = 0f;
        for (int p = 0; p < k; p++) {
            float x0 = x[a0 + p], x1 = x[a1 + p], x2 = x[a2 + p], x3 = x[a3 + p];
            float y0 = z[b0 + p], y1 = z[b1 + p], y2 = z[b2 + p], y3 = z[b3 + p];
            c00 = Math.fma(x0, y0, c00);
            c01 = Math.fma(x0, y1, c01);
            c02 = Math.fma(x0, y2, c02);
            c03 = Math.fma(x0, y3, c03);
            c10 = Math.fma(x1, y0, c10);
            c11 = Math.fma(x1, y1, c11);
            c12 = Math.fma(x1, y2, c12);
            c13 = Math.fma(x1, y3, c13);
            c20 = Math.fma(x2, y0, c20);
            c21 = Math.fma(x2, y1, c21);
            c22 = Math.fma(x2, y2, c22);
            c23 = Math.fma(x2, y3, c23);
            c30 = Math.fma(x3, y0, c30);
            c31 = Math.fma(x3, y1, c31);
            c32 = Math.fma(x3, y2, c32);
            c33 = Math.fma(x3, y3, c33);
        }
        int o = i * n + j;
        c[o] = c00;
        c[o + 1] = c01;
        c[o + 2] = c02;
        c[o + 3] = c03;
        o += n;
        c[o] = c10;
        c[o + 1] = c11;
        c[o + 2] = c12;
        c[o + 3] = c13;
        o += n;
        c[o] = c20;
        c[o + 1] = c21;
        c[o + 2] = c22;
        c[o + 3] = c23;
        o += n;
        c[o] = c30;
        c[o + 1] = c31;
        c[o + 2] = c32;
        c[o + 3] = c33;
    }

    private ExecutorService pool() {
        ExecutorService p = pool;
        if (p == null) {
            synchronized (this) {
                p = pool;
                if (p == null) {
                    AtomicInteger id = new AtomicInteger();
                    ThreadFactory tf = r -> {
                        Thread t = new Thread(r, "fewshot-gemm-" + id.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    };
                    p = Executors.newFixedThreadPool(Math.max(1, threads - 1), tf);
                    pool = p;
                }
            }
        }
        return p;
    }

    @Override
    public String name() {
        return "java-blocked(" + threads + "t)";
    }

    /** Stops the worker threads (they are daemons, so this is optional). */
    @Override
    public synchronized void close() {
        if (pool != null) {
            pool.shutdown();
            pool = null;
        }
    }
}
