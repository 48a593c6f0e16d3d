package dev.fewshot.cli.local;

import dev.fewshot.contracts.RunEvent;
import dev.fewshot.contracts.Topics;
import java.io.PrintStream;
import java.time.Duration;

/** Follows one run's events on the event topic and prints its progress until it completes or fails. */
public final class RunWatcher {
    private final String bootstrapServers;

    public RunWatcher(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** @return the final event (completed or failed) */
    public RunEvent await(String runId, Duration timeout, PrintStream out) {
        return TopicFollower.follow(bootstrapServers, Topics.RUN_EVENTS, runId, timeout, RunEvent::parse,
                e -> e.type() == RunEvent.Type.completed || e.type() == RunEvent.Type.failed,
                (e, secs) -> print(e, secs, out), "run");
    }

    private static void print(RunEvent e, double secs, PrintStream out) {
        String where = e.head() == null ? "" : String.format(" %-10s K=%-2d seed=%d", e.head(), e.k(), e.seed());
        String progress = e.total() == null ? "" : String.format(" [%d/%d]", e.done(), e.total());
        String reason = e.reason() == null ? "" : ": " + e.reason();
        out.printf("[%6.1fs] %-13s%s%s%s%n", secs, e.type(), where, progress, reason);
    }
}
