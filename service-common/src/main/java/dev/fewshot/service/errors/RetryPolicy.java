package dev.fewshot.service.errors;

import dev.fewshot.service.lifecycle.JvmShutdown;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * The services' one retry policy: work that fails transiently ({@link Failures#isTransient}: the database or broker
 * away, a serialisation conflict) is tried again after a delay that doubles from {@code initialDelay} up to
 * {@code maxDelay}, until {@code maxDuration} has passed; then the last failure goes to the caller. Anything
 * else fails at once: a constraint or a bad value fails the same way on every try. Nor is a JVM that is shutting down
 * kept waiting: its failure goes to the caller at once, which leaves the message unacknowledged for the next start.
 *
 * @param initialDelay delay before the second try
 * @param maxDelay     cap on one delay
 * @param maxDuration  how long to keep trying in all
 */
public record RetryPolicy(Duration initialDelay, Duration maxDelay, Duration maxDuration) {
    private static final Logger LOG = Logger.getLogger(RetryPolicy.class);

    /** Work that may fail transiently. */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {
        T run() throws E;
    }

    public RetryPolicy {
        if (initialDelay.isNegative() || maxDelay.isNegative() || maxDuration.isNegative()) {
            throw new IllegalArgumentException("retry delays and duration must be >= 0");
        }
    }

    /** Delay before attempt {@code attempt + 1} (attempt counts from 1). */
    public Duration delay(int attempt) {
        long ms = Math.max(1, initialDelay.toMillis()) << Math.min(Math.max(attempt, 1) - 1, 20);
        return Duration.ofMillis(Math.min(ms, Math.max(1, maxDelay.toMillis())));
    }

    /**
     * Runs {@code work} until it succeeds, fails permanently or {@link #maxDuration} has passed. An interrupt while
     * waiting ends the retries with the last failure and the thread's interrupt flag set.
     */
    public <T, E extends Exception> T run(String what, Work<T, E> work) throws E {
        return run(what, Failures::isTransient, work);
    }

    /**
     * The same, retrying only failures {@code retryable} accepts (a caller whose inner calls retry the database
     * already retries only what they do not cover); a JVM shutting down still ends the retries.
     */
    public <T, E extends Exception> T run(String what, java.util.function.Predicate<Exception> retryable,
                                          Work<T, E> work) throws E {
        long deadline = System.nanoTime() + maxDuration.toNanos();
        for (int attempt = 1; ; attempt++) {
            try {
                return work.run();
            } catch (Exception e) {
                if (!retryable.test(e) || JvmShutdown.inProgress()) {
                    throw e;
                }
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    LOG.warnf("%s: still failing after %d tries over %s, giving up: %s", what, attempt, maxDuration,
                            Failures.reason(e));
                    throw e;
                }
                long sleep = Math.min(delay(attempt).toMillis(), left);
                LOG.warnf("%s failed (try %d), retrying in %d ms: %s", what, attempt, sleep, Failures.reason(e));
                try {
                    Thread.sleep(sleep);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
