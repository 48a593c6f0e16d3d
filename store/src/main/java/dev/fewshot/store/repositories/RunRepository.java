package dev.fewshot.store.repositories;

import static dev.fewshot.store.repositories.NativeSql.nullable;

import dev.fewshot.contracts.RunStatus;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import org.hibernate.Session;

/** {@code runs}: one row per run request, its status (the trainer's work queue) and planned steps. */
@Singleton
public class RunRepository {
    /** One row of runs; {@code createdAt} as an ISO-8601 instant. */
    public record RunRow(String runId, String datasetId, String requestJson, String status, String reason,
                         Integer totalSteps, String createdAt) {
    }

    /** A run's status and plan, read under a row lock. */
    public record RunState(String status, Integer totalSteps) {
    }

    private final NativeSql sql;

    /** On the session of the current unit of work (Quarkus injects the transaction-scoped one). */
    @Inject
    public RunRepository(Session session) {
        this.sql = new NativeSql(session);
    }

    /** Inserts the run unless its id is known; true when this call created it. */
    public boolean insertIfAbsent(String runId, String datasetId, String requestJson, RunStatus status, String reason) {
        return sql.update("insert into runs (run_id, dataset_id, request, status, reason) values (?, ?, ?::jsonb, ?, ?)"
                + " on conflict (run_id) do nothing", runId, datasetId, requestJson, status.id(),
                nullable(reason, String.class)) == 1;
    }

    public Optional<RunRow> find(String runId) {
        return sql.first("select run_id, dataset_id, request::text, status, reason, total_steps, created_at"
                + " from runs where run_id = ?", r -> new RunRow(NativeSql.text(r[0]), NativeSql.text(r[1]),
                NativeSql.text(r[2]), NativeSql.text(r[3]), NativeSql.text(r[4]), NativeSql.integer(r[5]),
                NativeSql.instant(r[6])), runId);
    }

    /** Status and total steps, locking the row until the transaction ends (the evaluator completes a run once). */
    public Optional<RunState> lock(String runId) {
        return sql.first("select status, total_steps from runs where run_id = ? for update",
                r -> new RunState(NativeSql.text(r[0]), NativeSql.integer(r[1])), runId);
    }

    /** Moves a run from one status to another; false when it was no longer in {@code from}. */
    public boolean transition(String runId, RunStatus from, RunStatus to) {
        return sql.update("update runs set status = ?, updated_at = now() where run_id = ? and status = ?",
                to.id(), runId, from.id()) == 1;
    }

    /** Fails a run the trainer still owns (accepted, training); a run further on keeps its status. */
    public boolean failQueued(String runId, String reason) {
        return sql.update("update runs set status = ?, reason = ?, updated_at = now() where run_id = ? and status in "
                + RunStatus.sqlList(RunStatus.ACCEPTED, RunStatus.TRAINING), RunStatus.FAILED.id(),
                nullable(reason, String.class), runId) == 1;
    }

    /** Sets a final status; a completed or failed run is never changed again. */
    public void finish(String runId, RunStatus status, String reason) {
        sql.update("update runs set status = ?, reason = ?, updated_at = now() where run_id = ? and status not in "
                + RunStatus.sqlList(RunStatus.COMPLETED, RunStatus.FAILED), status.id(), nullable(reason, String.class),
                runId);
    }

    public void setTotalSteps(String runId, int total) {
        sql.update("update runs set total_steps = ?, updated_at = now() where run_id = ?", total, runId);
    }

    /** The OOD scores the run asked for, in its order (from the stored request). */
    public List<String> oodScores(String runId) {
        return sql.list("select jsonb_array_elements_text(request -> 'ood_scores') from runs where run_id = ?",
                r -> NativeSql.text(r[0]), runId);
    }

    /** The embedding model of the run's dataset, as the trainer recorded it; empty when not recorded. */
    public Optional<String> modelOf(String runId) {
        return sql.first("select d.model_id from runs r join datasets d on d.dataset_id = r.dataset_id"
                + " where r.run_id = ?", r -> NativeSql.text(r[0]), runId);
    }

    /**
     * Evaluated steps of a run (the {@code run_done_steps} view, V11: distinct head, K, seed with metrics, zero-shot
     * once since its rows repeat for every seed).
     */
    public int doneSteps(String runId) {
        return sql.first("select done_steps from run_done_steps where run_id = ?", r -> NativeSql.integer(r[0]), runId)
                .orElse(0);
    }
}
