package dev.fewshot.store.entities;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.util.Collection;
import java.util.Map;
import org.hibernate.annotations.Immutable;

/** The key of a {@code metrics} row: one head × K × seed × OOD score of a run. Read-only (written and read whole through store.repositories.MetricRepository). */
@Entity
@Immutable
@Table(name = "metrics")
@IdClass(ResultKey.class)
public class MetricEntity extends PanacheEntityBase {
    @Id
    @Column(name = "run_id")
    public String runId;

    @Id
    @Column(name = "head")
    public String head;

    @Id
    @Column(name = "k")
    public Integer k;

    @Id
    @Column(name = "seed")
    public Long seed;

    @Id
    @Column(name = "ood_score")
    public String oodScore;

    /** Evaluated steps per run id (the run_done_steps view); runs with none are absent. */
    public static Map<String, Long> doneSteps(Collection<String> runIds) {
        return DoneStepsEntity.of(runIds);
    }
}
