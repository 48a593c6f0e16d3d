package dev.fewshot.service.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The services' one retry policy while PostgreSQL or the broker is away: exponential, capped, bounded in time. */
class RetryPolicyTest {
    private static RetryPolicy policy(long initialMs, long maxMs, long durationMs) {
        return new RetryPolicy(Duration.ofMillis(initialMs), Duration.ofMillis(maxMs), Duration.ofMillis(durationMs));
    }

    @Test
    void delaysDoubleUpToTheCap() {
        RetryPolicy p = policy(100, 1000, 0);
        assertEquals(100, p.delay(1).toMillis());
        assertEquals(200, p.delay(2).toMillis());
        assertEquals(800, p.delay(4).toMillis());
        assertEquals(1000, p.delay(5).toMillis());
        assertEquals(1000, p.delay(500).toMillis());
    }

    @Test
    void retriesTransientFailuresUntilTheWorkSucceeds() throws Exception {
        AtomicInteger sql = new AtomicInteger();
        assertEquals("ok", policy(1, 5, 5000).run("test", () -> {
            if (sql.incrementAndGet() < 4) {
                throw new SQLTransientConnectionException("database down");
            }
            return "ok";
        }));
        assertEquals(4, sql.get());
        AtomicInteger refused = new AtomicInteger();
        assertEquals("ok", policy(1, 5, 5000).run("test", () -> {
            if (refused.incrementAndGet() < 3) {
                throw new SQLException("Connection refused", "08001");
            }
            return "ok";
        }));
        assertEquals(3, refused.get());
        AtomicInteger broker = new AtomicInteger();
        assertEquals("ok", policy(1, 5, 5000).run("test", () -> {
            if (broker.incrementAndGet() < 2) {
                throw new TransientException("publishing failed", new RuntimeException("broker away"));
            }
            return "ok";
        }));
        assertEquals(2, broker.get());
    }

    @Test
    void givesUpAfterItsDurationWithTheLastFailure() {
        AtomicInteger calls = new AtomicInteger();
        long t0 = System.nanoTime();
        SQLException e = assertThrows(SQLException.class, () -> policy(10, 40, 300).run("test", () -> {
            calls.incrementAndGet();
            throw new SQLException("the database system is shutting down", "57P03");
        }));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals("the database system is shutting down", e.getMessage());
        assertTrue(ms >= 300 && ms < 3000, "gave up after " + ms + " ms");
        assertTrue(calls.get() >= 3, "tried " + calls.get() + " times");
    }

    @Test
    void doesNotRetryPermanentFailures() {
        AtomicInteger calls = new AtomicInteger();
        SQLException bad = new SQLException("violates check constraint", "23514");
        assertSame(bad, assertThrows(SQLException.class, () -> policy(1, 1, 5000).run("test", () -> {
            calls.incrementAndGet();
            throw bad;
        })));
        assertEquals(1, calls.get());
        assertThrows(IllegalStateException.class, () -> policy(1, 1, 5000).run("test", () -> {
            calls.incrementAndGet();
            throw new IllegalStateException("a bug");
        }));
        assertEquals(2, calls.get());
    }

    @Test
    void classifiesSqlStates() {
        assertTrue(Failures.isTransient(new SQLException("pool timeout")));
        assertTrue(Failures.isTransient(new SQLException("x", "40001")));
        assertTrue(Failures.isTransient(new SQLException("x", "53300")));
        assertFalse(Failures.isTransient(new SQLException("x", "23505")));
        assertFalse(Failures.isTransient(new SQLException("x", "42P01")));
    }
}
