package dev.fewshot.trainer.runs;

import dev.fewshot.service.errors.Failures;
import dev.fewshot.service.errors.TransientException;
import java.sql.SQLException;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Retries work that failed for transient reasons ({@link Failures#isTransient}) (database down, broker unreachable) with
 * exponential back-off, for a bounded time; then the last failure is thrown to the caller.
 */
public final class Backoff {
    private static final Logger LOG = Logger.getLogger(Backoff.class);

    /** Work that may fail transiently. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws SQLException;
    }

    private final Duration initial;
    private final Duration max;

    public Backoff(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max;
    }

    /** Delay before attempt {@code attempt + 1} (attempt counts from 1). */
    public Duration delay(int attempt) {
        long ms = initial.toMillis() << Math.min(attempt - 1, 20);
        return Duration.ofMillis(Math.min(ms, max.toMillis()));
    }

    /** Runs {@code work} until it succeeds or {@code budget} has passed. */
    public <T> T retry(String what, Duration budget, Work<T> work) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + budget.toNanos();
        for (int attempt = 1; ; attempt++) {
            try {
                return work.run();
            } catch (SQLException | TransientException e) {
                if (!Failures.isTransient(e)) {
                    throw e; // a data error or constraint fails the same way on every try
                }
                Duration d = delay(attempt);
                if (System.nanoTime() + d.toNanos() > deadline) {
                    throw e;
                }
                LOG.warnf("%s failed (attempt %d), retrying in %d ms: %s", what, attempt, d.toMillis(), e.getMessage());
                Thread.sleep(d.toMillis());
            }
        }
    }
}
