package dev.fewshot.core.linalg;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Matrix products on ONNX Runtime's CPU kernels (MLAS SGEMM), through tiny single-node ONNX
 * graphs ({@code Gemm} with transA/transB attributes) that are generated in memory. Three sessions
 * (A·Bᵀ, Aᵀ·B, A·B) are built once and shared; {@link OrtSession#run} is thread-safe, so one
 * instance serves any number of threads. Inputs are copied into pooled direct buffers and the
 * output is written by ORT straight into a pinned direct buffer.
 *
 * <p>Determinism: MLAS computes every output element with the same K-blocked FMA sequence for any
 * row count M at or above a small threshold, and threads only split rows/columns, never K. For
 * very small M (M = 1 takes a GEMV path with a different accumulation order) the rows are padded
 * with zeros up to {@link #MIN_ROWS}, so row i of A·Bᵀ and A·B depends only on row i of A and
 * chunked scoring is bit-identical to scoring all at once. This was verified for chunk sizes 1, 7,
 * 1024 and whole (see {@code GemmDeterminismTest}).
 *
 * <p>For scoring many rows against one fixed weight matrix prefer {@link #prepareTransB}: it
 * prepacks the weights and writes into the caller's array, about 30% faster than
 * {@link #mulTransB} through this interface (docs/benchmarks.md, "Matrix-product kernel").
 *
 * <p>Large A is processed in row chunks of at most {@link #chunkRows()} rows, so native memory
 * per call stays bounded. Close the instance to release the sessions.
 */
public final class OrtGemm implements Gemm, AutoCloseable {

    /** Row counts below this are zero-padded so MLAS uses its regular SGEMM kernel. */
    public static final int MIN_ROWS = 16;

    /** Upper bound, in floats, for one chunk's A or output buffer (16 MiB). */
    private static final long CHUNK_FLOATS = 4L << 20;

    /** Workspaces bigger than this (in floats, all three buffers) are not kept in the pool. */
    private static final long POOL_MAX_FLOATS = 16L << 20;

    private final OrtEnvironment env;
    private final int threads;
    private final int minRows;
    private final OrtSession sessTransB;
    private final OrtSession sessTransA;
    private final OrtSession sessPlain;
    private final ConcurrentLinkedDeque<Workspace> pool = new ConcurrentLinkedDeque<>();
    private final NativeLifecycle lifecycle = new NativeLifecycle("OrtGemm");

    /** Creates an instance with {@link Runtime#availableProcessors()} intra-op threads. */
    public OrtGemm() throws OrtException {
        this(Runtime.getRuntime().availableProcessors());
    }

    /**
     * @param threads intra-op threads per call (the calling thread counts as one)
     * @throws OrtException if ONNX Runtime cannot create the sessions
     * @throws UnsatisfiedLinkError (or another Error) if the native library cannot load
     */
    public OrtGemm(int threads) throws OrtException {
        this(threads, MIN_ROWS);
    }

    /** For tests and experiments: {@code minRows} overrides the zero-padding threshold. */
    OrtGemm(int threads, int minRows) throws OrtException {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1: " + threads);
        }
        this.threads = threads;
        this.minRows = Math.max(1, minRows);
        this.env = OrtEnvironment.getEnvironment();
        OrtSession a = null, b = null, c = null;
        try {
            a = newSession(OnnxGraphs.gemm(false, true, dyn2(), dyn2(), null));
            b = newSession(OnnxGraphs.gemm(true, false, dyn2(), dyn2(), null));
            c = newSession(OnnxGraphs.gemm(false, false, dyn2(), dyn2(), null));
        } catch (OrtException | RuntimeException e) {
            closeQuietly(a);
            closeQuietly(b);
            closeQuietly(c);
            throw e;
        }
        this.sessTransB = a;
        this.sessTransA = b;
        this.sessPlain = c;
    }

    private static Long[] dyn2() {
        return new Long[] {null, null};
    }

    OrtSession newSession(byte[] model) throws OrtException {
        return newSession(model, OrtSession.SessionOptions.OptLevel.ALL_OPT);
    }

    OrtSession newSession(byte[] model, OrtSession.SessionOptions.OptLevel level) throws OrtException {
        try (OrtSession.SessionOptions opts = sessionOptions(threads)) {
            opts.setOptimizationLevel(level);
            return env.createSession(model, opts);
        }
    }

    /** The session options used by this class (public for the benchmark module). */
    public static OrtSession.SessionOptions sessionOptions(int threads) throws OrtException {
        OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
        opts.setIntraOpNumThreads(threads);
        // ORT's pool threads otherwise spin for a while after every run, taking the cores from
        // the Java threads that reduce the logits between products (measured: 2x slower scoring).
        opts.addConfigEntry("session.intra_op.allow_spinning", "0");
        opts.setInterOpNumThreads(1);
        opts.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        return opts;
    }

    public int threads() {
        return threads;
    }

    int minRows() {
        return minRows;
    }

    OrtEnvironment env() {
        return env;
    }

    /**
     * Prepares A·Wᵀ against a fixed W (copied now) with W prepacked by ONNX Runtime: the fastest
     * path for scoring many rows against one head. The caller owns and must close the result; it
     * stays usable only while this OrtGemm is open.
     */
    public OrtPreparedTransB prepareTransB(FloatMatrix w) {
        lifecycle.enter();
        try {
            return new OrtPreparedTransB(this, w);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime could not prepare the weights", e);
        } finally {
            lifecycle.exit();
        }
    }

    @Override
    public RowScoring prepareScoring(FloatMatrix w, float scale, float[] bias, double mcmScale) {
        lifecycle.enter();
        try {
            return new OrtRowScoring(this, w, scale, bias, mcmScale);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime could not build the scoring graph", e);
        } finally {
            lifecycle.exit();
        }
    }

    @Override
    public RowSoftmax rowSoftmax(int classes, double scale) {
        lifecycle.enter();
        try {
            return new OrtRowSoftmax(this, classes, scale);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime could not build the row softmax", e);
        } finally {
            lifecycle.exit();
        }
    }

    @Override
    public Gemm.FixedRows fixRows(FloatMatrix x) {
        return new OrtFixedRows(this, x);
    }

    /** One product on the A·Bᵀ (transB) or Aᵀ·B session, into y; for {@link OrtFixedRows}. */
    void runFixed(boolean transB, FloatBuffer a, long[] aShape, FloatBuffer b, long[] bShape, FloatBuffer y,
                  long[] yShape) {
        lifecycle.enter();
        try {
            run(transB ? sessTransB : sessTransA, a, aShape, b, bShape, y, yShape);
        } finally {
            lifecycle.exit();
        }
    }

    /** Rows of A per native call for an output of {@code n} columns and inner size {@code k}. */
    int chunkRows(int k, int n) {
        long widest = Math.max(1, Math.max(k, n));
        return (int) Math.max(minRows, Math.min(Integer.MAX_VALUE, CHUNK_FLOATS / widest));
    }

    @Override
    public FloatMatrix mulTransB(FloatMatrix a, FloatMatrix b) {
        NaiveGemm.check(a.cols() == b.cols(), "A·Bᵀ", a, b);
        return rowChunked(sessTransB, a, b, b.rows());
    }

    @Override
    public FloatMatrix mul(FloatMatrix a, FloatMatrix b) {
        NaiveGemm.check(a.cols() == b.rows(), "A·B", a, b);
        return rowChunked(sessPlain, a, b, b.cols());
    }

    @Override
    public FloatMatrix mulTransA(FloatMatrix a, FloatMatrix b) {
        NaiveGemm.check(a.rows() == b.rows(), "Aᵀ·B", a, b);
        int m = a.rows(), k = a.cols(), n = b.cols();
        float[] out = new float[Math.multiplyExact(k, n)];
        if (k == 0 || n == 0 || m == 0) {
            return new FloatMatrix(k, n, out);
        }
        // The contraction runs over m: one native call, so the summation order is fixed.
        // Output rows are padded (zero columns of A) to minRows for the same reason as above.
        int kp = Math.max(k, minRows);
        lifecycle.enter();
        Workspace ws = null;
        try {
            ws = take((long) m * kp, (long) m * n, (long) kp * n);
            FloatBuffer ab = ws.a(m * kp);
            if (kp == k) {
                ab.put(a.data(), 0, m * k);
            } else {
                float[] x = a.data();
                float[] zeros = new float[kp - k];
                for (int r = 0; r < m; r++) {
                    ab.put(x, r * k, k).put(zeros);
                }
            }
            FloatBuffer bb = ws.b(m * n);
            bb.put(b.data(), 0, m * n);
            FloatBuffer yb = ws.y(kp * n);
            run(sessTransA, ab.rewind(), new long[] {m, kp}, bb.rewind(), new long[] {m, n},
                    yb, new long[] {kp, n});
            yb.rewind().get(out, 0, k * n);
            return new FloatMatrix(k, n, out);
        } finally {
            give(ws);
            lifecycle.exit();
        }
    }

    /** C = op(A)·op(B) over row chunks of A; {@code n} is the output width. */
    private FloatMatrix rowChunked(OrtSession session, FloatMatrix a, FloatMatrix b, int n) {
        int m = a.rows(), k = a.cols();
        float[] out = new float[Math.multiplyExact(m, n)];
        if (m == 0 || n == 0 || k == 0) {
            return new FloatMatrix(m, n, out);
        }
        int chunk = Math.min(chunkRows(k, n), Math.max(m, minRows));
        lifecycle.enter();
        Workspace ws = null;
        try {
            ws = take((long) chunk * k, (long) b.rows() * b.cols(), (long) chunk * n);
            FloatBuffer bb = ws.b(b.rows() * b.cols());
            bb.put(b.data()).rewind();
            long[] bShape = {b.rows(), b.cols()};
            float[] x = a.data();
            for (int r0 = 0; r0 < m; r0 += chunk) {
                int rows = Math.min(chunk, m - r0);
                int padded = Math.max(rows, minRows);
                FloatBuffer ab = ws.a(padded * k);
                ab.put(x, r0 * k, rows * k);
                for (int i = rows * k; i < padded * k; i++) {
                    ab.put(0f);
                }
                FloatBuffer yb = ws.y(padded * n);
                run(session, ab.rewind(), new long[] {padded, k}, bb, bShape,
                        yb, new long[] {padded, n});
                yb.rewind().get(out, r0 * n, rows * n);
            }
            return new FloatMatrix(m, n, out);
        } finally {
            give(ws);
            lifecycle.exit();
        }
    }

    private void run(OrtSession session, FloatBuffer a, long[] aShape, FloatBuffer b,
                     long[] bShape, FloatBuffer y, long[] yShape) {
        try (OnnxTensor ta = OnnxTensor.createTensor(env, a, aShape);
             OnnxTensor tb = OnnxTensor.createTensor(env, b, bShape);
             OnnxTensor ty = OnnxTensor.createTensor(env, y, yShape);
             OrtSession.Result ignored = session.run(Map.of("A", ta, "B", tb), Map.of("Y", ty))) {
            // the output was written into y
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime Gemm failed", e);
        } finally {
            b.rewind();
        }
    }

    Workspace take(long aFloats, long bFloats, long yFloats) {
        Workspace ws = pool.pollFirst();
        if (ws == null) {
            ws = new Workspace();
        }
        ws.reserve(aFloats, bFloats, yFloats);
        return ws;
    }

    void give(Workspace ws) {
        if (ws != null && ws.capacity() <= POOL_MAX_FLOATS && !lifecycle.isClosed()) {
            pool.offerFirst(ws);
        }
    }

    @Override
    public String name() {
        return "ort-mlas(" + threads + "t)";
    }

    /** Releases the native sessions; waits for calls in progress. Idempotent. */
    @Override
    public void close() {
        lifecycle.close(pool::clear, sessTransB, sessTransA, sessPlain);
    }

    private static void closeQuietly(OrtSession s) {
        if (s != null) {
            try {
                s.close();
            } catch (OrtException | RuntimeException ignored) {
                // nothing useful to do at close
            }
        }
    }

    /** Direct, native-order buffers reused between calls (one caller at a time). */
    static final class Workspace {
        private FloatBuffer a = alloc(0), b = alloc(0), y = alloc(0);

        void reserve(long af, long bf, long yf) {
            if (a.capacity() < af) {
                a = alloc(af);
            }
            if (b.capacity() < bf) {
                b = alloc(bf);
            }
            if (y.capacity() < yf) {
                y = alloc(yf);
            }
        }

        long capacity() {
            return (long) a.capacity() + b.capacity() + y.capacity();
        }

        FloatBuffer a(int len) {
            return view(a, len);
        }

        FloatBuffer b(int len) {
            return view(b, len);
        }

        FloatBuffer y(int len) {
            return view(y, len);
        }

        private static FloatBuffer view(FloatBuffer buf, int len) {
            return buf.duplicate().clear().limit(len).slice();
        }

        static FloatBuffer alloc(long floats) {
            return ByteBuffer.allocateDirect(Math.toIntExact(Math.multiplyExact(floats, 4L)))
                    .order(ByteOrder.nativeOrder())
                    .asFloatBuffer();
        }
    }
}
