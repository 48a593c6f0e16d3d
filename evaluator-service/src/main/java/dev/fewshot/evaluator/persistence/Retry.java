package dev.fewshot.evaluator.persistence;

import dev.fewshot.service.errors.Failures;

import java.sql.SQLException;
import java.time.Duration;
import org.jboss.logging.Logger;

/** Bounded exponential back-off for database work; separate from {@link Db} so it can be tested alone. */
public final class Retry {

    @FunctionalInterface
    public interface Attempt<T> {
        T run() throws SQLException;
    }

    private Retry() {
    }

    public static <T> T run(String what, Duration initialDelay, Duration maxDelay, Duration maxDuration,
                            Attempt<T> attempt, Logger log) throws SQLException {
        long deadline = System.nanoTime() + maxDuration.toNanos();
        long delay = Math.max(1, initialDelay.toMillis());
        for (int tries = 1; ; tries++) {
            try {
                return attempt.run();
            } catch (SQLException e) {
                if (!isTransient(e)) {
                    throw e;
                }
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new DatabaseUnavailableException(what + ": database still unavailable after " + tries
                            + " tries over " + maxDuration + ": " + e.getMessage(), e);
                }
                long sleep = Math.min(delay, left);
                log.warnf("%s: database unavailable (%s), try %d, retrying in %d ms", what, e.getMessage(), tries, sleep);
                try {
                    Thread.sleep(sleep);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new DatabaseUnavailableException(what + ": interrupted while waiting for the database", e);
                }
                delay = Math.min(delay * 2, maxDelay.toMillis());
            }
        }
    }

    /** The services' one rule ({@link Failures#isTransient(SQLException)}). */
    public static boolean isTransient(SQLException e) {
        return Failures.isTransient(e);
    }
}
