package dev.fewshot.service.testing;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/** Polls a liveness probe every 250 ms while a test runs and counts the answers that were not 200. */
public final class LivenessWatcher implements AutoCloseable {
    private final AtomicInteger notLive = new AtomicInteger();
    private final AtomicBoolean watching = new AtomicBoolean(true);
    private final Thread thread;

    private LivenessWatcher(IntSupplier status) {
        thread = new Thread(() -> {
            while (watching.get()) {
                if (status.getAsInt() != 200) {
                    notLive.incrementAndGet();
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "liveness-watcher");
        thread.start();
    }

    /** @param status the HTTP status of one liveness request */
    public static LivenessWatcher start(IntSupplier status) {
        return new LivenessWatcher(status);
    }

    /** Probes that did not answer 200 so far. */
    public int notLive() {
        return notLive.get();
    }

    @Override
    public void close() throws InterruptedException {
        watching.set(false);
        thread.join();
    }
}
