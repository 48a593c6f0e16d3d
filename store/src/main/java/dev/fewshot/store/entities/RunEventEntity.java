package dev.fewshot.store.entities;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.panache.common.Sort;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.hibernate.annotations.Immutable;

/**
 * A row of {@code run_events}, read-only: the services record events through EventRepository ({@code on conflict do nothing},
 * deduplicated by event key). Shared by the trainer and the evaluator, which read the same table.
 */
@Entity
@Immutable
@Table(name = "run_events")
@IdClass(RunEventEntity.Key.class)
public class RunEventEntity extends PanacheEntityBase {
    @Id
    @Column(name = "run_id")
    public String runId;

    @Id
    @Column(name = "event_key")
    public String eventKey;

    @Column(name = "type")
    public String type;

    @Column(name = "k")
    public Integer k;

    @Column(name = "seed")
    public Long seed;

    @Column(name = "head")
    public String head;

    @Column(name = "reason")
    public String reason;

    /** Column {@code at}; named otherwise because AT is an HQL keyword. */
    @Column(name = "at")
    public Instant occurredAt;

    public static boolean exists(String runId, String eventKey) {
        return count("runId = ?1 and eventKey = ?2", runId, eventKey) > 0;
    }

    /** The events of a run in the order they happened (ties by event key). */
    public static List<RunEventEntity> ofRun(String runId) {
        return list("runId", Sort.by("occurredAt").and("eventKey"), runId);
    }

    /** The primary key (run_id, event_key). */
    public static class Key implements Serializable {
        public String runId;
        public String eventKey;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && Objects.equals(runId, other.runId)
                    && Objects.equals(eventKey, other.eventKey);
        }

        @Override
        public int hashCode() {
            return Objects.hash(runId, eventKey);
        }
    }
}
