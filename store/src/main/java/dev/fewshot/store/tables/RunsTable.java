package dev.fewshot.store.tables;

import dev.fewshot.contracts.RunStatus;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** {@code runs}: one row per run request, its status (the trainer's work queue) and planned steps. */
public final class RunsTable {
    /** One row of runs; {@code createdAt} as an ISO-8601 instant. */
    public record RunRow(String runId, String datasetId, String requestJson, String status, String reason,
                         Integer totalSteps, String createdAt) {
    }

    /** A run's status and plan, read under a row lock. */
    public record RunState(String status, Integer totalSteps) {
    }

    private RunsTable() {
    }

    /** Inserts the run unless its id is known; true when this call created it. */
    public static boolean insertIfAbsent(Connection c, String runId, String datasetId, String requestJson,
                                         RunStatus status, String reason) throws SQLException {
        return Sql.update(c, "insert into runs (run_id, dataset_id, request, status, reason) values (?, ?, ?::jsonb, ?, ?)"
                + " on conflict (run_id) do nothing", runId, datasetId, requestJson, status.id(), reason) == 1;
    }

    public static Optional<RunRow> find(Connection c, String runId) throws SQLException {
        return Sql.first(c, "select run_id, dataset_id, request::text, status, reason, total_steps, created_at"
                + " from runs where run_id = ?", rs -> {
                    java.sql.Timestamp created = rs.getTimestamp(7);
                    return new RunRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), Sql.nullableInt(rs, 6), created == null ? null : created.toInstant().toString());
                }, runId);
    }

    /** Status and total steps, locking the row until the transaction ends (the evaluator completes a run once). */
    public static Optional<RunState> lock(Connection c, String runId) throws SQLException {
        return Sql.first(c, "select status, total_steps from runs where run_id = ? for update",
                rs -> new RunState(rs.getString(1), Sql.nullableInt(rs, 2)), runId);
    }

    /** Moves a run from one status to another; false when it was no longer in {@code from}. */
    public static boolean transition(Connection c, String runId, RunStatus from, RunStatus to) throws SQLException {
        return Sql.update(c, "update runs set status = ?, updated_at = now() where run_id = ? and status = ?",
                to.id(), runId, from.id()) == 1;
    }

    /** Fails a run the trainer still owns (accepted, training); a run further on keeps its status. */
    public static boolean failQueued(Connection c, String runId, String reason) throws SQLException {
        return Sql.update(c, "update runs set status = ?, reason = ?, updated_at = now() where run_id = ? and status in "
                + RunStatus.sqlList(RunStatus.ACCEPTED, RunStatus.TRAINING), RunStatus.FAILED.id(), reason, runId) == 1;
    }

    /** Sets a final status; a completed or failed run is never changed again. */
    public static void finish(Connection c, String runId, RunStatus status, String reason) throws SQLException {
        Sql.update(c, "update runs set status = ?, reason = ?, updated_at = now() where run_id = ? and status not in "
                + RunStatus.sqlList(RunStatus.COMPLETED, RunStatus.FAILED), status.id(), reason, runId);
    }

    public static void setTotalSteps(Connection c, String runId, int total) throws SQLException {
        Sql.update(c, "update runs set total_steps = ?, updated_at = now() where run_id = ?", total, runId);
    }

    /** The OOD scores the run asked for, in its order (from the stored request). */
    public static List<String> oodScores(Connection c, String runId) throws SQLException {
        return Sql.list(c, "select jsonb_array_elements_text(request -> 'ood_scores') from runs where run_id = ?",
                rs -> rs.getString(1), runId);
    }

    /** The embedding model of the run's dataset, as the trainer recorded it; empty when not recorded. */
    public static Optional<String> modelOf(Connection c, String runId) throws SQLException {
        return Sql.first(c, "select d.model_id from runs r join datasets d on d.dataset_id = r.dataset_id"
                + " where r.run_id = ?", rs -> rs.getString(1), runId);
    }

    /**
     * Evaluated steps of a run (the {@code run_done_steps} view, V11: distinct head, K, seed with metrics, zero-shot
     * once since its rows repeat for every seed).
     */
    public static int doneSteps(Connection c, String runId) throws SQLException {
        return Sql.first(c, "select done_steps from run_done_steps where run_id = ?", rs -> rs.getInt(1), runId)
                .orElse(0);
    }
}
