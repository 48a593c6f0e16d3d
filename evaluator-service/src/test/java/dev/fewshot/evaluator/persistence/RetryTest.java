package dev.fewshot.evaluator.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

class RetryTest {
    private static final Logger LOG = Logger.getLogger(RetryTest.class);
    private static final Duration MS_10 = Duration.ofMillis(10);

    @Test
    void retriesConnectionFailuresUntilTheyPass() throws SQLException {
        AtomicInteger tries = new AtomicInteger();
        String result = Retry.run("test", MS_10, MS_10, Duration.ofSeconds(5), () -> {
            if (tries.incrementAndGet() < 3) {
                throw new SQLException("Connection refused", "08001");
            }
            return "ok";
        }, LOG);
        assertEquals("ok", result);
        assertEquals(3, tries.get());
    }

    @Test
    void doesNotRetryAConstraintViolation() {
        AtomicInteger tries = new AtomicInteger();
        SQLException bad = new SQLException("violates check constraint", "23514");
        SQLException thrown = assertThrows(SQLException.class, () -> Retry.run("test", MS_10, MS_10,
                Duration.ofSeconds(5), () -> {
                    tries.incrementAndGet();
                    throw bad;
                }, LOG));
        assertSame(bad, thrown);
        assertEquals(1, tries.get());
    }

    @Test
    void givesUpAfterTheTimeLimit() {
        AtomicInteger tries = new AtomicInteger();
        long t0 = System.nanoTime();
        DatabaseUnavailableException e = assertThrows(DatabaseUnavailableException.class, () -> Retry.run("test",
                MS_10, Duration.ofMillis(40), Duration.ofMillis(300), () -> {
                    tries.incrementAndGet();
                    throw new SQLException("the database system is shutting down", "57P03");
                }, LOG));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 300 && ms < 3000, "gave up after " + ms + " ms");
        assertTrue(tries.get() >= 3, "tried " + tries.get() + " times");
        assertTrue(e.getMessage().contains("still unavailable"), e.getMessage());
    }

    @Test
    void classifiesStates() {
        assertTrue(Retry.isTransient(new SQLException("pool timeout")));
        assertTrue(Retry.isTransient(new SQLException("x", "40001")));
        assertTrue(Retry.isTransient(new SQLException("x", "53300")));
        assertTrue(!Retry.isTransient(new SQLException("x", "23505")));
        assertTrue(!Retry.isTransient(new SQLException("x", "42P01")));
    }
}
