package dev.fewshot.core.linalg;

import java.util.Locale;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Factories for {@link Gemm}. {@link #defaultGemm()} is the fast ONNX Runtime (MLAS) kernel when
 * the native library loads, else the pure-Java kernel; it is one shared, thread-safe instance,
 * created on first use and never closed (the process exit frees it). Do not close it yourself.
 *
 * <p>System properties read once, at first use:
 * <ul>
 *   <li>{@code fewshot.gemm.impl}: {@code auto} (default), {@code ort} or {@code java};</li>
 *   <li>{@code fewshot.gemm.threads}: threads per product, default
 *       {@link Runtime#availableProcessors()}.</li>
 * </ul>
 */
public final class Gemms {

    private static final Logger LOG = Logger.getLogger(Gemms.class.getName());

    private Gemms() {}

    /** The shared default kernel (ORT/MLAS, or pure Java if ORT cannot load). */
    public static Gemm defaultGemm() {
        return DefaultHolder.INSTANCE;
    }

    /** The shared pure-Java kernel (no native code). */
    public static Gemm pureJava() {
        return JavaHolder.INSTANCE;
    }

    /**
     * A new ONNX Runtime kernel with the given thread count, or empty if ONNX Runtime cannot be
     * loaded here. The caller owns it and must close it.
     */
    public static Optional<OrtGemm> tryOrt(int threads) {
        try {
            return Optional.of(new OrtGemm(threads));
        } catch (Exception | LinkageError e) {
            LOG.log(Level.WARNING, "ONNX Runtime Gemm unavailable, falling back to pure Java: " + e);
            return Optional.empty();
        }
    }

    static int configuredThreads() {
        String s = System.getProperty("fewshot.gemm.threads");
        int cpus = Runtime.getRuntime().availableProcessors();
        if (s == null || s.isBlank()) {
            return cpus;
        }
        try {
            return Math.max(1, Integer.parseInt(s.trim()));
        } catch (NumberFormatException e) {
            LOG.warning("ignoring fewshot.gemm.threads=" + s);
            return cpus;
        }
    }

    private static Gemm createDefault() {
        String impl = System.getProperty("fewshot.gemm.impl", "auto").trim().toLowerCase(Locale.ROOT);
        int threads = configuredThreads();
        if (impl.equals("java")) {
            return pureJava();
        }
        Optional<OrtGemm> ort = tryOrt(threads);
        if (ort.isPresent()) {
            // Never closed: a shutdown hook that closed it raced with work still in flight during a
            // graceful stop (a service's last evaluation failed with "OrtGemm is closed"); the
            // process exit frees the native memory anyway.
            return ort.get();
        }
        if (impl.equals("ort")) {
            throw new IllegalStateException("fewshot.gemm.impl=ort but ONNX Runtime could not load");
        }
        return pureJava();
    }

    private static final class JavaHolder {
        static final JavaGemm INSTANCE = new JavaGemm(configuredThreads());
    }

    private static final class DefaultHolder {
        static final Gemm INSTANCE = createDefault();
    }
}
