package dev.fewshot.embedder.jobs;

import dev.fewshot.contracts.EmbedEvent;
import dev.fewshot.contracts.EmbedRequest;
import dev.fewshot.embedder.messaging.EmbedEventPublisher;
import dev.fewshot.embedder.persistence.EmbedRequestStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Counts a request's embedded and failed items. Every failed item is recorded (failed_items and an
 * item_failed event); progress goes to embed_requests and a progress event at most once per interval.
 */
final class Progress {
    private static final Logger LOG = Logger.getLogger(Progress.class);

    private final EmbedRequest request;
    private final EmbedRequestStore store;
    private final EmbedEventPublisher events;
    private final long intervalNanos;
    private final Counter embeddedCounter;
    private final Counter failedCounter;
    private long total;
    private long embedded;
    private long failed;
    private long lastReport = System.nanoTime();

    Progress(EmbedRequest request, EmbedRequestStore store, EmbedEventPublisher events, MeterRegistry registry,
             Duration interval) {
        this.request = request;
        this.store = store;
        this.events = events;
        this.intervalNanos = interval.toNanos();
        this.embeddedCounter = registry.counter("fewshot.embedder.images.embedded", "split", request.split());
        this.failedCounter = registry.counter("fewshot.embedder.images.failed", "split", request.split());
    }

    void total(long total) {
        this.total = total;
    }

    void embedded(int n) throws SQLException {
        embedded += n;
        embeddedCounter.increment(n);
        maybeReport();
    }

    void failed(String itemId, String reason) throws SQLException {
        failed++;
        failedCounter.increment();
        LOG.warnf("embed request %s: item %s failed: %s", request.requestId(), itemId, reason);
        store.failedItem(request.datasetId(), request.split(), itemId, reason);
        events.publish(EmbedEvent.itemFailed(request, itemId, reason, EmbedJobs.now()));
        maybeReport();
    }

    private void maybeReport() throws SQLException {
        long now = System.nanoTime();
        if (now - lastReport >= intervalNanos) {
            lastReport = now;
            store.progress(request.requestId(), total, embedded, failed);
            events.publish(EmbedEvent.of(request, EmbedEvent.Type.progress, embedded, failed, total, EmbedJobs.now()));
        }
    }

    long embedded() {
        return embedded;
    }

    long failed() {
        return failed;
    }

    long total() {
        return total;
    }
}
