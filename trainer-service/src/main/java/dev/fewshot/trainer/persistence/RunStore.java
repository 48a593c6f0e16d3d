package dev.fewshot.trainer.persistence;

import dev.fewshot.contracts.RunStatus;
import dev.fewshot.service.persistence.RunEntity;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** The runs table, which doubles as the trainer's work queue (status accepted/training = to do). */
@ApplicationScoped
public class RunStore {
    /** One row of runs, as far as the trainer needs it. */
    public record RunRow(String runId, String datasetId, String requestJson, String status, String reason) {
    }

    @Inject
    AgroalDataSource ds;

    /** Inserts the run unless its id is known; true when this call created it. */
    public boolean insertIfAbsent(String runId, String datasetId, String requestJson, String status, String reason)
            throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("insert into runs (run_id, dataset_id, request, status, reason) "
                     + "values (?, ?, ?::jsonb, ?, ?) on conflict (run_id) do nothing")) {
            ps.setString(1, runId);
            ps.setString(2, datasetId);
            ps.setString(3, requestJson);
            ps.setString(4, status);
            ps.setString(5, reason);
            return ps.executeUpdate() == 1;
        }
    }

    /** A standalone read (own session, autocommit), never inside a JDBC unit of work. */
    @ActivateRequestContext
    public Optional<RunRow> find(String runId) throws SQLException {
        return OrmReads.read("reading run " + runId, () -> Optional.ofNullable(RunEntity.<RunEntity>findById(runId))
                .map(r -> new RunRow(r.runId, r.datasetId, r.request, r.status, r.reason)));
    }

    /** Runs the trainer still owes work on, oldest first. */
    @ActivateRequestContext
    public List<String> unfinished(int limit) throws SQLException {
        return OrmReads.read("listing unfinished runs", () -> RunEntity.unfinishedIds(limit));
    }

    /** Moves a run from one status to another; false when it was no longer in {@code from}. */
    public boolean transition(String runId, String from, String to) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "update runs set status = ?, updated_at = now() where run_id = ? and status = ?")) {
            ps.setString(1, to);
            ps.setString(2, runId);
            ps.setString(3, from);
            return ps.executeUpdate() == 1;
        }
    }

    /** Fails a run the trainer still owns; a run already completed or failed keeps its status. */
    public boolean fail(String runId, String reason) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("update runs set status = '" + RunStatus.FAILED.id()
                     + "', reason = ?, updated_at = now() where run_id = ? and status in "
                     + RunStatus.sqlList(RunStatus.ACCEPTED, RunStatus.TRAINING))) {
            ps.setString(1, reason);
            ps.setString(2, runId);
            return ps.executeUpdate() == 1;
        }
    }

    public void setTotalSteps(String runId, int total) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "update runs set total_steps = ?, updated_at = now() where run_id = ?")) {
            ps.setInt(1, total);
            ps.setString(2, runId);
            ps.executeUpdate();
        }
    }

    @ActivateRequestContext
    public Optional<String> status(String runId) throws SQLException {
        return find(runId).map(RunRow::status);
    }
}
