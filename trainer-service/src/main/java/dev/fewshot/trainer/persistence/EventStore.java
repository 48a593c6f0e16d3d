package dev.fewshot.trainer.persistence;

import dev.fewshot.contracts.RunEvent;
import dev.fewshot.service.persistence.Db;
import dev.fewshot.store.entities.RunEventEntity;
import dev.fewshot.store.repositories.EventRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import java.sql.SQLException;

/** run_events: the events a run has published, keyed so that each is recorded once (store's {@link EventRepository}). */
@ApplicationScoped
public class EventStore {
    @Inject
    Db db;

    @Inject
    EventRepository events;

    /** A standalone read (own session, no transaction). */
    @ActivateRequestContext
    public boolean exists(String runId, String eventKey) throws SQLException {
        return OrmReads.read("looking up event " + eventKey + " of run " + runId,
                () -> RunEventEntity.exists(runId, eventKey));
    }

    public void record(String eventKey, RunEvent e) throws SQLException {
        db.transaction(() -> events.record(eventKey, e));
    }
}
