package dev.fewshot.trainer.runs;

import dev.fewshot.contracts.RunEvent;
import dev.fewshot.core.sweep.Sweep;
import dev.fewshot.trainer.messaging.RunEventPublisher;
import dev.fewshot.trainer.persistence.EventStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Publishes each run event once: an event is recorded in run_events only after the broker acked
 * it, and a recorded event is not published again. A crash in between publishes it twice at worst
 * (at-least-once), never zero times.
 */
@ApplicationScoped
public class EventLog {
    @Inject
    EventStore store;
    @Inject
    RunEventPublisher publisher;

    public static String headsTrainedKey(Sweep.Step step) {
        return RunEvent.Type.heads_trained + "/" + step.head().id() + "/" + step.k() + "/" + step.seed();
    }

    /** Publishes and records the event under {@code key} unless it was recorded before; true when sent now. */
    public boolean ensure(String key, RunEvent event) throws SQLException {
        if (store.exists(event.runId(), key)) {
            return false;
        }
        publisher.publish(event);
        store.record(key, event);
        return true;
    }

    public boolean accepted(String runId) throws SQLException {
        return ensure(RunEvent.Type.accepted.name(), RunEvent.of(runId, RunEvent.Type.accepted, now()));
    }

    public boolean failed(String runId, String reason) throws SQLException {
        return ensure(RunEvent.Type.failed.name(), RunEvent.failed(runId, reason, now()));
    }

    public boolean headsTrained(String runId, Sweep.Step step, int done, int total) throws SQLException {
        RunEvent e = new RunEvent(RunEvent.VERSION, runId, RunEvent.Type.heads_trained, step.k(), step.seed(),
                step.head().id(), null, done, total, now());
        return ensure(headsTrainedKey(step), e);
    }

    private static String now() {
        return Instant.now().toString();
    }
}
