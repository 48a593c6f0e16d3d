package dev.fewshot.store.repositories;

import static dev.fewshot.store.repositories.NativeSql.nullable;

import dev.fewshot.contracts.RunEvent;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.hibernate.Session;

/** {@code run_events}: the events a run has published, keyed so that each is recorded (and published) once. */
@Singleton
public class EventRepository {
    private final NativeSql sql;

    /** On the session of the current unit of work (Quarkus injects the transaction-scoped one). */
    @Inject
    public EventRepository(Session session) {
        this.sql = new NativeSql(session);
    }

    /**
     * Records an event under its key; its time is bound as an offset date-time (UTC), never through the JVM's zone.
     *
     * @return false if an event with that key was already recorded (so it must not be published again)
     */
    public boolean record(String eventKey, RunEvent e) {
        return sql.update("insert into run_events (run_id, event_key, type, k, seed, head, reason, at)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing", e.runId(), eventKey, e.type().name(),
                nullable(e.k(), Integer.class), nullable(e.seed(), Long.class), nullable(e.head(), String.class),
                nullable(e.reason(), String.class),
                OffsetDateTime.ofInstant(Instant.parse(e.at()), ZoneOffset.UTC)) == 1;
    }

    public boolean exists(String runId, String eventKey) {
        return sql.first("select 1 from run_events where run_id = ? and event_key = ?", r -> true, runId, eventKey)
                .isPresent();
    }
}
