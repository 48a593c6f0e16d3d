package dev.fewshot.cli.local;

import dev.fewshot.contracts.EmbedEvent;
import dev.fewshot.contracts.Topics;
import java.io.PrintStream;
import java.time.Duration;

/** Follows one embed request's events and prints progress and failed items until it completes or fails. */
public final class EmbedWatcher {
    private final String bootstrapServers;

    public EmbedWatcher(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** @return the final event (completed or failed) */
    public EmbedEvent await(String requestId, Duration timeout, PrintStream out) {
        return TopicFollower.follow(bootstrapServers, Topics.EMBED_EVENTS, requestId, timeout, EmbedEvent::parse,
                e -> e.type() == EmbedEvent.Type.completed || e.type() == EmbedEvent.Type.failed,
                (e, secs) -> print(e, secs, out), "embed request");
    }

    private static void print(EmbedEvent e, double secs, PrintStream out) {
        String counts = e.total() == null ? "" : String.format(" [%d/%d, %d failed]", e.done(), e.total(), e.failed());
        String item = e.itemId() == null ? "" : " " + e.itemId();
        String reason = e.reason() == null ? "" : ": " + e.reason();
        out.printf("[%6.1fs] %-11s %s/%s%s%s%s%n", secs, e.type(), e.datasetId(), e.split(), counts, item, reason);
    }
}
