package dev.fewshot.embedder.api;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * At most {@code permits} requests decode and classify at once; one that cannot get a slot within {@code wait} is
 * not served (the caller answers 503 with Retry-After), so a burst of large images queues briefly and then sheds
 * load instead of filling the heap.
 */
final class DecodeSlots {
    private final Semaphore slots;
    private final Duration wait;

    DecodeSlots(int permits, Duration wait) {
        this.slots = new Semaphore(Math.max(1, permits), true);
        this.wait = wait;
    }

    /** The work's result, or empty when no slot came free in time. */
    <T> Optional<T> run(Supplier<T> work) {
        try {
            if (!slots.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                return Optional.empty();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        try {
            return Optional.of(work.get());
        } finally {
            slots.release();
        }
    }
}
