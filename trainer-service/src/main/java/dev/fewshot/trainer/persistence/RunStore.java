package dev.fewshot.trainer.persistence;

import dev.fewshot.contracts.RunStatus;
import dev.fewshot.store.entities.RunEntity;
import dev.fewshot.service.persistence.Db;
import dev.fewshot.store.repositories.RunRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The trainer's view of the runs table, which doubles as its work queue (status accepted/training = to do): reads
 * through store's Panache entities, writes through store's {@link RunRepository}, one statement per unit of work.
 */
@ApplicationScoped
public class RunStore {
    /** One row of runs, as far as the trainer needs it. */
    public record RunRow(String runId, String datasetId, String requestJson, String status, String reason) {
    }

    @Inject
    Db db;

    @Inject
    RunRepository runs;

    /** Inserts the run unless its id is known; true when this call created it. */
    public boolean insertIfAbsent(String runId, String datasetId, String requestJson, RunStatus status, String reason)
            throws SQLException {
        return db.transaction(() -> runs.insertIfAbsent(runId, datasetId, requestJson, status, reason));
    }

    /** A standalone read (own session, no transaction), never inside a unit of work. */
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
    public boolean transition(String runId, RunStatus from, RunStatus to) throws SQLException {
        return db.transaction(() -> runs.transition(runId, from, to));
    }

    /** Fails a run the trainer still owns; a run already completed or failed keeps its status. */
    public boolean fail(String runId, String reason) throws SQLException {
        return db.transaction(() -> runs.failQueued(runId, reason));
    }

    public void setTotalSteps(String runId, int total) throws SQLException {
        db.transaction(() -> {
            runs.setTotalSteps(runId, total);
            return null;
        });
    }

    @ActivateRequestContext
    public Optional<String> status(String runId) throws SQLException {
        return find(runId).map(RunRow::status);
    }
}
