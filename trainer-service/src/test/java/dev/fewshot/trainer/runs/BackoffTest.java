package dev.fewshot.trainer.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The retry used while PostgreSQL or the broker is down: exponential, capped, bounded in time. */
class BackoffTest {
    @Test
    void delaysDoubleUpToTheCap() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1));
        assertEquals(100, b.delay(1).toMillis());
        assertEquals(200, b.delay(2).toMillis());
        assertEquals(800, b.delay(4).toMillis());
        assertEquals(1000, b.delay(5).toMillis());
        assertEquals(1000, b.delay(500).toMillis());
    }

    @Test
    void retriesTransientFailuresUntilTheWorkSucceeds() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        String out = new Backoff(Duration.ofMillis(1), Duration.ofMillis(5)).retry("test", Duration.ofSeconds(5), () -> {
            if (calls.incrementAndGet() < 4) {
                throw new SQLTransientConnectionException("database down");
            }
            return "ok";
        });
        assertEquals("ok", out);
        assertEquals(4, calls.get());
    }

    @Test
    void givesUpAfterTheBudgetWithTheLastFailure() {
        AtomicInteger calls = new AtomicInteger();
        long t0 = System.nanoTime();
        SQLException e = assertThrows(SQLException.class, () -> new Backoff(Duration.ofMillis(10), Duration.ofMillis(20))
                .retry("test", Duration.ofMillis(200), () -> {
                    calls.incrementAndGet();
                    throw new SQLException("still down");
                }));
        assertEquals("still down", e.getMessage());
        assertEquals(true, calls.get() > 2);
        assertEquals(true, System.nanoTime() - t0 < Duration.ofSeconds(2).toNanos());
    }

    @Test
    void doesNotRetryOtherFailures() {
        AtomicInteger calls = new AtomicInteger();
        assertThrows(IllegalStateException.class, () -> new Backoff(Duration.ofMillis(1), Duration.ofMillis(1))
                .retry("test", Duration.ofSeconds(5), () -> {
                    calls.incrementAndGet();
                    throw new IllegalStateException("a bug");
                }));
        assertEquals(1, calls.get());
    }
}
