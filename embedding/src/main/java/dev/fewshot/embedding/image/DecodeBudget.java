package dev.fewshot.embedding.image;

import dev.fewshot.embedding.image.ImageDecodeException.Reason;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The heap that image decoding may take at once, shared by every decoder of the JVM. A decode reserves its estimate
 * (decoded raster, RGB copy and source pixels, from the header's size and sample layout) before any pixel is read,
 * and gives it back when it returns; a decode that would not fit waits, and an image that can never fit is refused
 * with its size and the budget. So concurrent decodes, from /classify or embed jobs, cannot exhaust the heap however
 * large the images within the pixel limit are.
 */
public final class DecodeBudget {
    /** Share of the maximum heap that decoding may hold, leaving the rest to batches, tensors and the service. */
    public static final double HEAP_SHARE = 0.6;
    private static final DecodeBudget SHARED = new DecodeBudget((long) (Runtime.getRuntime().maxMemory() * HEAP_SHARE),
            Duration.ofMinutes(2));

    private final long capacityKiB;
    private final Semaphore kib;
    private final Duration maxWait;

    public DecodeBudget(long capacityBytes, Duration maxWait) {
        this.capacityKiB = Math.max(1, Math.min(Integer.MAX_VALUE, capacityBytes >> 10));
        this.kib = new Semaphore((int) capacityKiB, true);
        this.maxWait = maxWait;
    }

    /** The JVM-wide budget: {@value #HEAP_SHARE} of the maximum heap. */
    public static DecodeBudget shared() {
        return SHARED;
    }

    public long capacityBytes() {
        return capacityKiB << 10;
    }

    /** A reservation; closing it gives the memory back. */
    public interface Lease extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Reserves {@code bytes} for decoding {@code name}, waiting for other decodes to finish if needed.
     *
     * @throws ImageDecodeException TOO_LARGE when the image needs more than the whole budget, or the wait outlasts
     *                              the budget's limit
     */
    public Lease reserve(long bytes, String name, String what) {
        long need = Math.max(1, (bytes + 1023) >> 10);
        if (need > capacityKiB) {
            throw new ImageDecodeException(Reason.TOO_LARGE, name, what + " needs about " + mib(bytes)
                    + " MiB to decode; this process may use " + mib(capacityBytes()) + " MiB for decoding ("
                    + (int) (HEAP_SHARE * 100) + "% of its heap)");
        }
        try {
            if (!kib.tryAcquire((int) need, maxWait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new ImageDecodeException(Reason.TOO_LARGE, name, what + " needs about " + mib(bytes)
                        + " MiB to decode and none came free within " + maxWait.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageDecodeException(Reason.CORRUPT, name, "interrupted while waiting to decode");
        }
        int held = (int) need;
        return () -> kib.release(held);
    }

    private static long mib(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }
}
