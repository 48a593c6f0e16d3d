package dev.fewshot.store.entities;

import dev.fewshot.contracts.RunStatus;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import org.hibernate.annotations.Immutable;

/**
 * A row of {@code runs}, read-only: every write goes through {@code store.repositories.RunRepository} (upserts, guarded
 * transitions). Shared by the trainer and the evaluator, which read the same table.
 */
@Entity
@Immutable
@Table(name = "runs")
public class RunEntity extends PanacheEntityBase {
    @Id
    @Column(name = "run_id")
    public String runId;

    @Column(name = "dataset_id")
    public String datasetId;

    /** The jsonb request as its text; the evaluator's API parses it into JSON. */
    @Column(name = "request", columnDefinition = "jsonb")
    public String request;

    @Column(name = "status")
    public String status;

    @Column(name = "reason")
    public String reason;

    @Column(name = "total_steps")
    public Integer totalSteps;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** Ids of the runs the trainer still owes work on (accepted/training), oldest first, ties by id. */
    public static List<String> unfinishedIds(int limit) {
        return getEntityManager()
                .createQuery("select r.runId from RunEntity r where r.status in "
                        + RunStatus.sqlList(RunStatus.ACCEPTED, RunStatus.TRAINING) + " "
                        + "order by r.createdAt, r.runId", String.class)
                .setMaxResults(limit)
                .getResultList();
    }

    /** The newest {@code limit} runs: created_at descending, then run id. */
    public static List<RunEntity> newestFirst(int limit) {
        return findAll(Sort.descending("createdAt").and("runId", Sort.Direction.Ascending))
                .page(Page.ofSize(limit)).list();
    }
}
