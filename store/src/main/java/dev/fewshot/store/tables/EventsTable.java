package dev.fewshot.store.tables;

import dev.fewshot.contracts.RunEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** {@code run_events}: the events a run has published, keyed so that each is recorded (and published) once. */
public final class EventsTable {
    private EventsTable() {
    }

    /**
     * Records an event under its key; its time is bound as an offset date-time (UTC), never through the JVM's zone.
     *
     * @return false if an event with that key was already recorded (so it must not be published again)
     */
    public static boolean record(Connection c, String eventKey, RunEvent e) throws SQLException {
        return Sql.update(c, "insert into run_events (run_id, event_key, type, k, seed, head, reason, at)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing", e.runId(), eventKey, e.type().name(),
                e.k(), e.seed(), e.head(), e.reason(), OffsetDateTime.ofInstant(Instant.parse(e.at()), ZoneOffset.UTC)) == 1;
    }

    public static boolean exists(Connection c, String runId, String eventKey) throws SQLException {
        return Sql.first(c, "select 1 from run_events where run_id = ? and event_key = ?", rs -> true, runId, eventKey)
                .isPresent();
    }
}
