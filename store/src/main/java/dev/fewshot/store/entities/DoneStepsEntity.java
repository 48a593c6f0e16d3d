package dev.fewshot.store.entities;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.hibernate.annotations.Immutable;

/** A row of the {@code run_done_steps} view (V11): the one definition of a run's evaluated steps. */
@Entity
@Immutable
@Table(name = "run_done_steps")
public class DoneStepsEntity extends PanacheEntityBase {
    @Id
    @Column(name = "run_id")
    public String runId;

    @Column(name = "done_steps")
    public long doneSteps;

    /** Evaluated steps per run id; runs with none are absent. */
    public static Map<String, Long> of(Collection<String> runIds) {
        Map<String, Long> done = new HashMap<>();
        if (!runIds.isEmpty()) {
            DoneStepsEntity.<DoneStepsEntity>list("runId in ?1", runIds).forEach(d -> done.put(d.runId, d.doneSteps));
        }
        return done;
    }
}
