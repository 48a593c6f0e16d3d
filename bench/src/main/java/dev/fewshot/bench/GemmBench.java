package dev.fewshot.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.fewshot.core.linalg.FloatMatrix;
import dev.fewshot.core.linalg.Gemm;
import dev.fewshot.core.linalg.JavaGemm;
import dev.fewshot.core.linalg.NaiveGemm;
import dev.fewshot.core.linalg.OnnxGraphs;
import dev.fewshot.core.linalg.OrtGemm;
import dev.fewshot.core.linalg.OrtPreparedTransB;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Matrix-product benchmark: scores A [M×K] against W [N×K] (A·Wᵀ) in row chunks, as the scorer
 * does, for every candidate kernel, and prints the median GFLOP/s (2·M·K·N / seconds).
 *
 * <pre>
 * java [--add-modules jdk.incubator.vector] -cp bench/target/classes:bench/target/lib/* \
 *     dev.fewshot.bench.GemmBench [--m 50000] [--k 512] [--n 1000] [--chunk 4096] [--reps 5]
 *     [--threads N] [--only name,name] [--csv]
 * </pre>
 * Candidates: {@code ort-gemm-transB} is {@link OrtGemm#mulTransB} called through the Gemm
 * interface per chunk (chunk copied out with rowRange, as the scorer does); {@code ort-prepared} is
 * {@link OrtPreparedTransB#applyRows} (W prepacked, output written in place); the {@code -raw},
 * {@code -init} and {@code matmul} entries are bare sessions on generated graphs (B as an input or
 * as a prepacked initializer; Gemm transB=1 or MatMul on a pre-transposed W), with the same
 * direct-buffer copies; {@code vector-api} is the JDK incubator Vector API kernel;
 * {@code java-blocked} is the pure-Java fallback {@link JavaGemm}.
 * Candidates whose name starts with one in {@code --only} run; default all. The {@code vector-api}
 * candidate is skipped (reported as such) when the incubator module is not enabled.
 */
public final class GemmBench {

    interface Kernel extends AutoCloseable {
        /** Scores rows [r0, r0+rows) of A into out (row-major, N columns). */
        void score(float[] a, int r0, int rows, float[] out) throws Exception;

        @Override
        default void close() throws Exception {}
    }

    static int m = 50_000, k = 512, n = 1000, chunk = 4096, reps = 5, warmup = 2;
    static int threads = Runtime.getRuntime().availableProcessors();

    public static void main(String[] args) throws Exception {
        List<String> only = new ArrayList<>();
        boolean csv = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--m": m = Integer.parseInt(args[++i]); break;
                case "--k": k = Integer.parseInt(args[++i]); break;
                case "--n": n = Integer.parseInt(args[++i]); break;
                case "--chunk": chunk = Integer.parseInt(args[++i]); break;
                case "--reps": reps = Integer.parseInt(args[++i]); break;
                case "--warmup": warmup = Integer.parseInt(args[++i]); break;
                case "--threads": threads = Integer.parseInt(args[++i]); break;
                case "--only": only.addAll(Arrays.asList(args[++i].split(","))); break;
                case "--csv": csv = true; break;
                default: throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Random rng = new Random(42);
        float[] a = new float[m * k];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) rng.nextGaussian();
        }
        FloatMatrix w = new FloatMatrix(n, k, new float[n * k]);
        for (int i = 0; i < n * k; i++) {
            w.data()[i] = (float) rng.nextGaussian();
        }
        System.out.printf(Locale.ROOT, "# GemmBench M=%d K=%d N=%d chunk=%d threads=%d reps=%d java=%s cpus=%d%n",
                m, k, n, chunk, threads, reps, System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());

        Map<String, ThrowingSupplier> candidates = new LinkedHashMap<>();
        candidates.put("ort-gemm-transB", () -> viaGemm(new OrtGemm(threads), w));
        candidates.put("ort-prepared", () -> {
            OrtGemm g = new OrtGemm(threads);
            OrtPreparedTransB p = g.prepareTransB(w);
            return new Kernel() {
                @Override
                public void score(float[] a, int r0, int rows, float[] out) {
                    p.applyRows(a, r0, r0 + rows, out, r0 * n);
                }

                @Override
                public void close() {
                    p.close();
                    g.close();
                }
            };
        });
        candidates.put("ort-gemm-transB-raw", () -> rawOrt(OnnxGraphs.gemm(false, true,
                new Long[] {null, (long) k}, new Long[] {(long) n, (long) k}, null), w.data(),
                new long[] {n, k}));
        candidates.put("ort-gemm-transB-init", () -> rawOrt(OnnxGraphs.gemm(false, true,
                new Long[] {null, (long) k}, new Long[] {(long) n, (long) k}, w.data()), null, null));
        candidates.put("ort-matmul-input", () -> {
            FloatMatrix wt = w.transpose();
            return rawOrt(OnnxGraphs.matMul(new Long[] {null, (long) k},
                    new Long[] {(long) k, (long) n}, null), wt.data(), new long[] {k, n});
        });
        candidates.put("ort-matmul-init", () -> rawOrt(OnnxGraphs.matMul(
                new Long[] {null, (long) k}, new Long[] {(long) k, (long) n},
                w.transpose().data()), null, null));
        candidates.put("vector-api", () -> {
            if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
                return null;
            }
            return viaGemm((Gemm) Class.forName("dev.fewshot.bench.VectorApiGemm")
                    .getDeclaredConstructor(int.class).newInstance(threads), w);
        });
        candidates.put("java-blocked", () -> viaGemm(new JavaGemm(threads), w));

        FloatMatrix check = new FloatMatrix(Math.min(m, 64), k, Arrays.copyOf(a, Math.min(m, 64) * k));
        FloatMatrix ref = new NaiveGemm().mulTransB(check, w);
        FloatMatrix scale = new NaiveGemm().mulTransB(abs(check), abs(w));

        if (csv) {
            System.out.println("candidate,median_gflops,min_s,median_s,max_rel_err");
        }
        for (Map.Entry<String, ThrowingSupplier> e : candidates.entrySet()) {
            String name = e.getKey();
            if (!only.isEmpty() && only.stream().noneMatch(name::startsWith)) {
                continue;
            }
            Kernel kernel;
            try {
                kernel = e.getValue().get();
            } catch (Throwable t) {
                System.out.println("# " + name + ": unavailable: " + t);
                continue;
            }
            if (kernel == null) {
                System.out.println("# " + name + ": skipped (run with --add-modules jdk.incubator.vector)");
                continue;
            }
            try (Kernel kk = kernel) {
                float[] out = new float[m * n];
                // accuracy check on the first rows
                float[] small = new float[check.rows() * n];
                kk.score(a, 0, check.rows(), small);
                double err = 0;
                for (int i = 0; i < small.length; i++) {
                    err = Math.max(err, Math.abs(small[i] - ref.data()[i]) / scale.data()[i]);
                }
                double[] secs = new double[reps];
                for (int r = -warmup; r < reps; r++) {
                    long t0 = System.nanoTime();
                    for (int r0 = 0; r0 < m; r0 += chunk) {
                        kk.score(a, r0, Math.min(chunk, m - r0), out);
                    }
                    double s = (System.nanoTime() - t0) / 1e9;
                    if (r >= 0) {
                        secs[r] = s;
                    }
                }
                Arrays.sort(secs);
                double med = reps % 2 == 1 ? secs[reps / 2] : (secs[reps / 2 - 1] + secs[reps / 2]) / 2;
                double gflops = 2.0 * m * k * n / med / 1e9;
                if (csv) {
                    System.out.printf(Locale.ROOT, "%s,%.1f,%.4f,%.4f,%.2e%n", name, gflops, secs[0], med, err);
                } else {
                    System.out.printf(Locale.ROOT, "%-22s median %7.1f GFLOP/s  (median %.3f s, min %.3f s, max err/Σ|ab| %.1e)%n",
                            name, gflops, med, secs[0], err);
                }
            }
        }
        System.exit(0);
    }

    static FloatMatrix abs(FloatMatrix m) {
        float[] d = m.data().clone();
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.abs(d[i]);
        }
        return new FloatMatrix(m.rows(), m.cols(), d);
    }

    interface ThrowingSupplier {
        Kernel get() throws Exception;
    }

    /** A Gemm called per chunk exactly as the scorer calls it (chunk copied into a FloatMatrix). */
    static Kernel viaGemm(Gemm g, FloatMatrix w) {
        return new Kernel() {
            @Override
            public void score(float[] a, int r0, int rows, float[] out) {
                FloatMatrix chunkA = new FloatMatrix(rows, k, Arrays.copyOfRange(a, r0 * k, (r0 + rows) * k));
                FloatMatrix y = g.mulTransB(chunkA, w);
                System.arraycopy(y.data(), 0, out, r0 * n, rows * n);
            }

            @Override
            public void close() throws Exception {
                if (g instanceof AutoCloseable) {
                    ((AutoCloseable) g).close();
                }
            }
        };
    }

    /**
     * A raw ORT session on a generated graph: A chunk copied into a reused direct buffer, output
     * pinned into a reused direct buffer and copied out. {@code b}, if non-null, is a graph input.
     */
    static Kernel rawOrt(byte[] model, float[] b, long[] bShape) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions opts = OrtGemm.sessionOptions(threads);
        OrtSession session = env.createSession(model, opts);
        FloatBuffer ab = direct((long) chunk * k), yb = direct((long) chunk * n);
        FloatBuffer bb = b == null ? null : direct(b.length).put(b).rewind();
        OnnxTensor bt = b == null ? null : OnnxTensor.createTensor(env, bb, bShape);
        return new Kernel() {
            @Override
            public void score(float[] a, int r0, int rows, float[] out) throws Exception {
                FloatBuffer av = ab.duplicate().clear().limit(rows * k).slice();
                av.put(a, r0 * k, rows * k).rewind();
                FloatBuffer yv = yb.duplicate().clear().limit(rows * n).slice();
                try (OnnxTensor ta = OnnxTensor.createTensor(env, av, new long[] {rows, k});
                     OnnxTensor ty = OnnxTensor.createTensor(env, yv, new long[] {rows, n})) {
                    Map<String, OnnxTensor> in = bt == null ? Map.of("A", ta) : Map.of("A", ta, "B", bt);
                    try (OrtSession.Result ignored = session.run(in, Map.of("Y", ty))) {
                        yv.rewind().get(out, r0 * n, rows * n);
                    }
                }
            }

            @Override
            public void close() throws Exception {
                if (bt != null) {
                    bt.close();
                }
                session.close();
                opts.close();
            }
        };
    }

    static FloatBuffer direct(long floats) {
        return ByteBuffer.allocateDirect(Math.toIntExact(floats * 4)).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }
}
