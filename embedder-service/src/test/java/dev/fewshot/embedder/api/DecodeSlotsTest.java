package dev.fewshot.embedder.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** /classify's decode slots: a full set sheds the request after the wait; a freed slot serves the next one. */
class DecodeSlotsTest {

    @Test
    void aRequestThatFindsEverySlotTakenIsShedAfterTheWait() throws Exception {
        DecodeSlots slots = new DecodeSlots(1, Duration.ofMillis(100));
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> slots.run(() -> {
            inside.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "first";
        }));
        holder.start();
        assertTrue(inside.await(10, TimeUnit.SECONDS));
        long t0 = System.nanoTime();
        Optional<String> shed = slots.run(() -> "second");
        long waitedMs = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(shed.isEmpty(), "served while the only slot was taken");
        assertTrue(waitedMs >= 90, "gave up after " + waitedMs + " ms, before the configured wait");
        release.countDown();
        holder.join();
        assertEquals(Optional.of("third"), slots.run(() -> "third"));
    }

    @Test
    void aFailureGivesItsSlotBack() {
        DecodeSlots slots = new DecodeSlots(1, Duration.ZERO);
        try {
            slots.run(() -> {
                throw new IllegalStateException("decode failed");
            });
        } catch (IllegalStateException expected) {
            // the request's own error; the slot must be free again
        }
        assertEquals(Optional.of(1), slots.run(() -> 1));
    }
}
