package dev.fewshot.service.lifecycle;

/**
 * Whether the JVM is shutting down. JVM shutdown hooks run concurrently, and ONNX Runtime registers one that
 * closes its native environment (OrtEnvironment's OrtEnvCloser): work still in flight then fails with an
 * OrtException that says nothing about its input. A service must not record such a failure as the run's or the
 * request's; it leaves the message unacknowledged so that the next process does the work again.
 */
public final class JvmShutdown {
    private JvmShutdown() {
    }

    /** True once shutdown has begun (or the current thread was interrupted, as workers are on stop). */
    public static boolean inProgress() {
        if (Thread.currentThread().isInterrupted()) {
            return true;
        }
        Thread probe = new Thread(() -> { });
        try {
            // The JVM refuses new hooks once shutdown has started: the one portable way to ask.
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException shuttingDown) {
            return true;
        }
    }
}
