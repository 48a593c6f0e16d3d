package dev.fewshot.trainer.persistence;

import dev.fewshot.contracts.RunEvent;
import dev.fewshot.service.persistence.RunEventEntity;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** run_events: the events a run has published, keyed so that each is recorded once. */
@ApplicationScoped
public class EventStore {
    @Inject
    AgroalDataSource ds;

    /** A standalone read (own session, autocommit). */
    @ActivateRequestContext
    public boolean exists(String runId, String eventKey) throws SQLException {
        return OrmReads.read("looking up event " + eventKey + " of run " + runId,
                () -> RunEventEntity.exists(runId, eventKey));
    }

    public void record(String eventKey, RunEvent e) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("insert into run_events (run_id, event_key, type, k, seed, head, "
                     + "reason, at) values (?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing")) {
            ps.setString(1, e.runId());
            ps.setString(2, eventKey);
            ps.setString(3, e.type().name());
            ps.setObject(4, e.k(), Types.INTEGER);
            ps.setObject(5, e.seed(), Types.BIGINT);
            ps.setString(6, e.head());
            ps.setString(7, e.reason());
            ps.setObject(8, OffsetDateTime.ofInstant(Instant.parse(e.at()), ZoneOffset.UTC));
            ps.executeUpdate();
        }
    }
}
