package dev.fewshot.embedding.model;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession.SessionOptions;
import java.util.EnumSet;
import java.util.Objects;

/**
 * Where and how ONNX Runtime runs the encoders.
 *
 * @param provider       CPU, or CUDA (needs the onnxruntime_gpu build; checked before use)
 * @param intraOpThreads threads inside one operator; 0 = ORT's default (one per physical core)
 * @param interOpThreads threads across independent operators; 0 = ORT's default
 * @param cudaDeviceId   the GPU ordinal when provider is CUDA
 */
public record ExecutionSettings(Provider provider, int intraOpThreads, int interOpThreads, int cudaDeviceId) {
    public enum Provider { CPU, CUDA }

    public ExecutionSettings {
        Objects.requireNonNull(provider, "provider");
        if (intraOpThreads < 0 || interOpThreads < 0 || cudaDeviceId < 0) {
            throw new IllegalArgumentException("thread counts and device id must be >= 0: " + intraOpThreads
                    + ", " + interOpThreads + ", " + cudaDeviceId);
        }
    }

    /** CPU with ORT's default thread pools. */
    public static ExecutionSettings cpu() {
        return new ExecutionSettings(Provider.CPU, 0, 0, 0);
    }

    /** CPU with an explicit intra-op pool: set it when several sessions or services share the cores. */
    public static ExecutionSettings cpu(int intraOpThreads) {
        return new ExecutionSettings(Provider.CPU, intraOpThreads, 0, 0);
    }

    public static ExecutionSettings cuda(int deviceId) {
        return new ExecutionSettings(Provider.CUDA, 0, 0, deviceId);
    }

    /**
     * Fresh session options; the caller closes them once the session is created.
     *
     * @throws ModelException if CUDA is asked for and this ONNX Runtime build does not have it
     */
    public SessionOptions toSessionOptions() {
        if (provider == Provider.CUDA) {
            // Checked up front: addCUDA on a CPU-only build fails with an opaque native error.
            EnumSet<OrtProvider> available = OrtEnvironment.getAvailableProviders();
            if (!available.contains(OrtProvider.CUDA)) {
                throw new ModelException("CUDA execution provider requested but this build has only "
                        + available.stream().map(Enum::name).toList()
                        + "; build with the cuda profile (onnxruntime_gpu)");
            }
        }
        SessionOptions opts = new SessionOptions();
        try {
            opts.setOptimizationLevel(SessionOptions.OptLevel.ALL_OPT);
            if (intraOpThreads > 0) {
                opts.setIntraOpNumThreads(intraOpThreads);
            }
            if (interOpThreads > 0) {
                opts.setInterOpNumThreads(interOpThreads);
            }
            // No spin-waiting between ops: spinning intra-op threads take the cores that JPEG decoding needs.
            // ViT-B/32-shaped model, 2 cores, 192 JPEGs, 3 reps (docs/benchmarks.md): end to end / bare ORT
            // 0.90-0.95 without spinning vs 0.81-0.91 with it; bare ORT throughput the same within noise.
            opts.addConfigEntry("session.intra_op.allow_spinning", "0");
            if (provider == Provider.CUDA) {
                opts.addCUDA(cudaDeviceId);
            }
            return opts;
        } catch (OrtException e) {
            opts.close();
            throw new ModelException("cannot set up ONNX Runtime session options " + this + ": " + e.getMessage(), e);
        }
    }
}
